import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startReceiver } from '../../channels/shared-webhooks/test-kit.ts';
import type { AppContext } from '../../context.ts';
import { createInlineJobs, createJobRunner, type JobRunner } from '../../jobs/queue.ts';
import { newId } from '../../lib/ids.ts';
import { auditEvents, call, expectError, sql } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { deliverFlowWebhook, enqueueFlowWebhooks, flowWebhookJob, flowWebhookSweepJob, MAX_WEBHOOK_ATTEMPTS } from './flow-webhooks.ts';
import type { SlotValue } from './slot-values.ts';
import { isPrivateAddress } from './webhook-post.ts';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** docs/bot.md's receiver check, copied as an integrator would, independently of the code under test. */
function verify(rawBody: string, headers: IncomingHttpHeaders, secret: string): boolean {
  const ts = String(headers['x-kefu-timestamp'] ?? '');
  const given = Buffer.from(String(headers['x-kefu-signature'] ?? ''));
  const expected = Buffer.from('sha256=' + createHmac('sha256', secret).update(`${ts}.${rawBody}`).digest('hex'));
  return Math.abs(Date.now() / 1000 - Number(ts)) <= 300 && given.length === expected.length && timingSafeEqual(given, expected);
}

const completed = (url: string, slots: Record<string, SlotValue> = { order_number: 'DS2026112000123', reason: 'quality' }) => ({
  conversationId: newId('conversation'),
  messageId: newId('message'),
  actions: [
    { type: 'create_request' as const, kind: 'return_request', flow: 'return_request', slots },
    { type: 'webhook' as const, url, payload: { flow: 'return_request', locale: 'en' as const, slots } },
  ],
});

const flowBody = (url: string) => ({
  title: { 'zh-CN': '退货', en: 'Return' },
  intents: ['return_goods'],
  slots: [{ name: 'order_number', type: 'entity', entity: 'order_number', prompt: { 'zh-CN': '订单号？', en: 'Order number?' } }],
  actions: [
    { type: 'create_request', kind: 'return_request' },
    { type: 'webhook', url },
  ],
  done: { 'zh-CN': '已提交 {request_number}', en: 'Submitted: {request_number}' },
  cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
});

async function deliveries(kefu: TestKefu, token: string, query = '') {
  const res = await call(kefu, 'GET', `/api/v1/bot/webhook-deliveries${query}`, token);
  expect(res.status, res.raw).toBe(200);
  return res.body as {
    items: { id: string; status: string; attempts: number; lastError: string | null; responseStatus: number | null }[];
    nextCursor: string | null;
  };
}

describe('flow webhooks', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let receiver: Receiver;
  /** The app's context with a job queue that runs flow webhooks in-process. */
  let ctx: AppContext & { jobs: ReturnType<typeof createInlineJobs> };

  beforeAll(async () => {
    kefu = await buildTestKefu({ KEFU_WEBHOOK_ALLOW_PRIVATE: '1' });
    ws = await createTestWorkspace(kefu);
    receiver = await startReceiver();
    const jobs = createInlineJobs(() => ctx, [flowWebhookJob]);
    ctx = { ...kefu.ctx, jobs };
    const intent = await call(kefu, 'POST', '/api/v1/bot/intents', ws.tokens.operator, { name: 'return_goods', examples: { en: ['return it'] } });
    expect(intent.status, intent.raw).toBe(201);
  });
  afterAll(async () => {
    await receiver?.close();
    await kefu?.close();
  });

  it('saves a flow with a webhook, makes an audited signing secret only its managers can read, and refuses non-http URLs', async () => {
    const saved = await call(kefu, 'PUT', '/api/v1/bot/flows/return_goods', ws.tokens.operator, flowBody(receiver.url));
    expect(saved.status, saved.raw).toBe(200);
    expect(saved.body.definition.actions[1]).toEqual({ type: 'webhook', url: receiver.url });

    const ftp = expectError(
      await call(kefu, 'PUT', '/api/v1/bot/flows/return_goods', ws.tokens.operator, flowBody('ftp://shop.example/in')),
      'validation_failed',
    );
    expect(ftp.error.details).toEqual([expect.objectContaining({ path: ['actions', 1, 'url'], message: expect.stringContaining('http or https') })]);

    const secret = await call(kefu, 'GET', '/api/v1/bot/webhook-secret', ws.tokens.operator);
    expect(secret.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect((await call(kefu, 'GET', '/api/v1/bot/webhook-secret', ws.tokens.admin)).body.secret).toBe(secret.body.secret);
    expectError(await call(kefu, 'GET', '/api/v1/bot/webhook-secret', ws.tokens.agent), 'forbidden');
    expectError(await call(kefu, 'POST', '/api/v1/bot/webhook-secret/rotate', ws.tokens.agent), 'forbidden');
    const audit = await auditEvents(kefu, ws.tokens.admin);
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['flow.saved', 'webhook_secret.created']));
    expect(JSON.stringify(audit)).not.toContain(secret.body.secret);
  });

  it('POSTs flow.completed once, signed with the workspace secret, even when the message is handled twice', async () => {
    receiver.requests.length = 0;
    receiver.answerWith(() => ({ status: 200, body: { ok: true } }));
    const turn = completed(receiver.url);
    const [created] = await enqueueFlowWebhooks(ctx, { workspaceId: ws.id, requestNumber: 'R-2026-000042', ...turn });
    await ctx.jobs.drain();
    expect(await enqueueFlowWebhooks(ctx, { workspaceId: ws.id, requestNumber: 'R-2026-000042', ...turn })).toEqual([]);
    await ctx.jobs.drain();

    expect(receiver.requests).toHaveLength(1);
    const [hook] = receiver.requests;
    const { secret } = (await call(kefu, 'GET', '/api/v1/bot/webhook-secret', ws.tokens.operator)).body;
    expect(verify(hook!.body, hook!.headers, secret)).toBe(true);
    expect(verify(hook!.body, hook!.headers, 'whsec_not-the-secret')).toBe(false);
    expect(hook!.headers['x-kefu-delivery']).toBe(created!.id);
    expect(hook!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(hook!.body)).toEqual({
      event: 'flow.completed',
      flow: 'return_request',
      locale: 'en',
      slots: { order_number: 'DS2026112000123', reason: 'quality' },
      request_number: 'R-2026-000042',
      conversation_id: turn.conversationId,
      message_id: turn.messageId,
      workspace_id: ws.id,
      delivery_id: created!.id,
      sent_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const listed = (await deliveries(kefu, ws.tokens.agent, `?conversationId=${turn.conversationId}`)).items;
    expect(listed).toEqual([expect.objectContaining({ id: created!.id, status: 'delivered', attempts: 1, responseStatus: 200, lastError: null })]);
  });

  it('signs with the new secret after a rotation, and audits it', async () => {
    receiver.requests.length = 0;
    const rotated = await call(kefu, 'POST', '/api/v1/bot/webhook-secret/rotate', ws.tokens.operator);
    expect(rotated.status, rotated.raw).toBe(200);
    await enqueueFlowWebhooks(ctx, { workspaceId: ws.id, ...completed(receiver.url) });
    await ctx.jobs.drain();
    expect(receiver.requests).toHaveLength(1);
    expect(verify(receiver.requests[0]!.body, receiver.requests[0]!.headers, rotated.body.secret)).toBe(true);
    expect((await auditEvents(kefu, ws.tokens.admin, { action: 'webhook_secret.rotated' })).length).toBe(1);
  });

  it('records a failure after the last attempt, and gives up at once on a 4xx', async () => {
    const held = { ...ctx, jobs: { send: async () => undefined } }; // this test runs each attempt itself
    receiver.answerWith(() => ({ status: 500, body: { error: 'down' } }));
    const [retried] = await enqueueFlowWebhooks(held, { workspaceId: ws.id, ...completed(receiver.url) });
    for (let i = 1; i < MAX_WEBHOOK_ATTEMPTS; i++) {
      await expect(deliverFlowWebhook(held, { workspaceId: ws.id, deliveryId: retried!.id })).rejects.toThrow(/HTTP 500/);
    }
    await deliverFlowWebhook(held, { workspaceId: ws.id, deliveryId: retried!.id });
    await deliverFlowWebhook(held, { workspaceId: ws.id, deliveryId: retried!.id }); // a late duplicate job sends nothing more
    receiver.answerWith(() => ({ status: 404 }));
    const [refused] = await enqueueFlowWebhooks(held, { workspaceId: ws.id, ...completed(receiver.url) });
    await deliverFlowWebhook(held, { workspaceId: ws.id, deliveryId: refused!.id });

    const byId = new Map((await deliveries(kefu, ws.tokens.agent, '?status=failed')).items.map((d) => [d.id, d]));
    expect(byId.get(retried!.id)).toEqual(
      expect.objectContaining({ attempts: MAX_WEBHOOK_ATTEMPTS, responseStatus: 500, lastError: expect.stringContaining('HTTP 500') }),
    );
    expect(byId.get(refused!.id)).toEqual(expect.objectContaining({ attempts: 1, responseStatus: 404, lastError: 'HTTP 404' }));
  });

  it('sends a delivery whose job was never queued, once the sweep finds it two minutes later', async () => {
    receiver.requests.length = 0;
    receiver.answerWith(() => ({ status: 200 }));
    const lost = { ...ctx, jobs: { send: () => Promise.reject(new Error('queue unavailable')) } };
    const [stored] = await enqueueFlowWebhooks(lost, { workspaceId: ws.id, ...completed(receiver.url) });
    await flowWebhookSweepJob.run(ctx, {});
    await ctx.jobs.drain();
    expect(receiver.requests).toEqual([]); // too recent: its job may still be on its way

    await sql(
      kefu,
      `update bot_webhook_deliveries set created_at = created_at - interval '3 minutes', updated_at = updated_at - interval '3 minutes' where id = $1`,
      [stored!.id],
    );
    await flowWebhookSweepJob.run(ctx, {});
    await ctx.jobs.drain();
    expect(receiver.requests.map((r) => r.headers['x-kefu-delivery'])).toEqual([stored!.id]);
  });

  it('is delivered after the receiver fails twice (pg-boss retries with backoff)', async () => {
    const runner: JobRunner = createJobRunner(inject('databaseUrl'), kefu.ctx.log);
    const withBoss = { ...kefu.ctx, jobs: runner };
    // The real job, with a one-second retry delay so the test does not wait minutes.
    await runner.start(withBoss, [{ ...flowWebhookJob, retry: { limit: 5, delaySeconds: 1, backoff: true }, pollSeconds: 0.5 }], { work: true });
    try {
      receiver.requests.length = 0;
      receiver.answerWith(() => (receiver.requests.length <= 2 ? { status: 503 } : { status: 204 }));
      const turn = completed(receiver.url);
      const [created] = await enqueueFlowWebhooks(withBoss, { workspaceId: ws.id, ...turn });
      const query = `?conversationId=${turn.conversationId}`;
      for (let waited = 0; waited < 20_000 && (await deliveries(kefu, ws.tokens.agent, query)).items[0]?.status === 'pending'; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect((await deliveries(kefu, ws.tokens.agent, query)).items).toEqual([
        expect.objectContaining({ id: created!.id, status: 'delivered', attempts: 3, responseStatus: 204 }),
      ]);
      expect(receiver.requests.map((r) => r.headers['x-kefu-delivery'])).toEqual([created!.id, created!.id, created!.id]);
    } finally {
      await runner.stop();
    }
  });

  it('lists deliveries newest first, page by page, and only to their own workspace', async () => {
    const other = await createTestWorkspace(kefu, 'Other Shop');
    const mine = (await deliveries(kefu, ws.tokens.agent)).items;
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(mine.map((d) => d.id)).toEqual([...mine.map((d) => d.id)].sort().reverse());
    const first = await deliveries(kefu, ws.tokens.agent, '?limit=2');
    const second = await deliveries(kefu, ws.tokens.agent, `?limit=2&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((d) => d.id)).toEqual(mine.slice(0, 4).map((d) => d.id));

    expect((await deliveries(kefu, other.tokens.admin)).items).toEqual([]);
    const theirs = completed(receiver.url);
    await enqueueFlowWebhooks(ctx, { workspaceId: other.id, ...theirs });
    await ctx.jobs.drain();
    expect((await deliveries(kefu, other.tokens.agent)).items.map((d) => d.id)).not.toContain(mine[0]!.id);
    expect((await deliveries(kefu, ws.tokens.agent, `?conversationId=${theirs.conversationId}`)).items).toEqual([]);
  });
});

describe('flow webhooks without KEFU_WEBHOOK_ALLOW_PRIVATE', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let receiver: Receiver;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    receiver = await startReceiver();
    await call(kefu, 'POST', '/api/v1/bot/intents', ws.tokens.operator, { name: 'return_goods', examples: { en: ['return it'] } });
  });
  afterAll(async () => {
    await receiver?.close();
    await kefu?.close();
  });

  it('refuses to save a loopback or private address', async () => {
    for (const url of [
      receiver.url,
      'http://localhost:8080/hook',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://10.1.2.3/',
    ]) {
      const res = expectError(await call(kefu, 'PUT', '/api/v1/bot/flows/return_goods', ws.tokens.operator, flowBody(url)), 'validation_failed');
      expect(res.error.details[0].message, url).toMatch(/loopback, private or link-local/);
    }
    expect((await call(kefu, 'PUT', '/api/v1/bot/flows/return_goods', ws.tokens.operator, flowBody('https://shop.example/hook'))).status).toBe(200);
  });

  it('refuses at send time a name that resolves to a private address, without retrying or reaching it', async () => {
    const held = { ...kefu.ctx, jobs: { send: async () => undefined } };
    const port = new URL(receiver.url).port;
    for (const url of [`http://localhost:${port}/hook`, receiver.url]) {
      const [row] = await enqueueFlowWebhooks(held, { workspaceId: ws.id, ...completed(url) });
      await deliverFlowWebhook(held, { workspaceId: ws.id, deliveryId: row!.id });
    }
    expect(receiver.requests).toEqual([]);
    const failed = (await deliveries(kefu, ws.tokens.agent)).items;
    expect(failed).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 1,
        responseStatus: null,
        lastError: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback/),
      }),
      expect.objectContaining({
        status: 'failed',
        attempts: 1,
        responseStatus: null,
        lastError: expect.stringMatching(/^refused: localhost is 127\.0\.0\.1|^refused: localhost is ::1/),
      }),
    ]);
  });
});

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.0.0.8', true],
    ['172.16.5.4', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd12:3456::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['64:ff9b::a00:1', true],
    ['not-an-ip', true],
    ['8.8.8.8', false],
    ['172.32.0.1', false],
    ['2606:4700:4700::1111', false],
    ['::ffff:8.8.8.8', false],
    ['64:ff9b::808:808', false],
  ])('%s → %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});
