import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { getInbox, type InboxRow } from '../modules/inboxes/index.ts';
import { receiveMessage } from './receive-message.ts';
import { searchMessages } from '../modules/conversations/index.ts';
import { searchTerms } from '../nlu/search-terms.ts';

/** The console's search box, over messages stored by every path (new customer, follow-up, agent reply, note). */
describe('message search', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let inbox: InboxRow;

  const say = (who: string, n: number, content: string) =>
    receiveMessage(kefu.ctx, inbox, { identity: { kind: 'app', value: who }, message: { sourceId: `${who}-${n}`, content } });
  const search = (token: string, query: string) => call(kefu, 'GET', `/api/v1/messages/search?${query}`, token);
  const contents = (body: { items: { message: { content: string } }[] }) => body.items.map((i) => i.message.content);

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other Shop');
    const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: 'app', settings: {} });
    inbox = await getInbox(kefu.ctx.db, ws.id, res.body.id);
  });
  afterAll(() => kefu.close());

  it('finds Chinese and English messages by their words, newest first, with their conversations', async () => {
    const first = await say('s-1', 1, '我想申请退款，订单DS2026112000123');
    await say('s-1', 2, '退款多久能到账？'); // the one-statement path
    await say('s-2', 1, 'Where are my refunds? I returned the watch last week');
    await say('s-3', 1, '请问怎么修改收货地址');
    const reply = await call(kefu, 'POST', `/api/v1/conversations/${first.conversation.id}/messages`, ws.tokens.agent, {
      content: '您好，退款已经提交，3 个工作日内到账',
    });
    const note = await call(kefu, 'POST', `/api/v1/conversations/${first.conversation.id}/messages`, ws.tokens.agent, {
      content: '客户第二次催退款，已升级',
      private: true,
    });
    expect(note.status, note.raw).toBe(201);
    expect(reply.status, reply.raw).toBe(201);

    const zh = await search(ws.tokens.agent, `q=${encodeURIComponent('退款')}`);
    expect(zh.status, zh.raw).toBe(200);
    expect(contents(zh.body)).toEqual([
      '客户第二次催退款，已升级',
      '您好，退款已经提交，3 个工作日内到账',
      '退款多久能到账？',
      '我想申请退款，订单DS2026112000123',
    ]);
    expect(zh.body.items[0].conversation.id).toBe(first.conversation.id);
    // Every word must occur; traditional characters and order numbers are found too.
    expect(contents((await search(ws.tokens.agent, `q=${encodeURIComponent('退款 到賬')}`)).body)).toEqual([
      '您好，退款已经提交，3 个工作日内到账',
      '退款多久能到账？',
    ]);
    expect(contents((await search(ws.tokens.agent, 'q=ds2026112000123')).body)).toEqual(['我想申请退款，订单DS2026112000123']);
    expect(contents((await search(ws.tokens.agent, 'q=refund')).body)).toEqual(['Where are my refunds? I returned the watch last week']);
    expect((await search(ws.tokens.agent, `q=${encodeURIComponent('发票')}`)).body.items).toEqual([]);
  });

  it('pages newest first without repeats, filters by status, and keeps tenants apart', async () => {
    for (let n = 1; n <= 7; n++) await say('pager', n, `物流查询 第${n}次`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { message: { content: string } }[]; nextCursor: string | null } } = await search(
        ws.tokens.agent,
        `q=${encodeURIComponent('物流')}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...contents(page.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1].map((n) => `物流查询 第${n}次`));
    // The same answer when only the newest 3 messages are walked and the rest come from the word index.
    for (const limit of [2, 5, 20]) {
      const hits = await searchMessages(kefu.ctx.db, ws.id, { terms: searchTerms('物流'), limit, recentWindow: 3 });
      expect(hits.map((h) => h.message.content)).toEqual(seen.slice(0, limit));
    }
    expect((await search(ws.tokens.agent, `q=${encodeURIComponent('物流')}&status=resolved`)).body.items).toEqual([]);
    expect((await search(other.tokens.agent, `q=${encodeURIComponent('物流')}`)).body.items).toEqual([]);
  });

  it('refuses an empty or unsearchable query and a forged cursor with a 400', async () => {
    for (const query of ['q=', `q=${encodeURIComponent('？！')}`, 'q=x&cursor=abc']) {
      const res = await search(ws.tokens.agent, query);
      expect({ query, status: res.status, code: res.body.error?.code }).toEqual({ query, status: 400, code: 'validation_failed' });
    }
  });
});
