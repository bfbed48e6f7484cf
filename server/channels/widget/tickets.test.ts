import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectError, uniqueTag } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { createWidgetInbox, openSession } from './test-client.ts';

let kefu: TestKefu;
let ws: TestWorkspace;
let other: TestWorkspace;
let inboxId: string;
let otherInboxId: string;
let teamId: string;
const cat: Record<string, string> = {};

/** A widget call as the bundle makes it: visitor token as Bearer. */
async function widget(method: 'GET' | 'POST', url: string, token: string | undefined, payload?: unknown) {
  const res = await kefu.app.inject({
    method,
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  // Untyped on purpose, like `call`: tests read whatever shape the endpoint returns.
  return { status: res.statusCode, body: res.json(), raw: res.body };
}

async function visitorToken(inbox = inboxId): Promise<string> {
  return (await openSession(kefu, inbox)).body.visitorToken;
}

async function category(body: Record<string, unknown>, workspace = ws): Promise<string> {
  const res = await call(kefu, 'POST', '/api/v1/ticket-categories', workspace.tokens.operator, body);
  expect(res.status, res.raw).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu);
  other = await createTestWorkspace(kefu, 'Other Shop');
  inboxId = await createWidgetInbox(kefu, ws.tokens.admin, { rateLimit: { burst: 200, perMinute: 6000 } });
  otherInboxId = await createWidgetInbox(kefu, other.tokens.admin);
  const team = await call(kefu, 'POST', '/api/v1/routing/teams', ws.tokens.admin, { name: '售后组', memberIds: [ws.users.agent.id] });
  teamId = team.body.id;
  cat.afterSales = await category({ key: 'after_sales', name: '售后服务', nameEn: 'After-sales', teamId });
  cat.returns = await category({ parentId: cat.afterSales, key: 'returns', name: '退货', nameEn: 'Returns' });
  cat.quality = await category({ parentId: cat.returns, key: 'quality', name: '质量问题', nameEn: 'Quality', defaultPriority: 'high' });
  cat.old = await category({ key: 'old', name: '旧分类' });
  cat.oldChild = await category({ parentId: cat.old, key: 'child', name: '旧子类' });
  await call(kefu, 'PATCH', `/api/v1/ticket-categories/${cat.old}`, ws.tokens.operator, { archived: true });
  cat.foreign = await category({ key: 'foreign', name: '别家' }, other);
  const field = await call(kefu, 'POST', '/api/v1/ticket-fields', ws.tokens.operator, {
    key: 'order_number',
    label: '订单号',
    labelEn: 'Order number',
    type: 'text',
    customerVisible: true,
  });
  expect(field.status, field.raw).toBe(201);
  await call(kefu, 'POST', '/api/v1/ticket-fields', ws.tokens.operator, { key: 'internal_score', label: '内部评分', type: 'number' });
});

afterAll(async () => {
  await kefu?.close();
});

describe('widget tickets', () => {
  it('offers the live category tree with both names and only the customer fields', async () => {
    const token = await visitorToken();
    const form = await widget('GET', `/channels/widget/${inboxId}/ticket-form`, token);
    expect(form.status, form.raw).toBe(200);
    const ids = form.body.categories.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining([cat.afterSales, cat.returns, cat.quality]));
    expect(ids).not.toContain(cat.old);
    expect(ids).not.toContain(cat.oldChild);
    expect(ids).not.toContain(cat.foreign);
    expect(form.body.categories.find((c: { id: string }) => c.id === cat.returns)).toMatchObject({
      parentId: cat.afterSales,
      level: 2,
      name: '退货',
      nameEn: 'Returns',
    });
    expect(form.body.fields.map((f: { key: string }) => f.key)).toEqual(['order_number']);
  });

  it('refuses calls without a valid visitor token of this inbox', async () => {
    expectError(await widget('GET', `/channels/widget/${inboxId}/tickets`, undefined), 'visitor_token_invalid');
    const foreign = await visitorToken(otherInboxId);
    expectError(await widget('GET', `/channels/widget/${inboxId}/tickets`, foreign), 'visitor_token_invalid');
    expectError(await widget('POST', `/channels/widget/${inboxId}/tickets`, 'forged.token', { description: 'x' }), 'visitor_token_invalid');
  });

  it('files a ticket for a first-time visitor, dispatched by the chosen category, once per clientRequestId', async () => {
    const token = await visitorToken();
    const body = {
      categoryId: cat.quality,
      description: '耳机收到第二天就充不进电了\n麻烦处理一下',
      customFields: { order_number: 'DS2026112000123' },
      clientRequestId: `form-${uniqueTag()}`,
    };
    const made = await widget('POST', `/channels/widget/${inboxId}/tickets`, token, body);
    expect(made.status, made.raw).toBe(201);
    expect(made.body).toMatchObject({ subject: '耳机收到第二天就充不进电了', status: 'new', source: 'widget', categoryId: cat.quality });
    expect(made.body.number).toMatch(/^T-\d{4}-\d{6}$/);
    expect(made.body).not.toHaveProperty('assigneeId');

    const again = await widget('POST', `/channels/widget/${inboxId}/tickets`, token, body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(made.body.id);

    const staff = await call(kefu, 'GET', `/api/v1/tickets/${made.body.id}`, ws.tokens.agent);
    expect(staff.body.ticket ?? staff.body).toMatchObject({ teamId, priority: 'high', customFields: { order_number: 'DS2026112000123' } });
    const mine = await widget('GET', `/channels/widget/${inboxId}/tickets`, token);
    expect(mine.body.items.map((t: { id: string }) => t.id)).toEqual([made.body.id]);
  });

  it('refuses bad input with stable codes', async () => {
    const token = await visitorToken();
    const url = `/channels/widget/${inboxId}/tickets`;
    expectError(await widget('POST', url, token, { description: '' }), 'validation_failed');
    expectError(await widget('POST', url, token, { description: 'x', categoryId: cat.foreign }), 'validation_failed');
    expectError(await widget('POST', url, token, { description: 'x', categoryId: cat.old }), 'validation_failed');
    expectError(await widget('POST', url, token, { description: 'x', customFields: { internal_score: 3 } }), 'validation_failed');
    expectError(await widget('POST', url, token, { description: 'x', attachmentIds: ['att_00000000000000000000000000'] }), 'validation_failed');
    expectError(await widget('POST', url, token, { description: 'x', extra: 1 }), 'validation_failed');
    expectError(await widget('GET', `${url}/not-a-ticket-id`, token), 'validation_failed');
  });

  it('shows a visitor only their own tickets, with public progress but no internal notes', async () => {
    const alice = await visitorToken();
    const bob = await visitorToken();
    const made = await widget('POST', `/channels/widget/${inboxId}/tickets`, alice, { description: '发票抬头开错了' });
    const id = made.body.id as string;
    const note = await call(kefu, 'POST', `/api/v1/tickets/${id}/activities`, ws.tokens.agent, { kind: 'note', body: '内部：客户是VIP' });
    expect(note.status, note.raw).toBe(201);
    const answer = await call(kefu, 'POST', `/api/v1/tickets/${id}/activities`, ws.tokens.agent, {
      kind: 'reply',
      body: '已为您重开发票，请查收',
      status: 'pending_customer',
    });
    expect(answer.status, answer.raw).toBe(201);

    const detail = await widget('GET', `/channels/widget/${inboxId}/tickets/${id}`, alice);
    expect(detail.status, detail.raw).toBe(200);
    expect(detail.body.ticket.status).toBe('pending_customer');
    const bodies = detail.body.activities.map((a: { body: string }) => a.body);
    expect(bodies).toContain('已为您重开发票，请查收');
    expect(bodies.join()).not.toContain('VIP');
    expect(detail.body.activities.find((a: { body: string }) => a.body === '已为您重开发票，请查收')).toMatchObject({
      from: 'support',
      kind: 'reply',
    });

    expect((await widget('GET', `/channels/widget/${inboxId}/tickets`, bob)).body.items).toEqual([]);
    expectError(await widget('GET', `/channels/widget/${inboxId}/tickets/${id}`, bob), 'not_found');
    expectError(await widget('POST', `/channels/widget/${inboxId}/tickets/${id}/replies`, bob, { body: 'hi' }), 'not_found');
    const otherVisitor = await visitorToken(otherInboxId);
    expectError(await widget('GET', `/channels/widget/${otherInboxId}/tickets/${id}`, otherVisitor), 'not_found');

    const replied = await widget('POST', `/channels/widget/${inboxId}/tickets/${id}/replies`, alice, { body: '收到了，谢谢' });
    expect(replied.status, replied.raw).toBe(201);
    expect(replied.body).toMatchObject({ kind: 'customer_reply', from: 'customer', body: '收到了，谢谢' });
    const after = await call(kefu, 'GET', `/api/v1/tickets/${id}`, ws.tokens.agent);
    expect((after.body.ticket ?? after.body).status).toBe('open');

    await call(kefu, 'PATCH', `/api/v1/tickets/${id}`, ws.tokens.agent, { status: 'closed' });
    expectError(await widget('POST', `/channels/widget/${inboxId}/tickets/${id}/replies`, alice, { body: '还有问题' }), 'ticket_closed');
  });

  it('lets only the requester download the files of their ticket', async () => {
    const alice = await visitorToken();
    const bob = await visitorToken();
    const upload = await kefu.app.inject({
      method: 'POST',
      url: `/channels/widget/${inboxId}/attachments`,
      headers: {
        authorization: `Bearer ${alice}`,
        'content-type': 'application/octet-stream',
        'x-filename': encodeURIComponent('发票.txt'),
        'x-file-type': 'text/plain',
      },
      payload: Buffer.from('invoice #1'),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const attachmentId = (upload.json() as { id: string }).id;
    const made = await widget('POST', `/channels/widget/${inboxId}/tickets`, alice, { description: '发票见附件', attachmentIds: [attachmentId] });
    expect(made.status, made.raw).toBe(201);
    const url = `/channels/widget/${inboxId}/tickets/${made.body.id}/attachments/${attachmentId}`;
    const mine = await kefu.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${alice}` } });
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toBe('invoice #1');
    expectError(await widget('GET', url, bob), 'not_found');
    const unrelated = await widget('POST', `/channels/widget/${inboxId}/tickets`, alice, { description: '另一个问题' });
    expectError(await widget('GET', `/channels/widget/${inboxId}/tickets/${unrelated.body.id}/attachments/${attachmentId}`, alice), 'not_found');
  });

  it('takes ticket calls from the visitor rate bucket, and refuses them when the inbox has tickets off', async () => {
    const tight = await createWidgetInbox(kefu, ws.tokens.admin, { rateLimit: { burst: 2, perMinute: 1 } });
    const token = await visitorToken(tight);
    expect((await widget('GET', `/channels/widget/${tight}/tickets`, token)).status).toBe(200);
    expect((await widget('GET', `/channels/widget/${tight}/tickets`, token)).status).toBe(200);
    expectError(await widget('GET', `/channels/widget/${tight}/tickets`, token), 'rate_limited');

    const off = await createWidgetInbox(kefu, ws.tokens.admin, { tickets: false });
    const session = await openSession(kefu, off);
    expect(session.body).toMatchObject({ widget: { tickets: false } });
    expectError(await widget('GET', `/channels/widget/${off}/ticket-form`, session.body.visitorToken), 'widget_tickets_off');
  });
});
