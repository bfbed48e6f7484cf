import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWidgetInbox, openSession, WidgetClient } from '../channels/widget/test-client.ts';
import { brainFor } from '../modules/bot/index.ts';
import { getInbox } from '../modules/inboxes/index.ts';
import { call } from '../test/factories.ts';
import { createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { startDemoBotWidget } from './demo-bot-kit.ts';
import { installDemoArticles } from './seed-demo.ts';
import { receiveMessage } from './receive-message.ts';

/** Questions only the demo articles answer (no FAQ item does), asked through the widget as a customer would. */
describe('the bot answers from articles', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let baseUrl: string;
  let inboxId: string;
  let n = 0;

  beforeAll(async () => {
    ({ kefu, ws, baseUrl, inboxId } = await startDemoBotWidget());
    await installDemoArticles(kefu.ctx, ws.id);
    await brainFor(kefu.ctx, ws.id);
  }, 60_000);
  afterAll(() => kefu.close());

  /** Sends one message as a new visitor and returns the bot's replies, joined. */
  async function ask(text: string, inbox = inboxId): Promise<string> {
    const session = (await openSession(kefu, inbox)).body;
    const client = await WidgetClient.open(baseUrl, inbox, session.visitorToken);
    await client.hello();
    const isBot = (f: { type: string; message?: unknown }) => f.type === 'message' && (f.message as { sender: string }).sender === 'bot';
    await client.say(text, `msg-${String(++n).padStart(6, '0')}`);
    const lines = [((await client.next(isBot)).message as { content: string }).content];
    for (;;) {
      const more = await client.next(isBot, 300).catch(() => null);
      if (!more) break;
      lines.push((more.message as { content: string }).content);
    }
    await client.close();
    return lines.join('\n');
  }

  const section = (slug: string, heading: string, workspace = ws) => `/help/${workspace.slug}/articles/${slug}#${encodeURIComponent(heading)}`;

  it.each([
    ['充电盒指示灯红色闪烁是什么意思', /红色快速闪烁：充电异常/, 'x3-manual', '充电时'],
    ['退回去的商品验货不通过会怎么处理', /原样寄回/, 'return-policy', '验货不通过怎么办'],
    ['What does a blinking red light on the charging case mean?', /Fast blinking red: charging problem/, 'x3-manual', 'while-charging'],
    ['What happens if my return fails inspection?', /sent back to you as it is/, 'return-policy', 'if-a-return-fails-inspection'],
  ])('%s → the passage and a link to its section', async (question, quote, slug, anchor) => {
    const reply = await ask(question);
    expect(reply).toMatch(quote);
    expect(reply).toContain(section(slug, anchor));
  });

  it('offers agents the passage with its link in agent assist', async () => {
    const created = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: 'App' });
    const inbox = await getInbox(kefu.ctx.db, ws.id, created.body.id);
    const stored = await receiveMessage(kefu.ctx, inbox, {
      identity: { kind: 'app', value: 'assist-customer' },
      message: { sourceId: null, content: 'Can I wash the ear tips with water?' },
    });
    const res = await call(kefu, 'GET', `/api/v1/conversations/${stored.conversation.id}/suggestions`, ws.tokens.agent);
    const passage = res.body.knowledge.find((k: { kind: string }) => k.kind === 'passage');
    expect(passage).toMatchObject({
      question: 'X3 wireless earphones user manual › Cleaning and care',
      url: section('x3-manual', 'cleaning-and-care'),
    });
    expect(passage.answer).toMatch(/rinsed with clean water[\s\S]*\/help\//);
  });

  it('keeps answering frequent questions from the FAQ, and unrelated ones as before', async () => {
    const faq = await ask('退货的运费是谁出啊');
    expect(faq).toMatch(/运费|12/);
    expect(faq).not.toContain('/help/');
    expect(await ask('我想买个冰箱')).not.toContain('/help/');
  });

  it('retrains when an article changes: a new article answers, an archived one no longer does', async () => {
    // A workspace of its own with no FAQ items or intents, so each retrain takes a moment.
    const shop = await createTestWorkspace(kefu, 'Strap Shop');
    const inbox = await createWidgetInbox(kefu, shop.tokens.admin);
    await call(kefu, 'PATCH', `/api/v1/inboxes/${inbox}`, shop.tokens.admin, { botEnabled: true });
    const question = 'How should I store the S20 watch strap in winter?';
    expect(await ask(question, inbox)).not.toContain('/help/');
    const created = await call(kefu, 'POST', '/api/v1/knowledge/articles', shop.tokens.operator, {
      locale: 'en',
      title: 'S20 strap care',
      status: 'published',
      body: '## Winter storage\n\nIn winter, store the S20 watch strap flat in its box at room temperature, away from heaters.',
    });
    expect(created.status).toBe(201);
    const answer = await eventually(async () => {
      const reply = await ask(question, inbox);
      return reply.includes('/help/') ? reply : undefined;
    });
    expect(answer).toMatch(/store the S20 watch strap flat/);
    expect(answer).toContain(section('s20-strap-care', 'winter-storage', shop));
    await call(kefu, 'PATCH', `/api/v1/knowledge/articles/${created.body.id}`, shop.tokens.operator, { status: 'archived' });
    const gone = await eventually(async () => (!(await ask(question, inbox)).includes('/help/') ? 'gone' : undefined));
    expect(gone).toBe('gone');
  }, 60_000);
});

async function eventually<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
  for (let i = 0; i < 40; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}
