import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brainFor } from '../modules/bot/index.ts';
import { getInbox, type InboxRow } from '../modules/inboxes/index.ts';
import { call, expectError, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { registerAgentAssistListeners, settleAgentAssist } from './agent-assist.ts';
import { receiveMessage } from './receive-message.ts';

const faqs = [
  {
    key: 'refund-time',
    'zh-CN': {
      question: '退款多久到账？',
      similar: ['退款什么时候到', '钱几天能退回来', '退款几天到账'],
      answer: '退款原路退回，银行卡 1–3 个工作日到账。',
    },
    en: {
      question: 'How long does a refund take?',
      similar: ['when will I get my money back', 'refund not received yet', 'how many days for a refund'],
      answer: 'Refunds go back to the original payment method within 1–3 business days.',
    },
  },
  {
    key: 'shipping-fee',
    'zh-CN': { question: '运费怎么算？', similar: ['包邮吗', '邮费多少', '满多少包邮'], answer: '实付满 99 元包邮，不满收 8 元运费。' },
    en: {
      question: 'How much is shipping?',
      similar: ['is shipping free', 'delivery fee', 'free shipping threshold'],
      answer: 'Free shipping over ¥99, otherwise ¥8.',
    },
  },
];

describe('agent assist', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let inbox: InboxRow;

  /** A customer writes in a new conversation; returns its id. */
  async function customerAsks(text: string, where: InboxRow = inbox): Promise<string> {
    const stored = await receiveMessage(kefu.ctx, where, {
      identity: { kind: 'app', value: `u-${uniqueTag()}` },
      message: { sourceId: null, content: text },
    });
    return stored.conversation.id;
  }

  /** A conversation where an agent answered the customer, then resolved it. */
  async function resolvedExchange(question: string, reply: string, where = { inbox, ws }): Promise<string> {
    const id = await customerAsks(question, where.inbox);
    expect((await call(kefu, 'POST', `/api/v1/conversations/${id}/messages`, where.ws.tokens.agent, { content: reply })).status).toBe(201);
    expect((await call(kefu, 'PATCH', `/api/v1/conversations/${id}`, where.ws.tokens.agent, { status: 'resolved' })).status).toBe(200);
    return id;
  }

  const suggestions = async (conversationId: string, text?: string, token = ws.tokens.agent) =>
    call(kefu, 'GET', `/api/v1/conversations/${conversationId}/suggestions${text === undefined ? '' : `?text=${encodeURIComponent(text)}`}`, token);

  async function apiInbox(shop: TestWorkspace): Promise<InboxRow> {
    const created = await call(kefu, 'POST', '/api/v1/inboxes', shop.tokens.admin, { channel: 'api', name: 'App' });
    return getInbox(kefu.ctx.db, shop.id, created.body.id);
  }

  beforeAll(async () => {
    kefu = await buildTestKefu();
    registerAgentAssistListeners(kefu.ctx);
    ws = await createTestWorkspace(kefu);
    inbox = await apiInbox(ws);
    for (const faq of faqs) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const res = await call(kefu, 'POST', '/api/v1/knowledge/faqs', ws.tokens.operator, { key: faq.key, locale, ...faq[locale] });
        expect(res.status, res.raw).toBe(201);
      }
    }
    await brainFor(kefu.ctx, ws.id);
  }, 60_000);
  afterAll(() => kefu.close());

  it('suggests the knowledge answer in the language the customer writes in', async () => {
    const zh = await suggestions(await customerAsks('请问我的退款几天能到账啊'));
    expect(zh.status, zh.raw).toBe(200);
    expect(zh.body.lang).toBe('zh');
    expect(zh.body.knowledge[0]).toMatchObject({ kind: 'faq', id: 'refund-time', question: '退款多久到账？', answer: faqs[0]!['zh-CN'].answer });
    expect(zh.body.knowledge.length).toBeLessThanOrEqual(3);

    const en = await suggestions(await customerAsks('Hi, how many days until my refund arrives?'));
    expect(en.body.lang).toBe('en');
    expect(en.body.knowledge[0]).toMatchObject({ id: 'refund-time', question: 'How long does a refund take?', answer: faqs[0]!.en.answer });
  });

  it('follows the text the customer is writing when the console passes it', async () => {
    const id = await customerAsks('退款多久到账');
    const res = await suggestions(id, '满多少包邮呀');
    expect(res.body.text).toBe('满多少包邮呀');
    expect(res.body.knowledge[0]).toMatchObject({ id: 'shipping-fee', answer: faqs[1]!['zh-CN'].answer });
  });

  it('finds what an agent answered in similar resolved conversations', async () => {
    const shop = await createTestWorkspace(kefu, 'Fresh Shop');
    const where = { ws: shop, inbox: await apiInbox(shop) };
    const invoice = await resolvedExchange('发票抬头开错了，能重新开吗？', '可以的，在订单详情点「换开发票」修改抬头即可，3 个工作日内开出。', where);
    await resolvedExchange('你们周末发货吗', '周末正常发货的。', where);
    const unanswered = await customerAsks('发票抬头开错了', where.inbox);
    expect((await call(kefu, 'PATCH', `/api/v1/conversations/${unanswered}`, shop.tokens.agent, { status: 'resolved' })).status).toBe(200);
    const open = await customerAsks('发票抬头开错了怎么办？', where.inbox);
    const found = await suggestions(open, undefined, shop.tokens.agent);
    expect(found.body.similar).toEqual([
      {
        conversationId: invoice,
        customerText: '发票抬头开错了，能重新开吗？',
        agentReply: '可以的，在订单详情点「换开发票」修改抬头即可，3 个工作日内开出。',
        score: expect.any(Number),
        resolvedAt: expect.any(String),
      },
    ]);
    // Unrelated questions bring no similar conversation.
    expect((await suggestions(open, '我想修改收货地址', shop.tokens.agent)).body.similar).toEqual([]);
  });

  it('adds conversations resolved after the index was built', async () => {
    await suggestions(await customerAsks('hello')); // the index is in memory from here on
    const warranty = await resolvedExchange(
      'How long is the warranty on the X3 headphones?',
      'The X3 headphones have a one-year warranty from the delivery date.',
    );
    await kefu.ctx.bus.drain();
    await settleAgentAssist(kefu.ctx);
    const open = await customerAsks('what warranty do the X3 headphones have');
    const later = await suggestions(open);
    expect(later.body.similar[0]).toMatchObject({
      conversationId: warranty,
      agentReply: 'The X3 headphones have a one-year warranty from the delivery date.',
    });
    // Its own earlier exchanges are not "similar conversations".
    expect((await suggestions(warranty)).body.similar.map((s: { conversationId: string }) => s.conversationId)).not.toContain(warranty);
  });

  it('is tenant-scoped and needs conversations.read', async () => {
    const id = await customerAsks('退款多久到账');
    const other = await createTestWorkspace(kefu, 'Other Shop');
    expectError(await suggestions(id, undefined, other.tokens.agent), 'not_found');
    expectError(await call(kefu, 'GET', `/api/v1/conversations/${id}/suggestions`), 'unauthenticated');
  });
});
