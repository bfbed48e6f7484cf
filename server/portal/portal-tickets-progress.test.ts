import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, sql, uniqueTag } from '../test/factories.ts';
import type { TestKefu, TestWorkspace } from '../test/harness.ts';
import { poll, settle as settleRig, staffTicketOf, startPortalTicketRig, submitTicket, type PortalTicketRig } from './portal-tickets-kit.ts';
import { PortalClient, type MailPeer } from './ticket-test-kit.ts';

let rig: PortalTicketRig;
let kefu: TestKefu;
let ws: TestWorkspace;
let mail: MailPeer;
let setup: PortalTicketRig['setup'];

beforeAll(async () => {
  rig = await startPortalTicketRig();
  ({ kefu, ws, mail, setup } = rig);
});
afterAll(() => rig?.close());

const settle = () => settleRig(rig);
const base = () => `/help/${ws.slug}/tickets`;
const submit = (client: PortalClient, form: Record<string, string>, slug?: string) => submitTicket(rig, client, form, slug);
const staffTicket = (number: string) => staffTicketOf(rig, number);

describe('files on a ticket', () => {
  const upload = async (client: PortalClient, name: string, type: string, data: Buffer) => {
    const res = await kefu.app.inject({
      method: 'POST',
      url: `${base()}/uploads`,
      payload: data,
      remoteAddress: client.ip,
      headers: {
        cookie: `kefu_portal_csrf=${client.cookie('kefu_portal_csrf')}`,
        'x-csrf-token': client.cookie('kefu_portal_csrf')!,
        'content-type': 'application/octet-stream',
        'x-filename': encodeURIComponent(name),
        'x-file-type': type,
      },
    });
    return { status: res.statusCode, id: (res.json() as { id?: string }).id ?? '' };
  };

  it('uploads a photo with the form, lets the requester download it, and nothing that is not theirs to see', async () => {
    const visitor = new PortalClient(kefu);
    await visitor.get(`${base()}/new?lang=zh-CN`);
    const photo = await upload(visitor, '破损.png', 'image/png', Buffer.from('fake png bytes'));
    const stray = await upload(visitor, 'other.pdf', 'application/pdf', Buffer.from('%PDF-1.4 stray'));
    expect([photo.status, stray.status]).toEqual([201, 201]);
    const sent = await submit(visitor, {
      email: `jo-${uniqueTag()}@example.test`,
      subject: '外箱破损',
      'field.order_no': 'SO-9',
      attachmentIds: photo.id,
    });
    const ticket = await staffTicket(sent.number);
    const staffFile = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      payload: Buffer.from('internal evidence'),
      headers: {
        authorization: `Bearer ${ws.tokens.agent}`,
        'content-type': 'application/octet-stream',
        'x-filename': 'internal.pdf',
        'x-file-type': 'application/pdf',
      },
    });
    const noteFile = (staffFile.json() as { id: string }).id;
    await call(kefu, 'POST', `/api/v1/tickets/${ticket.id}/activities`, ws.tokens.agent, {
      kind: 'note',
      body: '内部证据',
      attachments: [staffFile.json()],
    });

    const customer = new PortalClient(kefu);
    const page = await customer.open(sent.access);
    expect(page.body).toContain('破损.png');
    expect(page.body).not.toContain('internal.pdf');
    const download = await customer.get(`${base()}/${sent.number}/files/${photo.id}`);
    expect(download.status).toBe(200);
    expect(download.body).toBe('fake png bytes');
    expect(download.headers['content-disposition']).toContain('attachment');
    expect((await customer.get(`${base()}/${sent.number}/files/${stray.id}`)).status).toBe(404);
    expect((await customer.get(`${base()}/${sent.number}/files/${noteFile}`)).status).toBe(404);
    expect((await new PortalClient(kefu).get(`${base()}/${sent.number}/files/${photo.id}`)).status).toBe(404);
  });
});

describe('a ticket’s progress', () => {
  it('shows dispatch by team name, status in customer words, the expected time and staff replies, never internal notes', async () => {
    const email = `gina-${uniqueTag()}@example.test`;
    const sent = await submit(new PortalClient(kefu), { email, subject: '快递一直没到', 'field.order_no': 'SO-7' });
    const ticket = await staffTicket(sent.number);
    await call(kefu, 'PATCH', `/api/v1/tickets/${ticket.id}`, ws.tokens.agent, {
      teamId: setup.otherTeamId,
      status: 'open',
      labels: ['vip-internal'],
    });
    await call(kefu, 'POST', `/api/v1/tickets/${ticket.id}/activities`, ws.tokens.agent, { kind: 'note', body: '内部备注：疑似职业索赔' });
    const due = new Date(Date.now() + 2 * 3600_000 - 60_000).toISOString();
    await sql(kefu, `update tickets set sla = $1::jsonb where workspace_id = $2 and id = $3`, [
      JSON.stringify({ targets: { first_response: { dueAt: due, status: 'running' } } }),
      ws.id,
      ticket.id,
    ]);

    const customer = new PortalClient(kefu);
    const page = await customer.open(sent.access);
    expect(page.body).toContain('已派单至物流组');
    expect(page.body).toContain('处理中');
    expect(page.body).toContain('预计 2 小时内处理');
    expect(page.body).not.toContain('疑似职业索赔');
    expect(page.body).not.toContain('vip-internal');
    expect(page.body).not.toContain('Agent');

    await call(kefu, 'POST', `/api/v1/tickets/${ticket.id}/activities`, ws.tokens.agent, {
      kind: 'reply',
      body: '已联系快递，明天送达。',
      status: 'pending_customer',
    });
    await settle();
    await expect.poll(() => mail.to(email).length, poll).toBe(2);
    const replyMail = mail.to(email)[1]!;
    expect(replyMail.subject).toBe(`[演示商城] 您的工单 ${sent.number} 有新回复`);
    expect(replyMail.text).toContain('已联系快递，明天送达。');
    const after = await customer.get(`${base()}/${sent.number}`);
    expect(after.body).toContain('已联系快递，明天送达。');
    expect(after.body).toContain('待您回复');
    expect(after.body).not.toContain('预计'); // waiting on the customer: no promise

    const answered = await customer.post(`${base()}/${sent.number}/replies?lang=zh-CN`, { body: '好的，收到后告诉你们。' });
    expect(answered.status).toBe(303);
    const detail = await call(kefu, 'GET', `/api/v1/tickets/${ticket.id}`, ws.tokens.agent);
    expect(detail.body.ticket.status).toBe('open');
    expect(detail.body.activities.map((a: { kind: string }) => a.kind)).toContain('customer_reply');
    expect((await customer.get(`${base()}/${sent.number}`)).body).toContain('好的，收到后告诉你们。');
  });

  it('reopens within the window, then offers a new ticket instead and refuses with ticket_reopen_expired', async () => {
    const email = `hank-${uniqueTag()}@example.test`;
    const sent = await submit(new PortalClient(kefu), { email, subject: '耳机左边没声音', 'field.order_no': 'SO-8' });
    const ticket = await staffTicket(sent.number);
    await call(kefu, 'PATCH', `/api/v1/tickets/${ticket.id}`, ws.tokens.agent, { status: 'resolved' });
    await settle();
    await expect.poll(() => mail.to(email).map((m) => m.subject), poll).toContain(`[演示商城] 您的工单 ${sent.number} 已解决`);
    expect(mail.to(email).find((m) => m.subject?.includes('已解决'))!.text).toContain('7 天内可以在工单页面重新打开');

    const customer = new PortalClient(kefu);
    const page = await customer.open(sent.access);
    expect(page.body).toContain('已解决');
    expect(page.body).toContain('重新打开');
    expect((await customer.post(`${base()}/${sent.number}/reopen`, {})).status).toBe(303);
    expect((await staffTicket(sent.number)).status).toBe('reopened');
    expect((await customer.get(`${base()}/${sent.number}`)).body).toContain('工单已重新打开');

    await call(kefu, 'PATCH', `/api/v1/tickets/${ticket.id}`, ws.tokens.agent, { status: 'resolved' });
    await sql(kefu, "update tickets set resolved_at = now() - interval '8 days' where workspace_id = $1 and id = $2", [ws.id, ticket.id]);
    const late = await customer.get(`${base()}/${sent.number}`);
    expect(late.body).not.toContain('>重新打开<');
    expect(late.body).toContain('提交工单');
    const refused = await customer.post(`${base()}/${sent.number}/reopen`, {});
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.body).error.code).toBe('ticket_reopen_expired');
    expect((await customer.post(`${base()}/${sent.number}/replies`, { body: '还是坏的' })).status).toBe(409);

    // The window is a workspace setting: longer, and the same ticket may be reopened again.
    expect((await call(kefu, 'PUT', '/api/v1/portal/settings', ws.tokens.agent, { reopenDays: 30 })).status).toBe(403);
    expect((await call(kefu, 'PUT', '/api/v1/portal/settings', ws.tokens.admin, { reopenDays: 30 })).body).toEqual({ reopenDays: 30 });
    await customer.get(`${base()}/${sent.number}`);
    expect((await customer.post(`${base()}/${sent.number}/reopen`, {})).status).toBe(303);
    await call(kefu, 'PUT', '/api/v1/portal/settings', ws.tokens.admin, { reopenDays: 7 });
  });
});
