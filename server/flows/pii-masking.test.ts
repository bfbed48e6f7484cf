import { createServer, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWidgetInbox, openSession, WidgetClient } from '../channels/widget/test-client.ts';
import { receiveMessage } from './receive-message.ts';
import { getInbox } from '../modules/inboxes/index.ts';
import { auditEvents, call, expectError, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../test/harness.ts';

const PHONE = '13812345678';
const CN_ID = '11010519491231002X';
const CARD = '4111 1111 1111 1111';
const SAID = `手机${PHONE}，身份证${CN_ID}，卡号${CARD}`;
const MASKED = `手机138****5678，身份证1101**********002X，卡号4111 **** **** 1111`;

type Frame = { type: string; message?: { id: string; content: string } };

async function consoleSocket(base: string, token: string): Promise<{ frames: Frame[]; close: () => void }> {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/realtime?token=${token}`);
  const frames: Frame[] = [];
  socket.on('message', (raw: Buffer) => frames.push(JSON.parse(raw.toString()) as Frame));
  await expect.poll(() => frames.some((f) => f.type === 'ready')).toBe(true);
  return { frames, close: () => socket.close() };
}

describe('masking personal information in the console, webhooks and reveal', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let base: string;
  let widgetInbox: string;
  let conversationId: string;
  let messageId: string;
  let contactId: string;
  const settings = (token = ws.tokens.admin) => call(kefu, 'GET', '/api/v1/privacy/settings', token);
  const messagesAs = async (token: string) =>
    (await call(kefu, 'GET', `/api/v1/conversations/${conversationId}/messages`, token)).body.items as { id: string; content: string }[];

  beforeAll(async () => {
    kefu = await buildTestKefu({ KEFU_WEBHOOK_ALLOW_PRIVATE: '1' });
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other Shop');
    base = await listenTestKefu(kefu);
    widgetInbox = await createWidgetInbox(kefu, ws.tokens.admin, {});
  });
  afterAll(() => kefu.close());

  it('shows agents and admins a widget message masked, in the timeline and over the socket, and the customer in clear', async () => {
    const agentSocket = await consoleSocket(base, ws.tokens.agent);
    const adminSocket = await consoleSocket(base, ws.tokens.admin);
    const session = await openSession(kefu, widgetInbox, { profile: { name: '李雷', email: 'li.lei@shop.example' } });
    const customer = await WidgetClient.open(base, widgetInbox, session.body.visitorToken);
    await customer.hello();
    const ack = await customer.say(SAID, uniqueTag());
    conversationId = ack.conversationId as string;
    messageId = ack.messageId as string;

    // The customer's own widget echoes what they wrote, unmasked.
    expect(await customer.next((f) => f.type === 'message')).toMatchObject({ message: { id: messageId, content: SAID } });
    for (const socket of [agentSocket, adminSocket]) {
      await expect.poll(() => socket.frames.find((f) => f.type === 'message.created' && f.message?.id === messageId)?.message?.content).toBe(MASKED);
      expect(JSON.stringify(socket.frames)).not.toContain(PHONE);
    }
    for (const token of [ws.tokens.agent, ws.tokens.admin]) {
      expect((await messagesAs(token)).find((m) => m.id === messageId)?.content).toBe(MASKED);
    }
    const search = await call(kefu, 'GET', `/api/v1/messages/search?q=${encodeURIComponent('身份证')}`, ws.tokens.agent);
    expect(search.raw).not.toContain(CN_ID);
    const conversation = await call(kefu, 'GET', `/api/v1/conversations/${conversationId}`, ws.tokens.agent);
    contactId = conversation.body.contactId;
    const contact = await call(kefu, 'GET', `/api/v1/contacts/${contactId}`, ws.tokens.agent);
    expect(contact.body.email).toBe('***@shop.example');
    agentSocket.close();
    adminSocket.close();
    await customer.close();
  });

  it('masks an agent’s own private note too', async () => {
    const note = await call(kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, ws.tokens.agent, {
      private: true,
      content: `客户另一个号码 13900001111`,
    });
    expect(note.status, note.raw).toBe(201);
    expect(note.body.content).toBe('客户另一个号码 139****1111');
  });

  it('reveals a message to an admin with an audit row naming the kinds, and refuses an agent', async () => {
    const revealed = await call(kefu, 'POST', `/api/v1/privacy/reveal/messages/${messageId}`, ws.tokens.admin);
    expect(revealed.status, revealed.raw).toBe(200);
    expect(revealed.body.content).toBe(SAID);
    expect(revealed.body.values.map((v: { value: string }) => v.value)).toEqual([PHONE, CN_ID, CARD]);
    const [row] = await auditEvents(kefu, ws.tokens.admin, { action: 'pii.revealed' });
    expect(row).toMatchObject({ action: 'pii.revealed', targetType: 'message', targetId: messageId, actorId: ws.users.admin.id });
    expect(row!.after).toMatchObject({ kinds: ['mobile', 'cn_id', 'bank_card'] });
    expect(JSON.stringify(row)).not.toContain(PHONE);

    expectError(await call(kefu, 'POST', `/api/v1/privacy/reveal/messages/${messageId}`, ws.tokens.agent), 'forbidden');
    const field = await call(kefu, 'POST', `/api/v1/privacy/reveal/contacts/${contactId}`, ws.tokens.admin, { field: 'email' });
    expect(field.body).toMatchObject({ field: 'email', value: 'li.lei@shop.example', kinds: ['email'] });
    expectError(await call(kefu, 'POST', `/api/v1/privacy/reveal/contacts/${contactId}`, ws.tokens.agent, { field: 'email' }), 'forbidden');
  });

  it('shows the console clear to admins once the policy says so, and keeps agents masked', async () => {
    const current = (await settings()).body;
    expect(current.policy.console).toEqual({ default: 'mask', roles: {} });
    const next = { ...current, policy: { ...current.policy, console: { default: 'mask', roles: { [ws.roles.admin.id]: 'clear' } } } };
    const saved = await call(kefu, 'PUT', '/api/v1/privacy/settings', ws.tokens.admin, next);
    expect(saved.status, saved.raw).toBe(200);
    const adminSocket = await consoleSocket(base, ws.tokens.admin);
    const agentSocket = await consoleSocket(base, ws.tokens.agent);
    expect((await messagesAs(ws.tokens.admin)).find((m) => m.id === messageId)?.content).toBe(SAID);
    expect((await messagesAs(ws.tokens.agent)).find((m) => m.id === messageId)?.content).toBe(MASKED);
    await call(kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, ws.tokens.admin, { private: true, content: `备注 ${PHONE}` });
    await expect.poll(() => adminSocket.frames.find((f) => f.type === 'message.created')?.message?.content).toBe(`备注 ${PHONE}`);
    await expect.poll(() => agentSocket.frames.find((f) => f.type === 'message.created')?.message?.content).toBe('备注 138****5678');
    adminSocket.close();
    agentSocket.close();

    // Another workspace keeps its own (default) settings: its admin still sees masked text.
    expect((await settings(other.tokens.admin)).body.policy.console).toEqual({ default: 'mask', roles: {} });
  });

  it('refuses a custom pattern that is not a safe regular expression, and masks by one that is', async () => {
    const current = (await settings()).body;
    for (const pattern of ['(unclosed', '(a+)+$', 'x*']) {
      const res = await call(kefu, 'PUT', '/api/v1/privacy/settings', ws.tokens.admin, { ...current, customPatterns: [{ name: 'bad', pattern }] });
      expectError(res, 'pii_pattern_invalid');
    }
    expectError(await call(kefu, 'PUT', '/api/v1/privacy/settings', ws.tokens.agent, current), 'forbidden');
    const withMember = { ...current, customPatterns: [{ name: '会员号', pattern: 'VIP\\d{6}' }] };
    expect((await call(kefu, 'PUT', '/api/v1/privacy/settings', ws.tokens.admin, withMember)).status).toBe(200);
    await call(kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, ws.tokens.agent, { private: true, content: '会员 VIP123456' });
    expect((await messagesAs(ws.tokens.agent)).at(-1)?.content).toBe('会员 *********');
  });

  it('masks what an automation webhook posts, and sends it clear when the policy says so', async () => {
    const received: string[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const inbox = (await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: 'app' })).body;
    const rule = await call(kefu, 'POST', '/api/v1/automation/rules', ws.tokens.admin, {
      name: 'forward',
      trigger: 'message.received',
      conditions: { all: [{ field: 'message.text', op: 'contains', value: '卡号' }] },
      actions: [{ type: 'webhook', url: `http://127.0.0.1:${port}/hook`, secret: 'hook-secret-123' }],
    });
    expect(rule.status, rule.raw).toBe(201);
    const customerWrites = async () => {
      await receiveMessage(kefu.ctx, await getInbox(kefu.ctx.db, ws.id, inbox.id), {
        identity: { kind: 'app', value: uniqueTag() },
        message: { sourceId: uniqueTag(), content: SAID },
      });
      await kefu.ctx.bus.drain();
      await kefu.drainJobs();
    };
    await customerWrites();
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!).subject['message.text']).toBe(MASKED);

    const current = (await settings()).body;
    await call(kefu, 'PUT', '/api/v1/privacy/settings', ws.tokens.admin, {
      ...current,
      policy: { ...current.policy, webhooks: { default: 'clear', roles: {} } },
    });
    await customerWrites();
    server.close();
    expect(received).toHaveLength(2);
    expect(JSON.parse(received[1]!).subject['message.text']).toBe(SAID);
  });
});
