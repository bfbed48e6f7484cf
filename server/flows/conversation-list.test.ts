import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectError, sql, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { getInbox, type InboxRow } from '../modules/inboxes/index.ts';
import { receiveMessage } from './receive-message.ts';

interface ListItem {
  id: string;
  contactId: string;
  labels: string[];
  teamId: string | null;
  lastSeq: number;
  contact: { id: string; name: string | null };
  lastMessage: { type: string; senderType: string; content: string; createdAt: string } | null;
}

describe('the inbox list', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;

  const makeInbox = async (workspace: TestWorkspace): Promise<InboxRow> => {
    const res = await call(kefu, 'POST', '/api/v1/inboxes', workspace.tokens.admin, { channel: 'api', name: `api-${uniqueTag()}`, settings: {} });
    expect(res.status, res.raw).toBe(201);
    return getInbox(kefu.ctx.db, workspace.id, res.body.id);
  };
  const converse = async (inbox: InboxRow, name: string, content: string) => {
    const tag = uniqueTag();
    const { conversation } = await receiveMessage(kefu.ctx, inbox, {
      identity: { kind: 'app', value: `u-${tag}` },
      profile: { name },
      message: { sourceId: `m-${tag}`, content },
    });
    return conversation.id;
  };
  const list = async (token: string, query: string) => {
    const res = await call(kefu, 'GET', `/api/v1/conversations?${query}`, token);
    expect(res.status, res.raw).toBe(200);
    return res.body as { items: ListItem[]; nextCursor: string | null };
  };

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other Shop');
  });
  afterAll(() => kefu.close());

  it('carries each conversation’s contact and last message, skipping activity lines', async () => {
    const inbox = await makeInbox(ws);
    const long = '我想退货'.repeat(50); // 200 characters
    const id = await converse(inbox, '李雷', long);
    const patched = await call(kefu, 'PATCH', `/api/v1/conversations/${id}`, ws.tokens.agent, { labels: ['退货'] });
    expect(patched.status, patched.raw).toBe(200);

    const { items } = await list(ws.tokens.agent, `inboxId=${inbox.id}`);
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(item).toMatchObject({ id, labels: ['退货'], lastSeq: 2, contact: { id: item!.contactId, name: '李雷' } });
    expect(item!.lastMessage).toMatchObject({ type: 'incoming', senderType: 'contact', content: long.slice(0, 140) });
  });

  it('filters by label and by team', async () => {
    const inbox = await makeInbox(ws);
    const [refund, shipping, both] = [await converse(inbox, 'A', '退款'), await converse(inbox, 'B', '物流'), await converse(inbox, 'C', '都有')];
    for (const [id, labels] of [
      [refund, ['refund']],
      [shipping, ['shipping']],
      [both, ['refund', 'shipping']],
    ] as const) {
      await call(kefu, 'PATCH', `/api/v1/conversations/${id}`, ws.tokens.agent, { labels });
    }
    await sql(kefu, `update conversations set team_id = 'team_finance' where workspace_id = $1 and id = any($2)`, [ws.id, [refund, both]]);

    const ids = async (query: string) => (await list(ws.tokens.agent, `inboxId=${inbox.id}&${query}`)).items.map((c) => c.id).sort();
    expect(await ids('label=refund')).toEqual([refund, both].sort());
    expect(await ids('label=shipping')).toEqual([shipping, both].sort());
    expect(await ids('label=nothing')).toEqual([]);
    expect(await ids('teamId=team_finance')).toEqual([refund, both].sort());
    expect(await ids('teamId=team_finance&label=shipping')).toEqual([both]);
  });

  it('shows one workspace nothing of another', async () => {
    const inbox = await makeInbox(ws);
    const id = await converse(inbox, 'Secret', '只属于第一家');
    await call(kefu, 'PATCH', `/api/v1/conversations/${id}`, ws.tokens.agent, { labels: ['vip'] });
    const contactId = (await list(ws.tokens.agent, `inboxId=${inbox.id}`)).items[0]!.contactId;

    for (const query of ['limit=100', `inboxId=${inbox.id}`, `contactId=${contactId}`, 'label=vip']) {
      const { items } = await list(other.tokens.agent, query);
      expect(items.map((c) => c.id)).not.toContain(id);
      expect(items.every((c) => c.contact.name !== 'Secret')).toBe(true);
    }
  });

  it('pages through conversations whose activity falls within one millisecond without skipping any', async () => {
    const inbox = await makeInbox(ws);
    const ids = [await converse(inbox, 'X', '1'), await converse(inbox, 'Y', '2'), await converse(inbox, 'Z', '3')];
    // Newest first: microseconds apart, all inside 00:00:00.123.
    const times = ['2031-01-01T00:00:00.123456Z', '2031-01-01T00:00:00.123400Z', '2031-01-01T00:00:00.123300Z'];
    for (const [i, id] of ids.entries()) {
      await sql(kefu, 'update conversations set last_message_at = $3 where workspace_id = $1 and id = $2', [ws.id, id, times[i]]);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const body: { items: ListItem[]; nextCursor: string | null } = await list(
        ws.tokens.agent,
        `inboxId=${inbox.id}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...body.items.map((c) => c.id));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(ids);
  });

  it('refuses a cursor it did not make', async () => {
    const forged = Buffer.from(JSON.stringify(["2031-01-01'; drop table x; --", 'conv_x'])).toString('base64url');
    expectError(await call(kefu, 'GET', `/api/v1/conversations?cursor=${forged}`, ws.tokens.agent), 'validation_failed');
  });
});
