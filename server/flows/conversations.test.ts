import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectError, sql } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { getInbox, type InboxRow } from '../modules/inboxes/index.ts';
import { receiveMessage } from './receive-message.ts';

describe('conversations across channels', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let appInbox: InboxRow;
  let smsInbox: InboxRow;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    const make = async (channel: string, settings: object = {}) => {
      const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel, name: channel, settings });
      expect(res.status, res.raw).toBe(201);
      return getInbox(kefu.ctx.db, ws.id, res.body.id);
    };
    appInbox = await make('api');
    smsInbox = await make('sms', { from: '10690000' });
  });
  afterAll(() => kefu.close());

  it('stores a message once per channel id, however often it is delivered', async () => {
    const inbound = {
      identity: { kind: 'app' as const, value: 'u-42' },
      profile: { name: '张三' },
      message: { sourceId: 'app-msg-1', content: '我的订单还没到' },
    };
    const [first, again] = [await receiveMessage(kefu.ctx, appInbox, inbound), await receiveMessage(kefu.ctx, appInbox, inbound)];
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, message: { id: first.message.id } });
    const parallel = await Promise.all(
      Array.from({ length: 5 }, () => receiveMessage(kefu.ctx, appInbox, { ...inbound, message: { sourceId: 'app-msg-2', content: '在吗' } })),
    );
    expect(new Set(parallel.map((p) => p.message.id)).size).toBe(1);
    const messages = await call(kefu, 'GET', `/api/v1/conversations/${first.conversation.id}/messages`, ws.tokens.agent);
    expect(messages.body.items.map((m: { content: string; seq: number }) => [m.seq, m.content])).toEqual([
      [1, '我的订单还没到'],
      [2, '在吗'],
    ]);
  });

  it('spends no sequence number and opens no extra conversation on a duplicate that races the original', async () => {
    const first = { identity: { kind: 'app' as const, value: `race-${Date.now()}` }, message: { sourceId: `race-${Date.now()}`, content: '第一条' } };
    const results = await Promise.all(Array.from({ length: 6 }, () => receiveMessage(kefu.ctx, appInbox, first)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1);
    const conversations = await call(kefu, 'GET', `/api/v1/conversations?contactId=${results[0]!.contactId}`, ws.tokens.agent);
    expect(conversations.body.items).toHaveLength(1);
    expect(conversations.body.items[0].lastSeq).toBe(1);
  });

  it('joins the same phone on two channels into one contact with one timeline', async () => {
    const byApp = await receiveMessage(kefu.ctx, appInbox, {
      identity: { kind: 'app', value: 'u-77' },
      profile: { phone: '138 0013 8000' },
      message: { sourceId: 'a-77', content: 'from the app' },
    });
    const bySms = await receiveMessage(kefu.ctx, smsInbox, {
      identity: { kind: 'phone', value: '+8613800138000' },
      message: { sourceId: 's-77', content: 'by SMS' },
    });
    expect(bySms.contactId).toBe(byApp.contactId);
    expect(bySms.conversation.id).not.toBe(byApp.conversation.id);
    const contact = await call(kefu, 'GET', `/api/v1/contacts/${byApp.contactId}`, ws.tokens.agent);
    expect(contact.body.identities.map((i: { kind: string }) => i.kind).sort()).toEqual(['app', 'phone']);
    const timeline = await call(kefu, 'GET', `/api/v1/contacts/${byApp.contactId}/timeline`, ws.tokens.agent);
    expect(timeline.body.items.map((m: { content: string }) => m.content)).toEqual(['from the app', 'by SMS']);
  });

  it('merges two contacts by hand, audited, into one timeline', async () => {
    const one = await receiveMessage(kefu.ctx, appInbox, { identity: { kind: 'app', value: 'm-1' }, message: { sourceId: 'm-1', content: 'first' } });
    const two = await receiveMessage(kefu.ctx, smsInbox, {
      identity: { kind: 'phone', value: '+8613900000001' },
      message: { sourceId: 'm-2', content: 'second' },
    });
    const merged = await call(kefu, 'POST', `/api/v1/contacts/${one.contactId}/merge`, ws.tokens.agent, { contactId: two.contactId });
    expect(merged.status, merged.raw).toBe(200);
    const timeline = await call(kefu, 'GET', `/api/v1/contacts/${one.contactId}/timeline`, ws.tokens.agent);
    expect(timeline.body.items.map((m: { content: string }) => m.content)).toEqual(['first', 'second']);
    const later = await receiveMessage(kefu.ctx, smsInbox, {
      identity: { kind: 'phone', value: '+8613900000001' },
      message: { sourceId: 'm-3', content: 'third' },
    });
    expect(later.contactId).toBe(one.contactId);
    const audit = await call(kefu, 'GET', `/api/v1/audit-events?action=contact.merged&targetId=${one.contactId}`, ws.tokens.admin);
    expect(audit.body.items).toHaveLength(1);
    expectError(
      await call(kefu, 'POST', `/api/v1/contacts/${one.contactId}/merge`, ws.tokens.agent, { contactId: one.contactId }),
      'validation_failed',
    );
  });

  it('stops the bot once a person replies, keeps notes private, and stores a retried reply once', async () => {
    const stored = await receiveMessage(kefu.ctx, appInbox, {
      identity: { kind: 'app', value: 'bot-1' },
      message: { sourceId: 'b-1', content: 'hello' },
    });
    // This inbox has no bot: handing back is refused (nobody would answer); the bot state is set directly instead.
    const handBack = await call(kefu, 'PATCH', `/api/v1/conversations/${stored.conversation.id}`, ws.tokens.admin, { status: 'bot' });
    expect(expectError(handBack, 'validation_failed').error.details[0].path).toEqual(['status']);
    await sql(kefu, `update conversations set status = 'bot' where workspace_id = $1 and id = $2`, [ws.id, stored.conversation.id]);
    const note = await call(kefu, 'POST', `/api/v1/conversations/${stored.conversation.id}/messages`, ws.tokens.agent, {
      content: '@admin VIP',
      private: true,
    });
    expect(note.body).toMatchObject({ type: 'note', status: 'sent' });
    let conversation = await call(kefu, 'GET', `/api/v1/conversations/${stored.conversation.id}`, ws.tokens.agent);
    expect(conversation.body.status).toBe('bot'); // a note is not a takeover

    const reply = { content: '您好，我来帮您查', clientMessageId: 'agent-reply-1' };
    const sent = await call(kefu, 'POST', `/api/v1/conversations/${stored.conversation.id}/messages`, ws.tokens.agent, reply);
    const retried = await call(kefu, 'POST', `/api/v1/conversations/${stored.conversation.id}/messages`, ws.tokens.agent, reply);
    expect(sent.status).toBe(201);
    expect(retried.status).toBe(200);
    expect(retried.body.id).toBe(sent.body.id);
    conversation = await call(kefu, 'GET', `/api/v1/conversations/${stored.conversation.id}`, ws.tokens.agent);
    expect(conversation.body).toMatchObject({ status: 'open', assigneeId: ws.users.agent.id });
  });

  it('validates assignees and snoozes', async () => {
    const stored = await receiveMessage(kefu.ctx, appInbox, {
      identity: { kind: 'app', value: 'as-1' },
      message: { sourceId: 'as-1', content: 'x' },
    });
    const url = `/api/v1/conversations/${stored.conversation.id}`;
    expectError(await call(kefu, 'PATCH', url, ws.tokens.agent, { assigneeId: 'usr_00000000000000000000000000' }), 'not_found');
    expectError(await call(kefu, 'PATCH', url, ws.tokens.agent, { status: 'snoozed' }), 'validation_failed');
    const ok = await call(kefu, 'PATCH', url, ws.tokens.agent, { assigneeId: ws.users.admin.id, priority: 'high', labels: ['退款', '退款', 'vip'] });
    expect(ok.body).toMatchObject({ assigneeId: ws.users.admin.id, priority: 'high', labels: ['退款', 'vip'] });
    const list = await call(kefu, 'GET', `/api/v1/conversations?assigneeId=${ws.users.admin.id}&limit=1`, ws.tokens.agent);
    expect(list.body.items[0].id).toBe(stored.conversation.id);
  });

  it('pages the inbox list by last activity without repeats', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await call(
        kefu,
        'GET',
        `/api/v1/conversations?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        ws.tokens.agent,
      );
      for (const item of page.body.items) {
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.size).toBeGreaterThanOrEqual(6);
    expectError(await call(kefu, 'GET', '/api/v1/conversations?cursor=bogus', ws.tokens.agent), 'validation_failed');
  });

  it('pushes new messages to a signed-in agent over the realtime socket', async () => {
    const base = await listenTestKefu(kefu);
    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/realtime?token=${ws.tokens.agent}`);
    const events: { type: string; message?: { content: string } }[] = [];
    socket.on('message', (raw) => events.push(JSON.parse(raw.toString())));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    for (let i = 0; i < 50 && !events.some((e) => e.type === 'ready'); i++) await new Promise((r) => setTimeout(r, 20));
    await receiveMessage(kefu.ctx, appInbox, {
      identity: { kind: 'app', value: 'rt-1' },
      message: { sourceId: 'rt-1', content: '<script>alert(1)</script>' },
    });
    for (let i = 0; i < 100 && !events.some((e) => e.type === 'message.created'); i++) await new Promise((r) => setTimeout(r, 20));
    socket.close();
    expect(events.find((e) => e.type === 'message.created')?.message?.content).toBe('<script>alert(1)</script>');

    const refused = new WebSocket(`${base.replace('http', 'ws')}/api/v1/realtime?token=nope`);
    const status = await new Promise<number>((resolve) =>
      refused.once('unexpected-response', (req, res) => {
        req.destroy();
        resolve(res.statusCode ?? 0);
      }),
    );
    expect(status).toBe(401);
  });

  describe('a known customer writing again (the one-statement path)', () => {
    const app = (value: string, sourceId: string, content: string) => ({ identity: { kind: 'app' as const, value }, message: { sourceId, content } });

    it('appends in order, stores a racing duplicate once and spends no sequence number on it', async () => {
      const who = `fast-${Date.now()}`;
      const first = await receiveMessage(kefu.ctx, appInbox, app(who, `${who}-1`, '你好'));
      const racing = await Promise.all(Array.from({ length: 8 }, () => receiveMessage(kefu.ctx, appInbox, app(who, `${who}-2`, '在吗'))));
      expect(racing.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(racing.map((r) => r.message.id)).size).toBe(1);
      const third = await receiveMessage(kefu.ctx, appInbox, app(who, `${who}-3`, '订单DS2026112000123'));
      expect(third).toMatchObject({
        created: true,
        conversationCreated: false,
        contactId: first.contactId,
        conversation: { id: first.conversation.id },
      });
      const messages = await call(kefu, 'GET', `/api/v1/conversations/${first.conversation.id}/messages`, ws.tokens.agent);
      expect(messages.body.items.map((m: { seq: number; content: string }) => [m.seq, m.content])).toEqual([
        [1, '你好'],
        [2, '在吗'],
        [3, '订单DS2026112000123'],
      ]);
    });

    it('stores many customers writing at the same moment (written together) each in their own conversation, in order, once', async () => {
      const who = Array.from({ length: 24 }, (_, i) => `crowd-${Date.now()}-${i}`);
      const firsts = await Promise.all(who.map((w) => receiveMessage(kefu.ctx, appInbox, app(w, `${w}-1`, 'hi'))));
      // Everyone writes three more at once; a third of them also redeliver their first message meanwhile.
      const burst = await Promise.all(
        who.flatMap((w, i) => [
          ...[2, 3, 4].map((n) => receiveMessage(kefu.ctx, appInbox, app(w, `${w}-${n}`, `msg ${n}`))),
          ...(i % 3 === 0 ? [receiveMessage(kefu.ctx, appInbox, app(w, `${w}-1`, 'hi'))] : []),
        ]),
      );
      expect(burst.filter((r) => r.created)).toHaveLength(24 * 3);
      expect(burst.filter((r) => !r.created).every((r) => r.message.content === 'hi')).toBe(true);
      for (const [i, first] of firsts.entries()) {
        const listed = await call(kefu, 'GET', `/api/v1/conversations/${first.conversation.id}/messages`, ws.tokens.agent);
        const items = listed.body.items as { seq: number; content: string; contactId?: string }[];
        expect(
          items.map((m) => m.seq),
          who[i],
        ).toEqual([1, 2, 3, 4]);
        expect(items.map((m) => m.content).sort()).toEqual(['hi', 'msg 2', 'msg 3', 'msg 4']);
      }
    });

    it('reopens a snoozed conversation and tells listeners, and starts afresh after a resolved one', async () => {
      const who = `snooze-${Date.now()}`;
      const first = await receiveMessage(kefu.ctx, appInbox, app(who, `${who}-1`, 'hello'));
      const url = `/api/v1/conversations/${first.conversation.id}`;
      const until = new Date(Date.now() + 3600_000).toISOString();
      expect((await call(kefu, 'PATCH', url, ws.tokens.agent, { status: 'snoozed', snoozedUntil: until })).status).toBe(200);
      const updates: string[][] = [];
      const stop = kefu.ctx.bus.on('conversation.updated', (e) => void updates.push(e.payload.changes));
      const again = await receiveMessage(kefu.ctx, appInbox, app(who, `${who}-2`, 'anyone there?'));
      await kefu.ctx.bus.drain();
      stop();
      expect(again).toMatchObject({ reopened: true, conversation: { id: first.conversation.id, status: 'open', snoozedUntil: null } });
      expect(updates).toContainEqual(['status']);
      expect((await call(kefu, 'PATCH', url, ws.tokens.agent, { status: 'resolved' })).status).toBe(200);
      const later = await receiveMessage(kefu.ctx, appInbox, app(who, `${who}-3`, 'one more thing'));
      expect(later).toMatchObject({ created: true, conversationCreated: true, contactId: first.contactId });
      expect(later.conversation.id).not.toBe(first.conversation.id);
    });
  });
});
