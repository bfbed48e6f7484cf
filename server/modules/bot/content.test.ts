import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, expectError } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { brainFor } from './brains.ts';

const flow = {
  title: { 'zh-CN': '预约', en: 'Booking' },
  intents: ['book_visit'],
  slots: [{ name: 'date', type: 'entity', entity: 'date', prompt: { 'zh-CN': '哪天？', en: 'Which day?' } }],
  actions: [{ type: 'create_request', kind: 'visit' }],
  done: { 'zh-CN': '已预约 {date}，单号 {request_number}', en: 'Booked for {date}: {request_number}' },
  cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
};

describe('what the bot is trained on', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
  });
  afterAll(() => kefu.close());

  it('keeps intents, flows and the dictionary, validates them, and audits every change', async () => {
    const intent = await call(kefu, 'POST', '/api/v1/bot/intents', ws.tokens.operator, {
      name: 'book_visit',
      examples: { 'zh-CN': ['我想预约上门', '约个时间来修'], en: ['book a visit', 'can someone come over'] },
      action: 'flow',
    });
    expect(intent.status, intent.raw).toBe(201);
    expectError(await call(kefu, 'POST', '/api/v1/bot/intents', ws.tokens.operator, { name: 'book_visit', examples: { en: ['again'] } }), 'conflict');
    expectError(
      await call(kefu, 'POST', '/api/v1/bot/intents', ws.tokens.operator, { name: 'Bad Name', examples: { en: ['x'] } }),
      'validation_failed',
    );
    expectError(await call(kefu, 'POST', '/api/v1/bot/intents', ws.tokens.agent, { name: 'nope', examples: { en: ['x'] } }), 'forbidden');

    const unknownIntent = await call(kefu, 'PUT', '/api/v1/bot/flows/visit', ws.tokens.operator, { ...flow, intents: ['no_such_intent'] });
    expectError(unknownIntent, 'validation_failed');
    const webhook = await call(kefu, 'PUT', '/api/v1/bot/flows/visit', ws.tokens.operator, {
      ...flow,
      actions: [{ type: 'webhook', url: 'ftp://shop.example/hook' }],
    });
    expectError(webhook, 'validation_failed');
    const saved = await call(kefu, 'PUT', '/api/v1/bot/flows/visit', ws.tokens.operator, flow);
    expect(saved.status, saved.raw).toBe(200);
    const listed = await call(kefu, 'GET', '/api/v1/bot/flows', ws.tokens.agent);
    expect(listed.body.items.map((f: { name: string }) => f.name)).toEqual(['visit']);

    const dict = await call(kefu, 'PUT', '/api/v1/bot/dictionary', ws.tokens.operator, {
      words: [{ word: 'Ｘ3耳机', type: 'product' }, { word: 'x3耳机' }, { word: '上门维修' }],
    });
    expect(dict.body.count).toBe(2); // full-width Ｘ3 and x3 are one word
    const audit = (await auditEvents(kefu, ws.tokens.admin)).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['intent.created', 'flow.saved', 'dictionary.replaced']));
  });

  it('answers from a FAQ item soon after it is added (retrained in the background)', async () => {
    const question = '你们的仓库在哪里发货';
    const before = await brainFor(kefu.ctx, ws.id);
    expect(before.understand(question).faq ?? []).toEqual([]);
    const created = await call(kefu, 'POST', '/api/v1/knowledge/faqs', ws.tokens.operator, {
      locale: 'zh-CN',
      question: '从哪个仓库发货？',
      similar: ['仓库在哪', '在哪里发货', '发货地是哪里'],
      answer: '上海、北京、广州、成都四个仓库就近发货。',
    });
    expect(created.status, created.raw).toBe(201);
    let after = before;
    for (let i = 0; i < 200 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await brainFor(kefu.ctx, ws.id);
    }
    expect(after).not.toBe(before);
    expect(after.understand(question).faq?.[0]?.faqId).toBe(created.body.key);
    expect(after.knowledge('zh-CN').faqAnswer(created.body.key)?.answer).toContain('四个仓库');

    const archived = await call(kefu, 'PATCH', `/api/v1/knowledge/faqs/${created.body.id}`, ws.tokens.operator, { status: 'archived' });
    expect(archived.body.status).toBe('archived');
    expectError(await call(kefu, 'PATCH', `/api/v1/knowledge/faqs/${created.body.id}`, ws.tokens.agent, { status: 'published' }), 'forbidden');
    expect((await call(kefu, 'DELETE', `/api/v1/knowledge/faqs/${created.body.id}`, ws.tokens.operator)).status).toBe(204);
    expectError(await call(kefu, 'GET', `/api/v1/knowledge/faqs/${created.body.id}`, ws.tokens.agent), 'not_found');
  });
});
