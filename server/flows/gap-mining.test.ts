import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWidgetInbox, openSession, WidgetClient } from '../channels/widget/test-client.ts';
import { brainFor } from '../modules/bot/index.ts';
import { mineGapsJob } from '../modules/gaps/index.ts';
import { auditEvents, call, expectError, sql } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../test/harness.ts';

/** A small shop's knowledge base: nothing about visiting the warehouse or bringing dogs. */
const shopFaqs = [
  { locale: 'zh-CN', question: '退货要多久？', similar: ['退货多久处理完', '退货几天能好'], answer: '退货寄回后 3 天内处理完成。' },
  { locale: 'zh-CN', question: '运费怎么算？', similar: ['运费多少', '包邮吗'], answer: '订单满 99 元包邮。' },
  {
    locale: 'en',
    question: 'How long does a refund take?',
    similar: ['when do I get my refund'],
    answer: 'Refunds arrive within 1-3 business days.',
  },
];

/**
 * Gap mining end to end: customers ask the bot something it cannot
 * answer, agents answer them, mining suggests one FAQ item with the agents'
 * answer as its draft, and once an editor accepts it the bot answers the
 * next customer who asks.
 */
describe('knowledge gaps mined from the bot’s conversations', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let baseUrl: string;
  let inboxId: string;
  let n = 0;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other Shop');
    baseUrl = await listenTestKefu(kefu);
    inboxId = await createWidgetInbox(kefu, ws.tokens.admin);
    expect((await call(kefu, 'PATCH', `/api/v1/inboxes/${inboxId}`, ws.tokens.admin, { botEnabled: true })).status).toBe(200);
    for (const faq of shopFaqs) expect((await call(kefu, 'POST', '/api/v1/knowledge/faqs', ws.tokens.operator, faq)).status).toBe(201);
    await brainFor(kefu.ctx, ws.id);
  }, 120_000);
  afterAll(() => kefu.close());

  const isBot = (f: { type: string; message?: unknown }) => f.type === 'message' && (f.message as { sender: string }).sender === 'bot';

  /** A visitor asks one question and waits for the bot's (first) reply; returns the reply and the conversation. */
  async function ask(text: string): Promise<{ reply: string; conversationId: string; client: WidgetClient }> {
    const session = (await openSession(kefu, inboxId)).body;
    const client = await WidgetClient.open(baseUrl, inboxId, session.visitorToken);
    await client.hello();
    await client.say(text, `gap-${String(++n).padStart(6, '0')}`);
    const reply = ((await client.next(isBot)).message as { content: string }).content;
    const [row] = await sql<{ conversation_id: string }>(kefu, 'select conversation_id from messages where workspace_id = $1 and content = $2', [
      ws.id,
      text,
    ]);
    return { reply, conversationId: row!.conversation_id, client };
  }

  /** The customer asks for a person; an agent greets, then answers. */
  async function agentAnswers(client: WidgetClient, conversationId: string, answer: string): Promise<void> {
    await client.say('转人工', `gap-${String(++n).padStart(6, '0')}`);
    await client.next(isBot);
    for (let i = 0; i < 100; i++) {
      const [row] = await sql<{ status: string }>(kefu, 'select status from conversations where workspace_id = $1 and id = $2', [
        ws.id,
        conversationId,
      ]);
      if (row?.status === 'open') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const content of ['您好，请稍等', answer]) {
      expect((await call(kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, ws.tokens.agent, { content })).status).toBe(201);
    }
  }

  const visitQuestions = ['你们的仓库可以预约参观吗', '能去你们仓库参观一下吗', '仓库参观需要预约吗？'];
  const visitAnswer = '仓库参观需要提前3天预约，请发邮件到 visit@shop.example 或致电 13812345678 预约。';

  it('suggests one FAQ item per thing several customers asked, drafted from the agents’ answer', async () => {
    for (const question of visitQuestions) {
      const { conversationId, client } = await ask(question);
      await agentAnswers(client, conversationId, visitAnswer);
      await client.close();
    }
    for (const question of ['Can I bring my dog to your warehouse?', 'are dogs allowed in the warehouse']) (await ask(question)).client.close();
    (await ask('你们公司年会在哪里开')).client.close(); // asked once: not a suggestion yet

    expectError(await call(kefu, 'POST', '/api/v1/knowledge/gaps/mine', ws.tokens.agent, {}), 'forbidden');
    const mined = await call(kefu, 'POST', '/api/v1/knowledge/gaps/mine', ws.tokens.operator, {});
    expect(mined.status, mined.raw).toBe(200);
    expect(mined.body).toMatchObject({ created: 2, updated: 0 });

    const listed = await call(kefu, 'GET', '/api/v1/knowledge/gaps', ws.tokens.agent);
    expect(listed.body.items.map((s: { locale: string; count: number }) => [s.locale, s.count])).toEqual([
      ['zh-CN', 3],
      ['en', 2],
    ]);
    const [visit] = listed.body.items;
    expect([visit.question, ...visit.similar].sort()).toEqual([...visitQuestions].sort());
    expect(visit.examples).toHaveLength(3);
    expect(visit.examples[0]).toEqual({ question: expect.any(String), conversationId: expect.stringMatching(/^conv_/), askedAt: expect.any(String) });
    expect(visit.draftAnswer).toBe('仓库参观需要提前3天预约，请发邮件到 ***@shop.example 或致电 138****5678 预约。');
    expect(visit.signals).toMatchObject({ handoff: 3 });

    const again = await call(kefu, 'POST', '/api/v1/knowledge/gaps/mine', ws.tokens.operator, {});
    expect(again.body).toMatchObject({ created: 0, updated: 2, removed: 0 });
    expect((await call(kefu, 'GET', '/api/v1/knowledge/gaps', ws.tokens.agent)).body.items.map((s: { id: string }) => s.id)).toEqual(
      listed.body.items.map((s: { id: string }) => s.id),
    );
  }, 120_000);

  it('answers the next customer once an editor accepts the suggestion, and does not suggest it again', async () => {
    const [visit, dogs] = (await call(kefu, 'GET', '/api/v1/knowledge/gaps', ws.tokens.operator)).body.items;
    expectError(await call(kefu, 'POST', `/api/v1/knowledge/gaps/${visit.id}/accept`, ws.tokens.agent, {}), 'forbidden');
    const before = await brainFor(kefu.ctx, ws.id);
    const answer = '仓库参观需要提前 3 天在“联系我们”页面预约，每周六开放。';
    const accepted = await call(kefu, 'POST', `/api/v1/knowledge/gaps/${visit.id}/accept`, ws.tokens.operator, { answer });
    expect(accepted.status, accepted.raw).toBe(200);
    expect(accepted.body.suggestion).toMatchObject({ status: 'accepted', faqId: accepted.body.faq.id, draftAnswer: answer });
    expectError(await call(kefu, 'POST', `/api/v1/knowledge/gaps/${visit.id}/reject`, ws.tokens.operator), 'gap_suggestion_decided');
    const faq = await call(kefu, 'GET', `/api/v1/knowledge/faqs/${accepted.body.faq.id}`, ws.tokens.agent);
    expect(faq.body).toMatchObject({ question: visit.question, similar: visit.similar, answer, status: 'published' });

    let after = before;
    for (let i = 0; i < 200 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await brainFor(kefu.ctx, ws.id);
    }
    const next = await ask('请问仓库能参观吗');
    expect(next.reply).toContain('每周六开放');
    await next.client.close();

    const rejected = await call(kefu, 'POST', `/api/v1/knowledge/gaps/${dogs.id}/reject`, ws.tokens.operator);
    expect(rejected.body).toMatchObject({ status: 'rejected', decidedBy: ws.users.operator.id });
    const mined = await call(kefu, 'POST', '/api/v1/knowledge/gaps/mine', ws.tokens.operator, {});
    expect(mined.body).toMatchObject({ created: 0, updated: 0 });
    expect((await call(kefu, 'GET', '/api/v1/knowledge/gaps', ws.tokens.operator)).body.items).toEqual([]);
    const decided = await call(kefu, 'GET', '/api/v1/knowledge/gaps?status=accepted', ws.tokens.operator);
    expect(decided.body.items.map((s: { id: string }) => s.id)).toEqual([visit.id]);
    const audit = (await auditEvents(kefu, ws.tokens.admin)).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['gap_suggestion.accepted', 'gap_suggestion.rejected', 'faq.created']));
  }, 120_000);

  it('keeps each workspace’s suggestions to itself', async () => {
    const [accepted] = (await call(kefu, 'GET', '/api/v1/knowledge/gaps?status=accepted', ws.tokens.operator)).body.items;
    expect((await call(kefu, 'GET', '/api/v1/knowledge/gaps?status=accepted', other.tokens.operator)).body.items).toEqual([]);
    expectError(await call(kefu, 'GET', `/api/v1/knowledge/gaps/${accepted.id}`, other.tokens.operator), 'not_found');
    expectError(await call(kefu, 'POST', `/api/v1/knowledge/gaps/${accepted.id}/reject`, other.tokens.operator), 'not_found');
    expect((await call(kefu, 'POST', '/api/v1/knowledge/gaps/mine', other.tokens.operator, {})).body).toMatchObject({ questions: 0, created: 0 });
    // The hourly run, each workspace on its own; limited to these two, as other test files' workspaces share the database.
    await mineGapsJob.run(kefu.ctx, { workspaceIds: [ws.id, other.id] });
    expect((await call(kefu, 'GET', '/api/v1/knowledge/gaps?status=accepted', ws.tokens.operator)).body.items).toEqual([accepted]);
    expect((await call(kefu, 'GET', '/api/v1/knowledge/gaps?status=accepted', other.tokens.operator)).body.items).toEqual([]);
  });
});
