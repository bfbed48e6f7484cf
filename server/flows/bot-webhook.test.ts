import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../channels/shared-webhooks/test-kit.ts';
import { createWidgetInbox, openSession, WidgetClient } from '../channels/widget/test-client.ts';
import { brainFor } from '../modules/bot/index.ts';
import { call } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { installDemoBot } from './seed-demo.ts';

/** A business's system hears of a confirmed return request from the bot, signed, with its number. */
describe('a flow with a webhook, through the widget', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let baseUrl: string;
  let inboxId: string;

  beforeAll(async () => {
    kefu = await buildTestKefu({ KEFU_WEBHOOK_ALLOW_PRIVATE: '1' });
    ws = await createTestWorkspace(kefu);
    receiver = await startReceiver();
    baseUrl = await listenTestKefu(kefu);
    inboxId = await createWidgetInbox(kefu, ws.tokens.admin);
    expect((await call(kefu, 'PATCH', `/api/v1/inboxes/${inboxId}`, ws.tokens.admin, { botEnabled: true })).status).toBe(200);
    await installDemoBot(kefu.ctx, ws.id);
    const flows = await call(kefu, 'GET', '/api/v1/bot/flows', ws.tokens.operator);
    const returns = (flows.body.items as { name: string; definition: { actions: unknown[] } }[]).find((f) => f.name === 'return_request');
    expect(returns).toBeDefined();
    const definition = { ...returns!.definition, actions: [...returns!.definition.actions, { type: 'webhook', url: receiver.url }] };
    const saved = await call(kefu, 'PUT', '/api/v1/bot/flows/return_request', ws.tokens.operator, definition);
    expect(saved.status, saved.raw).toBe(200);
    await brainFor(kefu.ctx, ws.id);
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await kefu?.close();
  });

  it('posts the confirmed slots and the request number to the business, once', async () => {
    // The flow edit retrains the bot in the background: wait until it knows the webhook.
    for (let i = 0; i < 100 && !(await brainFor(kefu.ctx, ws.id)).flowNamed('return_request')?.actions.some((a) => a.type === 'webhook'); i++)
      await new Promise((r) => setTimeout(r, 100));
    const session = (await openSession(kefu, inboxId)).body;
    const client = await WidgetClient.open(baseUrl, inboxId, session.visitorToken);
    await client.hello();
    const isBot = (f: { type: string; message?: unknown }) => f.type === 'message' && (f.message as { sender: string }).sender === 'bot';
    let n = 0;
    const ask = async (text: string) => {
      await client.say(text, `hook-msg-${String(++n).padStart(4, '0')}`);
      return ((await client.next(isBot)).message as { content: string }).content;
    };
    expect(await ask('我要退货')).toMatch(/订单号/);
    expect(await ask('DS2026112000123')).toMatch(/原因/);
    await ask('1');
    expect(await ask('跳过')).toContain('DS2026112000123');
    const done = await ask('确认');
    const number = /R-\d{4}-\d{6}/.exec(done)?.[0];
    expect(number, done).toBeDefined();
    for (let i = 0; i < 100 && receiver.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(receiver.requests).toHaveLength(1);
    const body = JSON.parse(receiver.requests[0]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      event: 'flow.completed',
      flow: 'return_request',
      request_number: number,
      slots: { order_number: 'DS2026112000123' },
    });
    expect(receiver.requests[0]!.headers['x-kefu-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    await client.close();
  });
});
