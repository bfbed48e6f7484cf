import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWorkspace } from '../../flows/create-workspace.ts';
import { DEMO_SLUG, seedDemoWorkspace } from '../../flows/seed-demo.ts';
import { listInboxes } from '../../modules/inboxes/index.ts';
import { resolveContact } from '../../modules/contacts/index.ts';
import { findWorkspaceBySlug } from '../../modules/workspaces/index.ts';
import { call, expectError } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { createWidgetInbox, openSession, WidgetClient } from './test-client.ts';

let kefu: TestKefu;
let ws: TestWorkspace;
let baseUrl: string;
let inboxId: string;
const cmid = () => randomBytes(9).toString('base64url');

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu);
  baseUrl = await listenTestKefu(kefu);
  inboxId = await createWidgetInbox(kefu, ws.tokens.admin, { rateLimit: { burst: 200, perMinute: 6000 } });
});

afterAll(async () => {
  await kefu?.close();
});

/** A new visitor with an open, greeted socket. */
async function visitor(inbox = inboxId) {
  const session = await openSession(kefu, inbox);
  const client = await WidgetClient.open(baseUrl, inbox, session.body.visitorToken);
  await client.hello();
  return { token: session.body.visitorToken, client };
}

async function storedMessages(conversationId: string) {
  const res = await call(kefu, 'GET', `/api/v1/conversations/${conversationId}/messages?limit=200`, ws.tokens.agent);
  return res.body.items as { id: string; seq: number; type: string; content: string; status: string; attachments: { id: string }[] }[];
}

async function agentReply(conversationId: string, content: string) {
  const res = await call(kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, ws.tokens.agent, { content });
  if (res.status !== 201) throw new Error(res.raw);
  return res.body as { id: string; seq: number };
}

describe('widget sessions', () => {
  it('issues a token that resumes the same visitor, and a new one for a forged token', async () => {
    const first = await openSession(kefu, inboxId);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ contactId: null, conversationId: null, lastSeq: 0, widget: { color: '#2563eb', preChatForm: false } });

    const client = await WidgetClient.open(baseUrl, inboxId, first.body.visitorToken);
    await client.hello();
    const ack = await client.say('hello', cmid());
    await client.close();

    const again = await openSession(kefu, inboxId, { visitorToken: first.body.visitorToken });
    expect(again.body).toMatchObject({ visitorToken: first.body.visitorToken, conversationId: ack.conversationId, lastSeq: 1 });
    expect(again.body.contactId).toMatch(/^ctc_/);

    const forged = first.body.visitorToken.slice(0, -2) + 'xx';
    const fresh = await openSession(kefu, inboxId, { visitorToken: forged });
    expect(fresh.body.visitorToken).not.toBe(first.body.visitorToken);
    expect(fresh.body.conversationId).toBeNull();
  });

  it('joins the contact who already wrote from the same email, without showing them the other visitor’s chat', async () => {
    const email = `buyer-${cmid().toLowerCase()}@example.test`;
    const existing = await kefu.ctx.db.transaction((tx) => resolveContact(tx, ws.id, { kind: 'email', value: email }, { email }));

    const a = await openSession(kefu, inboxId, { profile: { name: '王小明', email } });
    expect(a.body.contactId).toBe(existing.id);
    const first = await WidgetClient.open(baseUrl, inboxId, a.body.visitorToken);
    await first.hello();
    await first.say('我的订单还没到', cmid());

    // Someone else types the same email on another device: same contact for agents, but they see only their own part.
    const b = await openSession(kefu, inboxId, { profile: { email } });
    expect(b.body.contactId).toBe(existing.id);
    expect(b.body.conversationId).toBeNull();
    const second = await WidgetClient.open(baseUrl, inboxId, b.body.visitorToken);
    await second.hello();
    await second.say('我也想问', cmid());
    await second.hello();
    const seen = second.frames.filter((f) => f.type === 'message').map((f) => (f as { message: { content: string } }).message.content);
    expect(seen).not.toContain('我的订单还没到');
    expect(seen).toContain('我也想问');
    await Promise.all([first.close(), second.close()]);
  });

  it('refuses sites that are not in allowedOrigins, over HTTP and on the socket', async () => {
    const guarded = await createWidgetInbox(kefu, ws.tokens.admin, { allowedOrigins: ['https://shop.example.com'] });
    expectError(await injectSession(guarded, 'https://evil.example.net'), 'origin_not_allowed');
    expectError(await injectSession(guarded, undefined), 'origin_not_allowed');
    const ok = await injectSession(guarded, 'https://shop.example.com');
    expect(ok.status).toBe(200);

    await expect(WidgetClient.open(baseUrl, guarded, ok.body.visitorToken, { origin: 'https://evil.example.net' })).rejects.toThrow('HTTP 403');
    const allowed = await WidgetClient.open(baseUrl, guarded, ok.body.visitorToken, { origin: 'https://shop.example.com' });
    expect((await allowed.hello()).type).toBe('ready');
    await allowed.close();
  });

  async function injectSession(inbox: string, origin: string | undefined) {
    const res = await kefu.app.inject({ method: 'POST', url: `/channels/widget/${inbox}/sessions`, headers: origin ? { origin } : {}, payload: {} });
    return { status: res.statusCode, body: res.json(), raw: res.body };
  }

  it('answers 404 for an unknown or non-widget inbox', async () => {
    const res = await kefu.app.inject({ method: 'POST', url: '/channels/widget/inb_00000000000000000000000000/sessions', payload: {} });
    expect(res.statusCode).toBe(404);
  });
});

describe('widget socket', () => {
  it('acks a message only once it is stored, and echoes it to every socket of the visitor', async () => {
    const { token, client } = await visitor();
    const other = await WidgetClient.open(baseUrl, inboxId, token);
    await other.hello();

    const id = cmid();
    const ack = await client.say('你好，我的订单还没到', id);
    expect(ack).toMatchObject({
      type: 'ack',
      clientMessageId: id,
      seq: 1,
      messageId: expect.stringMatching(/^msg_/),
      conversationId: expect.stringMatching(/^conv_/),
    });
    expect(await storedMessages(ack.conversationId as string)).toEqual([
      expect.objectContaining({ id: ack.messageId, content: '你好，我的订单还没到', type: 'incoming' }),
    ]);

    // The second tab was idle when the conversation started; it follows it and gets the message.
    const echoed = await other.next((f) => f.type === 'message');
    expect(echoed).toMatchObject({ message: { id: ack.messageId, content: '你好，我的订单还没到', type: 'incoming', sender: 'contact', seq: 1 } });
    expect(await client.next((f) => f.type === 'message')).toMatchObject({ message: { id: ack.messageId } });
    await Promise.all([client.close(), other.close()]);
  });

  it('stores a resent clientMessageId once and answers with the same ack, also on a new socket', async () => {
    const { token, client } = await visitor();
    const id = cmid();
    const first = await client.say('only once', id);
    const second = await client.say('only once', id);
    expect(second).toEqual(first);
    await client.close();

    const reconnected = await WidgetClient.open(baseUrl, inboxId, token);
    expect(await reconnected.say('only once', id)).toEqual(first);
    expect(await storedMessages(first.conversationId as string)).toHaveLength(1);
    await reconnected.close();
  });

  it('keeps HTML and script as text', async () => {
    const { client } = await visitor();
    const html = '<img src=x onerror="alert(1)"><script>alert("x")</script> & 订单';
    const ack = await client.say(html, cmid());
    expect((await client.next((f) => f.type === 'message')).message).toMatchObject({ content: html });
    expect((await storedMessages(ack.conversationId as string))[0]!.content).toBe(html);
    await client.close();
  });

  it('resumes after a disconnect with everything missed, in order, once — agent replies included', async () => {
    const { token, client } = await visitor();
    const ack = await client.say('第一条', cmid());
    const conversationId = ack.conversationId as string;
    await agentReply(conversationId, '您好，请稍等');
    await client.next((f) => f.type === 'message' && (f as { message: { seq: number } }).message.seq === 2);
    const lastSeq = Math.max(...client.messageSeqs());
    await client.close();

    // While the visitor is away: two agent replies and a message from their other tab.
    await agentReply(conversationId, '已为您查询');
    const otherTab = await WidgetClient.open(baseUrl, inboxId, token);
    await otherTab.say('还在吗', cmid());
    await otherTab.close();
    await agentReply(conversationId, '明天送达');

    const back = await WidgetClient.open(baseUrl, inboxId, token);
    await back.hello(lastSeq, conversationId);
    await agentReply(conversationId, '还有别的问题吗？');
    await back.next((f) => f.type === 'message' && (f as { message: { content: string } }).message.content === '还有别的问题吗？');
    expect(back.messageSeqs()).toEqual([3, 4, 5, 6]);
    const contents = back.frames.filter((f) => f.type === 'message').map((f) => (f as { message: { content: string; sender: string } }).message);
    expect(contents.map((m) => m.content)).toEqual(['已为您查询', '还在吗', '明天送达', '还有别的问题吗？']);
    expect(contents.map((m) => m.sender)).toEqual(['agent', 'contact', 'agent', 'agent']);
    await back.close();
  });

  it('has no gap and no duplicate when a socket resumes while replies keep arriving', async () => {
    const { token, client } = await visitor();
    const conversationId = (await client.say('start', cmid())).conversationId as string;
    await client.close();
    const total = 40;
    const sockets: WidgetClient[] = [];
    const writing = (async () => {
      for (let i = 0; i < total; i++) await agentReply(conversationId, `reply ${i}`);
    })();
    // Sockets join at different moments of the stream, each resuming from a different point.
    for (let i = 0; i < 6; i++) {
      const socket = await WidgetClient.open(baseUrl, inboxId, token);
      socket.send({ type: 'hello', lastSeq: i, conversationId });
      sockets.push(socket);
      await new Promise((r) => setTimeout(r, 15));
    }
    await writing;
    for (const [i, socket] of sockets.entries()) {
      await socket.next((f) => f.type === 'message' && (f as { message: { seq: number } }).message.seq === total + 1);
      const expected = Array.from({ length: total + 1 - i }, (_, k) => i + 1 + k);
      expect(socket.messageSeqs()).toEqual(expected);
      await socket.close();
    }
  });

  it('moves answers to delivered and read when the visitor says so', async () => {
    const { client } = await visitor();
    const conversationId = (await client.say('any news?', cmid())).conversationId as string;
    const reply = await agentReply(conversationId, 'Yes: it ships today.');
    await client.next((f) => f.type === 'message' && (f as { message: { id: string } }).message.id === reply.id);
    expect((await storedMessages(conversationId)).find((m) => m.id === reply.id)!.status).toBe('sent');

    client.send({ type: 'delivered', seq: reply.seq });
    await client.next((f) => f.type === 'status' && f.messageId === reply.id && f.status === 'delivered');
    client.send({ type: 'read', seq: reply.seq });
    await client.next((f) => f.type === 'status' && f.messageId === reply.id && f.status === 'read');
    expect((await storedMessages(conversationId)).find((m) => m.id === reply.id)!.status).toBe('read');
    await client.close();
  });

  it('answers malformed frames with catalogued error frames and stays open', async () => {
    const { client } = await visitor();
    client.send('{not json');
    expect(await client.next((f) => f.type === 'error')).toMatchObject({ code: 'invalid_json', message: expect.any(String) });
    client.send({ type: 'launch-missiles' });
    expect(await client.next((f) => f.type === 'error')).toMatchObject({ code: 'validation_failed' });
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await client.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_request' });
    const id = cmid();
    client.send({ type: 'message', clientMessageId: id, content: 'x'.repeat(5000) });
    expect(await client.next((f) => f.type === 'error')).toMatchObject({ code: 'validation_failed', clientMessageId: id });
    client.send({ type: 'message', clientMessageId: cmid(), content: '   ' });
    expect(await client.next((f) => f.type === 'error')).toMatchObject({ code: 'validation_failed' });
    client.send({ type: 'message', clientMessageId: cmid(), content: 'bad \u0000 byte' });
    expect(await client.next((f) => f.type === 'error')).toMatchObject({ code: 'validation_failed' });
    client.send({ type: 'ping' });
    expect(await client.next((f) => f.type === 'pong')).toEqual({ type: 'pong' });
    await client.close();
  });

  it('closes with 4401 for a wrong token', async () => {
    const session = await openSession(kefu, inboxId);
    const client = await WidgetClient.open(baseUrl, inboxId, `${session.body.visitorToken.slice(0, -4)}AAAA`);
    expect(await client.closed).toEqual({ code: 4401, reason: 'visitor_token_invalid' });
    expect(client.frames).toEqual([expect.objectContaining({ type: 'error', code: 'visitor_token_invalid' })]);
  });

  it('limits how fast one visitor may write', async () => {
    const tight = await createWidgetInbox(kefu, ws.tokens.admin, { rateLimit: { burst: 2, perMinute: 1 } });
    const { client } = await visitor(tight);
    await client.say('one', cmid());
    await client.say('two', cmid());
    const id = cmid();
    client.send({ type: 'message', clientMessageId: id, content: 'three' });
    expect(await client.next((f) => f.type === 'error' && f.clientMessageId === id)).toMatchObject({ code: 'rate_limited' });
    await client.close();
  });

  it('tells agents when the visitor types, and the visitor when an agent types', async () => {
    const { client } = await visitor();
    const conversationId = (await client.say('hi', cmid())).conversationId as string;
    const agent = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/v1/realtime?token=${ws.tokens.agent}`);
    const agentFrames: Record<string, unknown>[] = [];
    agent.on('message', (d) => agentFrames.push(JSON.parse(String(d))));
    await new Promise((resolve) => agent.once('open', resolve));
    await expect.poll(() => agentFrames.some((f) => f.type === 'ready')).toBe(true);

    client.send({ type: 'typing', typing: true });
    await expect.poll(() => agentFrames.find((f) => f.type === 'typing')).toMatchObject({ conversationId, who: 'contact', typing: true });

    agent.send(JSON.stringify({ type: 'typing', conversationId, typing: true }));
    expect(await client.next((f) => f.type === 'typing')).toEqual({ type: 'typing', who: 'agent', typing: true });
    agent.close();
    await client.close();
  });
});

describe('widget attachments', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

  it('uploads a file, sends it in a message, and lets only that visitor download it', async () => {
    const { token, client } = await visitor();
    const upload = await kefu.app.inject({
      method: 'POST',
      url: `/channels/widget/${inboxId}/attachments`,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        'x-filename': encodeURIComponent('订单截图.png'),
        'x-file-type': 'image/png',
      },
      payload: png,
    });
    expect(upload.statusCode).toBe(201);
    const file = upload.json() as { id: string; filename: string };
    expect(file).toMatchObject({ filename: '订单截图.png', size: png.length });

    const ack = await client.say('', cmid(), [file.id]);
    expect((await storedMessages(ack.conversationId as string))[0]!.attachments).toEqual([expect.objectContaining({ id: file.id })]);

    const url = `/channels/widget/${inboxId}/attachments/${file.id}`;
    const mine = await kefu.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    expect(mine.statusCode).toBe(200);
    expect(mine.rawPayload.equals(png)).toBe(true);
    const stranger = (await openSession(kefu, inboxId)).body.visitorToken;
    expect((await kefu.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${stranger}` } })).statusCode).toBe(404);
    expect((await kefu.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    await client.close();
  });

  it('refuses disallowed types and unknown attachment ids', async () => {
    const { token, client } = await visitor();
    const res = await kefu.app.inject({
      method: 'POST',
      url: `/channels/widget/${inboxId}/attachments`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-filename': 'x.html', 'x-file-type': 'text/html' },
      payload: Buffer.from('<script>alert(1)</script>'),
    });
    expect(res.statusCode).toBe(400);
    const id = cmid();
    client.send({ type: 'message', clientMessageId: id, content: 'see file', attachmentIds: ['att_00000000000000000000000000'] });
    expect(await client.next((f) => f.type === 'error')).toMatchObject({ code: 'validation_failed', clientMessageId: id });
    await client.close();
  });
});

describe('the demo page', () => {
  it('gives a demo workspace seeded before the widget existed its widget inbox, once, and embeds it', async () => {
    // A demo workspace from an earlier version: no inboxes at all.
    const old = await createWorkspace(kefu.ctx, {
      name: 'Demo Shop',
      slug: DEMO_SLUG,
      admin: { email: `demo-${cmid()}@example.test`, name: 'Admin', password: 'demo-password-123' },
    });
    // Three nodes starting at once: one widget inbox, the bot's content loaded once.
    expect(await Promise.all([seedDemoWorkspace(kefu.ctx), seedDemoWorkspace(kefu.ctx), seedDemoWorkspace(kefu.ctx)])).toEqual([[], [], []]);
    await seedDemoWorkspace(kefu.ctx);
    const widgets = (await listInboxes(kefu.ctx.db, old.workspace.id)).filter((inbox) => inbox.channel === 'widget');
    expect(widgets).toEqual([expect.objectContaining({ name: '网站客服 Website chat', enabled: true, botEnabled: true })]);
    const [faqs] = (
      await kefu.ctx.db.$client.query('select count(*)::int as n, count(distinct key)::int as keys from faq_items where workspace_id = $1', [
        old.workspace.id,
      ])
    ).rows;
    expect(faqs.n).toBe(faqs.keys * 2);
    expect(faqs.keys).toBeGreaterThanOrEqual(150);
    expect((await findWorkspaceBySlug(kefu.ctx.db, DEMO_SLUG))?.id).toBe(old.workspace.id);

    const page = await kefu.app.inject({ method: 'GET', url: '/demo/widget' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain(`<script src="/widget/kefu-widget.js" data-inbox="${widgets[0]!.id}" data-locale="zh-CN" async></script>`);
    expect((await kefu.app.inject({ method: 'GET', url: `/demo/widget?inbox=${inboxId}&lang=en` })).body).toContain(
      `data-inbox="${inboxId}" data-locale="en"`,
    );
    expect((await kefu.app.inject({ method: 'GET', url: '/demo/widget?inbox=inb_00000000000000000000000000' })).statusCode).toBe(404);
  });
});
