import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.ts';
import { call, sql } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { enableMessageEncryption } from '../encryption/index.ts';
import { commitTurn, type TurnWrite } from './turn-repo.ts';

/** Bot turns of many conversations written together: each keeps its own outcome. */
describe('commitTurn', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let inboxId: string;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    // No bot answers in this inbox: the test writes the turns itself.
    const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: 'app', settings: {} });
    inboxId = res.body.id;
  });
  afterAll(() => kefu.close());

  /** A conversation of the bot's with the customer's first message (seq 1). */
  async function botConversation(): Promise<string> {
    const [contactId, conversationId] = [newId('contact'), newId('conversation')];
    await sql(kefu, 'insert into contacts (workspace_id, id) values ($1, $2)', [ws.id, contactId]);
    await sql(kefu, `insert into conversations (workspace_id, id, inbox_id, contact_id, status, last_seq) values ($1, $2, $3, $4, 'bot', 1)`, [
      ws.id,
      conversationId,
      inboxId,
      contactId,
    ]);
    return conversationId;
  }

  const turn = (conversationId: string, expectedVersion: number, lines: string[]): TurnWrite => ({
    workspaceId: ws.id,
    conversationId,
    state: { step: expectedVersion + 1 },
    expectedVersion,
    replies: lines.map((content) => ({ id: newId('message'), content, contentAttributes: { bot: { intent: null } } })),
    status: 'sent',
  });

  it('writes state and replies per conversation, refuses a stale state, and keeps silent where a person took over', async () => {
    const [a, b, c, d] = await Promise.all([botConversation(), botConversation(), botConversation(), botConversation()]);
    await Promise.all([commitTurn(kefu.ctx.db, turn(b!, 0, ['first'])), commitTurn(kefu.ctx.db, turn(c!, 0, ['first']))]);
    expect((await call(kefu, 'PATCH', `/api/v1/conversations/${c}`, ws.tokens.agent, { status: 'open' })).status).toBe(200);

    const [ra, rb, rc, rd] = await Promise.all([
      commitTurn(kefu.ctx.db, turn(a!, 0, ['one', 'two'])),
      commitTurn(kefu.ctx.db, turn(b!, 0, ['computed from a stale state'])),
      commitTurn(kefu.ctx.db, turn(c!, 1, ['too late'])),
      commitTurn(kefu.ctx.db, turn(d!, 0, [])),
    ]);
    expect(ra).toMatchObject({ outcome: 'written', version: 1, conversation: { id: a, lastSeq: 3 } });
    expect(ra.outcome === 'written' && ra.messages.map((m) => [m.seq, m.content, m.status])).toEqual([
      [2, 'one', 'sent'],
      [3, 'two', 'sent'],
    ]);
    expect(rb).toEqual({ outcome: 'stale' });
    expect(rc).toMatchObject({ outcome: 'written', version: 2, conversation: null, messages: [] });
    expect(rd).toMatchObject({ outcome: 'written', version: 1, conversation: { id: d, lastSeq: 1 }, messages: [] });

    const stored = await sql<{ conversation_id: string; content: string }>(
      kefu,
      `select conversation_id, content from messages where workspace_id = $1 and sender_type = 'bot' order by conversation_id, seq`,
      [ws.id],
    );
    expect(stored.filter((m) => m.conversation_id === b).map((m) => m.content)).toEqual(['first']);
    expect(stored.filter((m) => m.conversation_id === c).map((m) => m.content)).toEqual(['first']);
    const [session] = await sql<{ state: unknown; version: number }>(
      kefu,
      'select state, version from bot_sessions where workspace_id = $1 and conversation_id = $2',
      [ws.id, b],
    );
    expect(session).toEqual({ state: { step: 1 }, version: 1 });
  });

  it('stores the bot’s replies and its hand-off note sealed where the workspace encrypts message text, and hands them on in clear', async () => {
    const sealed = await createTestWorkspace(kefu, 'Sealed Shop');
    await enableMessageEncryption(kefu.ctx.db, sealed.id);
    const inbox = await call(kefu, 'POST', '/api/v1/inboxes', sealed.tokens.admin, { channel: 'api', name: 'app', settings: {} });
    const [contactId, conversationId] = [newId('contact'), newId('conversation')];
    await sql(kefu, 'insert into contacts (workspace_id, id) values ($1, $2)', [sealed.id, contactId]);
    await sql(kefu, `insert into conversations (workspace_id, id, inbox_id, contact_id, status, last_seq) values ($1, $2, $3, $4, 'bot', 1)`, [
      sealed.id,
      conversationId,
      inbox.body.id,
      contactId,
    ]);
    const write = { ...turn(conversationId, 0, ['订单 DS2026112000123 已发货']), workspaceId: sealed.id };
    const result = await commitTurn(kefu.ctx.db, { ...write, after: { note: '转人工摘要：手机 13812345678', priority: null } });
    expect(result.outcome === 'written' && result.messages.map((m) => m.content)).toEqual(['订单 DS2026112000123 已发货']);
    expect(result.outcome === 'written' && result.after?.note?.content).toBe('转人工摘要：手机 13812345678');
    const stored = await sql<{ type: string; content: string }>(
      kefu,
      `select type, content from messages where workspace_id = $1 and conversation_id = $2 and type in ('outgoing', 'note') order by seq`,
      [sealed.id, conversationId],
    );
    expect(stored.map((m) => m.type)).toEqual(['outgoing', 'note']);
    for (const m of stored) expect(m.content).toMatch(/^ENC1:/);
    const read = await call(kefu, 'GET', `/api/v1/conversations/${conversationId}/messages`, sealed.tokens.admin);
    expect(read.body.items.map((m: { content: string }) => m.content)).toContain('订单 DS2026112000123 已发货');
  });
});
