import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInbox, type InboxRow } from '../modules/inboxes/index.ts';
import { buildApiKey, call, expectError } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { receiveMessage } from './receive-message.ts';

type Frame = { type: string; message?: { id: string; content: string }; conversation?: { id: string } };

/** A console socket of `token`, collecting what it hears. */
async function consoleSocket(base: string, token: string): Promise<{ frames: Frame[]; close: () => void }> {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/realtime?token=${token}`);
  const frames: Frame[] = [];
  socket.on('message', (raw) => frames.push(JSON.parse(raw.toString()) as Frame));
  await expect.poll(() => frames.some((f) => f.type === 'ready')).toBe(true);
  return { frames, close: () => socket.close() };
}

describe('@mentions in private notes', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let inbox: InboxRow;
  let base: string;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other Shop');
    const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: 'App' });
    inbox = await getInbox(kefu.ctx.db, ws.id, res.body.id);
    base = await listenTestKefu(kefu);
  });
  afterAll(() => kefu.close());

  const conversation = async (who: string) =>
    (await receiveMessage(kefu.ctx, inbox, { identity: { kind: 'app', value: who }, message: { sourceId: who, content: '退款还没到账' } }))
      .conversation;
  const note = (conversationId: string, token: string, body: object) =>
    call(kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, token, { private: true, ...body });

  it('tells the named colleague on their own console, lists it for them with an unread count, and marks it read', async () => {
    const c = await conversation('u-mention-1');
    const adminConsole = await consoleSocket(base, ws.tokens.admin);
    const operatorConsole = await consoleSocket(base, ws.tokens.operator);

    const sent = await note(c.id, ws.tokens.agent, { content: '@Admin 这位客户要退款，请审批', mentionedUserIds: [ws.users.admin.id] });
    expect(sent.status, sent.raw).toBe(201);
    expect(sent.body.contentAttributes).toEqual({ mentionedUserIds: [ws.users.admin.id] });

    await expect.poll(() => adminConsole.frames.find((f) => f.type === 'note.mentioned')?.message?.id).toBe(sent.body.id);
    // Everyone hears the note itself; only the named person hears the mention.
    await expect.poll(() => operatorConsole.frames.some((f) => f.type === 'message.created' && f.message?.id === sent.body.id)).toBe(true);
    expect(operatorConsole.frames.some((f) => f.type === 'note.mentioned')).toBe(false);
    adminConsole.close();
    operatorConsole.close();

    const mine = await call(kefu, 'GET', '/api/v1/mentions', ws.tokens.admin);
    expect(mine.body.unread).toEqual({ mentions: 1, conversations: 1 });
    expect(mine.body.items).toEqual([
      expect.objectContaining({ conversationId: c.id, authorId: ws.users.agent.id, excerpt: '@Admin 这位客户要退款，请审批', readAt: null }),
    ]);
    expect((await call(kefu, 'GET', '/api/v1/mentions', ws.tokens.agent)).body.items).toEqual([]);

    const read = await call(kefu, 'POST', '/api/v1/mentions/read', ws.tokens.admin, { conversationId: c.id });
    expect(read.body.unread).toEqual({ mentions: 0, conversations: 0 });
    expect((await call(kefu, 'GET', '/api/v1/mentions?unread=true', ws.tokens.admin)).body.items).toEqual([]);
    expect((await call(kefu, 'GET', '/api/v1/mentions', ws.tokens.admin)).body.items[0].readAt).toEqual(expect.any(String));
  });

  it('pages newest first and marks everything read at once', async () => {
    const c = await conversation('u-mention-2');
    for (const text of ['一', '二', '三']) await note(c.id, ws.tokens.admin, { content: `@Agent ${text}`, mentionedUserIds: [ws.users.agent.id] });
    const first = await call(kefu, 'GET', '/api/v1/mentions?limit=2', ws.tokens.agent);
    expect(first.body.items.map((m: { excerpt: string }) => m.excerpt)).toEqual(['@Agent 三', '@Agent 二']);
    const second = await call(kefu, 'GET', `/api/v1/mentions?limit=2&cursor=${first.body.nextCursor}`, ws.tokens.agent);
    expect(second.body).toMatchObject({ items: [expect.objectContaining({ excerpt: '@Agent 一' })], nextCursor: null });
    expect((await call(kefu, 'POST', '/api/v1/mentions/read', ws.tokens.agent, {})).body.unread.mentions).toBe(0);
  });

  it('refuses mentioning someone of another workspace, mentions in a reply, and API keys reading mentions', async () => {
    const c = await conversation('u-mention-3');
    const foreign = await note(c.id, ws.tokens.agent, { content: '@someone', mentionedUserIds: [other.users.agent.id] });
    expect(expectError(foreign, 'validation_failed').error.details[0].path).toEqual(['mentionedUserIds', 0]);
    const inReply = await call(kefu, 'POST', `/api/v1/conversations/${c.id}/messages`, ws.tokens.agent, {
      content: '@Admin',
      mentionedUserIds: [ws.users.admin.id],
    });
    expectError(inReply, 'validation_failed');
    const key = await buildApiKey(kefu, ws.tokens.admin, ws.roles.agent.id);
    expectError(await call(kefu, 'GET', '/api/v1/mentions', key.token), 'forbidden');
    expectError(await call(kefu, 'GET', '/api/v1/mentions?cursor=bogus', ws.tokens.agent), 'validation_failed');
  });
});
