import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectError, uniqueTag } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { resolveContact } from '../contacts/index.ts';
import { storeConversationMessage, storeIncomingMessage } from '../conversations/index.ts';

const URL = '/api/v1/tickets';

describe('tickets', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let inboxId: string;
  let contactId: string;
  let teamId: string;
  let returnsId: string;

  async function newContact(workspaceId: string): Promise<string> {
    const contact = await kefu.ctx.db.transaction((tx) =>
      resolveContact(tx, workspaceId, { kind: 'app', value: `u-${uniqueTag()}` }, { name: '王芳' }),
    );
    return contact.id;
  }

  async function ticket(body: Record<string, unknown> = {}, token = ws.tokens.agent) {
    const res = await call(kefu, 'POST', URL, token, { subject: '耳机充不进电', contactId, ...body });
    expect(res.status, res.raw).toBe(201);
    return res.body as { id: string; number: string; status: string; teamId: string | null; priority: string };
  }

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other Shop');
    const inbox = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: 'App' });
    inboxId = inbox.body.id;
    contactId = await newContact(ws.id);
    const team = await call(kefu, 'POST', '/api/v1/routing/teams', ws.tokens.admin, {
      name: '售后组',
      memberIds: [ws.users.agent.id],
      skills: ['售后'],
    });
    teamId = team.body.id;
    const l1 = await call(kefu, 'POST', '/api/v1/ticket-categories', ws.tokens.operator, {
      key: 'after_sales',
      name: '售后服务',
      nameEn: 'After-sales',
      teamId,
    });
    expect(l1.status, l1.raw).toBe(201);
    const l2 = await call(kefu, 'POST', '/api/v1/ticket-categories', ws.tokens.operator, { parentId: l1.body.id, key: 'returns', name: '退货' });
    const l3 = await call(kefu, 'POST', '/api/v1/ticket-categories', ws.tokens.operator, {
      parentId: l2.body.id,
      key: 'quality',
      name: '质量问题',
      defaultPriority: 'high',
    });
    returnsId = l3.body.id;
  });
  afterAll(() => kefu.close());

  it('numbers tickets T-<year>-000001 onwards per workspace, never twice under concurrency', async () => {
    const made = await Promise.all(Array.from({ length: 12 }, () => ticket()));
    const numbers = made.map((t) => t.number);
    expect(new Set(numbers).size).toBe(12);
    const year = new Date().getUTCFullYear();
    for (const n of numbers) expect(n).toMatch(new RegExp(`^T-${year}-\\d{6}$`));
    const otherContact = await newContact(other.id);
    const first = await call(kefu, 'POST', URL, other.tokens.agent, { subject: 'x', contactId: otherContact });
    expect(first.body.number).toBe(`T-${year}-000001`);
  });

  it('dispatches by the category: the team of the nearest ancestor and the leaf starting priority', async () => {
    const t = await ticket({ categoryId: returnsId, description: '收到第二天就坏了' });
    expect(t).toMatchObject({ teamId, priority: 'high', status: 'new' });
    const explicit = await ticket({ categoryId: returnsId, priority: 'urgent', teamId: null });
    expect(explicit).toMatchObject({ teamId: null, priority: 'urgent' });
  });

  it('records every change with before and after, and the first reply opens and stamps the ticket', async () => {
    const t = await ticket();
    const patched = await call(kefu, 'PATCH', `${URL}/${t.id}`, ws.tokens.agent, { priority: 'urgent', labels: ['vip', 'vip'] });
    expect(patched.body).toMatchObject({ priority: 'urgent', labels: ['vip'], status: 'new' });
    const note = await call(kefu, 'POST', `${URL}/${t.id}/activities`, ws.tokens.agent, { kind: 'note', body: '先查物流' });
    expect(note.status, note.raw).toBe(201);
    expect(note.body.ticket.firstRespondedAt).toBeNull();
    const reply = await call(kefu, 'POST', `${URL}/${t.id}/activities`, ws.tokens.agent, {
      body: '您好，已为您登记换货。',
      status: 'pending_customer',
    });
    expect(reply.body.ticket).toMatchObject({ status: 'pending_customer' });
    expect(reply.body.ticket.firstRespondedAt).not.toBeNull();

    const detail = await call(kefu, 'GET', `${URL}/${t.id}`, ws.tokens.agent);
    const kinds = detail.body.activities.map((a: { kind: string }) => a.kind);
    expect(kinds).toEqual(['created', 'change', 'note', 'reply', 'change']);
    const change = detail.body.activities[1];
    expect(change.data.changes).toEqual({ priority: ['normal', 'urgent'], labels: [[], ['vip']] });
    expect(detail.body.activities[2].public).toBe(false);
    expect(detail.body.activities[3].public).toBe(true);
  });

  it('resolving stamps the time and emits ticket.resolved; a customer reply reopens it', async () => {
    const t = await ticket();
    const resolvedEvents: string[] = [];
    const off = kefu.ctx.bus.on('ticket.resolved', (e) => void resolvedEvents.push(e.payload.ticket.id));
    const resolved = await call(kefu, 'PATCH', `${URL}/${t.id}`, ws.tokens.agent, { status: 'resolved' });
    expect(resolved.body.resolvedAt).not.toBeNull();
    await kefu.ctx.bus.drain();
    off();
    expect(resolvedEvents).toEqual([t.id]);
    const { addCustomerReply } = await import('./index.ts');
    const { change } = await addCustomerReply(kefu.ctx, ws.id, contactId, t.id, { body: '还是不行' });
    expect(change.ticket).toMatchObject({ status: 'reopened', resolvedAt: null });
  });

  it('lists most recently updated first with filters and keyset pages that neither skip nor repeat', async () => {
    const label = `batch-${uniqueTag()}`;
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await ticket({ labels: [label], priority: i % 2 ? 'low' : 'normal' }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof call>> = await call(
        kefu,
        'GET',
        `${URL}?label=${label}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        ws.tokens.agent,
      );
      expect(page.status, page.raw).toBe(200);
      seen.push(...page.body.items.map((t: { id: string }) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(made.map((t) => t.id).reverse());
    const low = await call(kefu, 'GET', `${URL}?label=${label}&priority=low`, ws.tokens.agent);
    expect(low.body.items).toHaveLength(3);
    expect(low.body.items[0].contact).toMatchObject({ id: contactId, name: '王芳' });
    const byNumber = await call(kefu, 'GET', `${URL}?q=${made[2]!.number.toLowerCase()}`, ws.tokens.agent);
    expect(byNumber.body.items.map((t: { id: string }) => t.id)).toEqual([made[2]!.id]);
    const mine = await call(kefu, 'GET', `${URL}?label=${label}&assigneeId=me`, ws.tokens.agent);
    expect(mine.body.items).toEqual([]);
    expectError(await call(kefu, 'GET', `${URL}?cursor=garbage`, ws.tokens.agent), 'validation_failed');
    expectError(await call(kefu, 'GET', `${URL}?status=open,bogus`, ws.tokens.agent), 'validation_failed');
  });

  it('merges a duplicate: history and conversations move, the duplicate is closed and points at the survivor', async () => {
    const keep = await ticket({ subject: '退款没到账' });
    const dup = await ticket({ subject: '退款还没到' });
    await call(kefu, 'POST', `${URL}/${dup.id}/activities`, ws.tokens.agent, { kind: 'note', body: '同一笔订单' });
    const merged = await call(kefu, 'POST', `${URL}/${dup.id}/merge`, ws.tokens.agent, { intoTicketId: keep.id });
    expect(merged.status, merged.raw).toBe(200);
    expect(merged.body.source).toMatchObject({ status: 'closed', mergedIntoId: keep.id });
    const detail = await call(kefu, 'GET', `${URL}/${keep.id}`, ws.tokens.agent);
    expect(detail.body.activities.some((a: { body: string }) => a.body === '同一笔订单')).toBe(true);
    expect(detail.body.links).toEqual([{ kind: 'duplicate', ticket: expect.objectContaining({ id: dup.id }) }]);
    expectError(await call(kefu, 'POST', `${URL}/${dup.id}/merge`, ws.tokens.agent, { intoTicketId: keep.id }), 'ticket_merge_invalid');
    expectError(await call(kefu, 'POST', `${URL}/${keep.id}/merge`, ws.tokens.agent, { intoTicketId: keep.id }), 'ticket_merge_invalid');
  });

  it('splits chosen replies into a related ticket and refuses a parent cycle', async () => {
    const t = await ticket();
    const a = await call(kefu, 'POST', `${URL}/${t.id}/activities`, ws.tokens.agent, { kind: 'note', body: '另一个问题：发票' });
    const split = await call(kefu, 'POST', `${URL}/${t.id}/split`, ws.tokens.agent, { subject: '发票', activityIds: [a.body.activity.id] });
    expect(split.status, split.raw).toBe(201);
    expect(split.body).toMatchObject({ source: 'split', contactId });
    const child = await call(kefu, 'GET', `${URL}/${split.body.id}`, ws.tokens.agent);
    expect(child.body.activities.map((x: { body: string }) => x.body)).toContain('另一个问题：发票');
    expect(child.body.links[0]).toMatchObject({ kind: 'related', ticket: { id: t.id } });

    expect((await call(kefu, 'PATCH', `${URL}/${split.body.id}`, ws.tokens.agent, { parentId: t.id })).status).toBe(200);
    expectError(await call(kefu, 'PATCH', `${URL}/${t.id}`, ws.tokens.agent, { parentId: split.body.id }), 'validation_failed');
    const parent = await call(kefu, 'GET', `${URL}/${t.id}`, ws.tokens.agent);
    expect(parent.body.children.map((c: { id: string }) => c.id)).toEqual([split.body.id]);
  });

  it('checks custom fields against their definitions', async () => {
    const key = `order_${uniqueTag()}`;
    const field = await call(kefu, 'POST', '/api/v1/ticket-fields', ws.tokens.admin, { key, label: '订单号', type: 'text' });
    expect(field.status, field.raw).toBe(201);
    const sel = await call(kefu, 'POST', '/api/v1/ticket-fields', ws.tokens.admin, {
      key: `${key}_ch`,
      label: '渠道',
      type: 'select',
      options: ['天猫', '京东'],
    });
    const ok = await ticket({ customFields: { [key]: 'E20261121001', [`${key}_ch`]: '京东' } });
    const bad = await call(kefu, 'POST', URL, ws.tokens.agent, { subject: 'x', contactId, customFields: { [`${key}_ch`]: '拼多多', nope: 1 } });
    expectError(bad, 'validation_failed');
    expect(bad.body.error.details.map((d: { path: string[] }) => d.path.join('.'))).toEqual([`customFields.${key}_ch`, 'customFields.nope']);
    expect((await call(kefu, 'PATCH', `${URL}/${ok.id}`, ws.tokens.agent, { customFields: { [key]: 5 } })).status).toBe(400);
    expectError(await call(kefu, 'POST', '/api/v1/ticket-fields', ws.tokens.admin, { key, label: 'again', type: 'text' }), 'ticket_field_taken');
    expect((await call(kefu, 'DELETE', `/api/v1/ticket-fields/${sel.body.id}`, ws.tokens.agent)).status).toBe(403);
  });

  it('keeps categories to three levels and configuration to those allowed to configure', async () => {
    expectError(
      await call(kefu, 'POST', '/api/v1/ticket-categories', ws.tokens.admin, { parentId: returnsId, key: 'deeper', name: '第四级' }),
      'category_too_deep',
    );
    expect((await call(kefu, 'POST', '/api/v1/ticket-categories', ws.tokens.agent, { key: 'x', name: 'x' })).status).toBe(403);
    const tree = await call(kefu, 'GET', '/api/v1/ticket-categories', ws.tokens.agent);
    expect(tree.body.items.map((c: { level: number }) => c.level)).toEqual([1, 2, 3]);
  });

  it('makes a pre-filled ticket from a conversation in one click, and the timeline says so', async () => {
    const conversation = await kefu.ctx.db.transaction(async (tx) => {
      const stored = await storeIncomingMessage(tx, {
        workspaceId: ws.id,
        inboxId,
        contactId,
        initialStatus: 'open',
        message: { sourceId: null, content: '我买的X3耳机充不进电，已经第二次了，要求退货！' },
      });
      await storeConversationMessage(tx, stored.conversation, {
        type: 'note',
        senderType: 'bot',
        senderId: null,
        content: '转人工摘要：意图 退货；情绪 愤怒',
      });
      return stored.conversation;
    });
    const made = await call(kefu, 'POST', `/api/v1/conversations/${conversation.id}/tickets`, ws.tokens.agent, { categoryId: returnsId });
    expect(made.status, made.raw).toBe(201);
    expect(made.body).toMatchObject({ source: 'conversation', contactId, teamId, subject: '我买的X3耳机充不进电，已经第二次了，要求退货！' });
    expect(made.body.description).toContain('转人工摘要');
    expect(made.body.description).toContain('客户 Customer: 我买的X3耳机充不进电');
    const linked = await call(kefu, 'GET', `/api/v1/conversations/${conversation.id}/tickets`, ws.tokens.agent);
    expect(linked.body.items.map((t: { id: string }) => t.id)).toEqual([made.body.id]);
    const timeline = await call(kefu, 'GET', `/api/v1/conversations/${conversation.id}/messages`, ws.tokens.agent);
    const line = timeline.body.items.find((m: { type: string }) => m.type === 'activity');
    expect(line.contentAttributes.ticket).toMatchObject({ id: made.body.id, number: made.body.number });
  });

  it('never shows or touches another workspace’s tickets, and refuses unknown references', async () => {
    const t = await ticket();
    expectError(await call(kefu, 'GET', `${URL}/${t.id}`, other.tokens.admin), 'not_found');
    expectError(await call(kefu, 'PATCH', `${URL}/${t.id}`, other.tokens.admin, { status: 'closed' }), 'not_found');
    const theirs = await call(kefu, 'GET', URL, other.tokens.admin);
    expect(theirs.body.items.some((x: { id: string }) => x.id === t.id)).toBe(false);
    const otherContact = await newContact(other.id);
    expectError(await call(kefu, 'POST', URL, ws.tokens.agent, { subject: 'x', contactId: otherContact }), 'validation_failed');
    expectError(
      await call(kefu, 'POST', URL, ws.tokens.agent, { subject: 'x', contactId, categoryId: 'tcat_00000000000000000000000000' }),
      'validation_failed',
    );
    expectError(
      await call(kefu, 'POST', `${URL}/${t.id}/merge`, ws.tokens.agent, {
        intoTicketId: (await call(kefu, 'POST', URL, other.tokens.agent, { subject: 'y', contactId: otherContact })).body.id,
      }),
      'not_found',
    );
  });
});
