import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, sql, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { addFaqs } from './portal-test-kit.ts';
import { buildTicketSetup, linkIn, PortalClient, startMailPeer, type MailPeer } from './ticket-test-kit.ts';

let kefu: TestKefu;
let ws: TestWorkspace;
let other: TestWorkspace;
let mail: MailPeer;
let setup: Awaited<ReturnType<typeof buildTicketSetup>>;

const poll = { timeout: 10_000, interval: 50 };
const settle = async () => {
  await kefu.ctx.bus.drain();
  await kefu.drainJobs();
};
const base = () => `/help/${ws.slug}/tickets`;

/** A visitor fills in the ticket form (after loading it, as a browser would) and confirms past any suggested answers. */
async function submit(client: PortalClient, form: Record<string, string>, slug = ws.slug) {
  await client.get(`/help/${slug}/tickets/new?lang=zh-CN`);
  const res = await client.post(`/help/${slug}/tickets/new?lang=zh-CN`, { confirmed: '1', ...form });
  await settle();
  const number = /T-\d{4}-\d{6}/.exec(res.body)?.[0] ?? '';
  const access =
    /href="(?:https?:\/\/[^/"]+)?(\/help\/[^"]+\/tickets\/access\/[^"?]+\?lang=[^"]+)"/.exec(res.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
  return { ...res, number, access };
}

/** Sign in through the emailed link; returns the client. */
async function signIn(email: string) {
  const client = new PortalClient(kefu);
  await client.get(base());
  const before = mail.to(email).length;
  const res = await client.post(`${base()}/sign-in?lang=zh-CN`, { email });
  expect(res.status).toBe(200);
  await settle();
  await expect.poll(() => mail.to(email).length, poll).toBe(before + 1);
  const link = linkIn(mail.to(email).at(-1));
  await client.get(link);
  const landed = await client.post(link, {});
  expect(landed.status).toBe(303);
  expect((await client.get(landed.location!)).status).toBe(200);
  return { client, link };
}

const staffTicket = async (number: string) => {
  const list = await call(kefu, 'GET', `/api/v1/tickets?q=${number}`, ws.tokens.agent);
  return list.body.items[0] as {
    id: string;
    status: string;
    source: string;
    categoryId: string;
    teamId: string;
    customFields: Record<string, unknown>;
    contactId: string;
  };
};

beforeAll(async () => {
  mail = await startMailPeer();
  kefu = await buildTestKefu({ KEFU_SMTP_RELAY_URL: mail.url });
  ws = await createTestWorkspace(kefu, '演示商城');
  other = await createTestWorkspace(kefu, 'Other Shop');
  setup = await buildTicketSetup(kefu, ws);
  await addFaqs(kefu, ws, [
    { key: 'refund-time', locale: 'zh-CN', question: '退款多久到账？', similar: ['退款什么时候到'], answer: '1–3 个工作日。' },
  ]);
});

afterAll(async () => {
  await kefu?.close();
  await mail?.close();
});

describe('submitting a ticket on the help center', () => {
  it('guides by category, dispatches to the category’s team, and mails a confirmation whose link opens the ticket', async () => {
    const [c1, c2, c3] = setup.categories;
    const visitor = new PortalClient(kefu);
    const first = await visitor.get(`${base()}/new?lang=zh-CN`);
    expect(first.status).toBe(200);
    expect(first.body).toContain('售后服务');
    expect(first.body).not.toContain('质量问题'); // level 3 appears once levels 1 and 2 are chosen
    const picked = await visitor.get(`${base()}/new?lang=zh-CN&c1=${c1}&c2=${c2}&c3=${c3}`);
    expect(picked.body).toContain(`<option value="${c3}" selected>质量问题</option>`);
    expect(picked.body).toContain(`name="categoryId" value="${c3}"`);
    expect(picked.body).toContain('订单号');
    expect(picked.body).not.toContain('风险备注'); // internal fields stay off the customer's form

    const email = `ann-${uniqueTag()}@example.test`;
    const res = await visitor.post(`${base()}/new?lang=zh-CN`, {
      email,
      name: 'Ann',
      subject: '杯子收到就是裂的',
      description: '订单里的杯子有裂痕，想退货。',
      categoryId: c3,
      'field.order_no': 'SO-20261121-88',
      confirmed: '1',
    });
    await settle();
    expect(res.status).toBe(201);
    const number = /T-\d{4}-\d{6}/.exec(res.body)![0];
    expect(res.body).toContain('工单已提交');

    const ticket = await staffTicket(number);
    expect(ticket).toMatchObject({
      source: 'portal',
      status: 'new',
      categoryId: c3,
      teamId: setup.teamId,
      customFields: { order_no: 'SO-20261121-88' },
    });

    await expect.poll(() => mail.to(email).length, poll).toBe(1);
    const confirmation = mail.to(email)[0]!;
    expect(confirmation.subject).toBe(`[演示商城] 已收到您的工单 ${number}：杯子收到就是裂的`);
    // Someone else's browser (no cookies) opens the emailed link: the ticket, nothing more.
    const stranger = new PortalClient(kefu);
    const opened = await stranger.open(linkIn(confirmation));
    expect(opened.status).toBe(200);
    expect(opened.body).toContain('杯子收到就是裂的');
    expect(opened.body).toContain('已受理');
    expect(opened.body).toContain('售后服务 › 退货 › 质量问题');
    expect(stranger.cookie('kefu_portal')).toBeDefined();
    // The session from a ticket link lists nothing: it is not a sign-in.
    expect((await stranger.get(base())).body).toContain('发送登录链接');
  });

  it('shows matching answers before a ticket is sent, and sends it when the customer goes on', async () => {
    const visitor = new PortalClient(kefu);
    await visitor.get(`${base()}/new?lang=zh-CN`);
    const email = `bob-${uniqueTag()}@example.test`;
    const form = { email, subject: '退款多久到账', description: '', 'field.order_no': 'SO-1' };
    const asked = await visitor.post(`${base()}/new?lang=zh-CN`, form);
    expect(asked.status).toBe(200);
    expect(asked.body).toContain('这些答案也许能解决您的问题');
    expect(asked.body).toContain('退款多久到账？');
    expect(asked.body).toContain('name="confirmed" value="1"');
    // The category chosen before the answers were shown is still chosen in the pickers.
    const [leaf] = await sql<{ id: string; parent_id: string }>(
      kefu,
      'select id, parent_id from ticket_categories where workspace_id = $1 and level = 2 order by position limit 1',
      [ws.id],
    );
    const again = await visitor.post(`${base()}/new?lang=zh-CN`, { ...form, categoryId: leaf!.id });
    expect(again.body).toContain(`<option value="${leaf!.parent_id}" selected>`);
    expect(again.body).toContain(`<option value="${leaf!.id}" selected>`);
    expect((await call(kefu, 'GET', `/api/v1/tickets?q=${encodeURIComponent('退款多久到账')}`, ws.tokens.agent)).body.items).toEqual([]);
    const sent = await visitor.post(`${base()}/new?lang=zh-CN`, { ...form, confirmed: '1' });
    expect(sent.status).toBe(201);
  });

  it('refuses bad input with 4xx and keeps what was typed', async () => {
    const visitor = new PortalClient(kefu);
    await visitor.get(`${base()}/new?lang=zh-CN`);
    expect((await visitor.post(`${base()}/new`, { email: 'x@example.test', subject: '' })).status).toBe(400);
    const noEmail = await visitor.post(`${base()}/new?lang=zh-CN`, { email: 'not-an-email', subject: '问题', 'field.order_no': 'A', confirmed: '1' });
    expect(noEmail.status).toBe(400);
    expect(noEmail.body).toContain('value="问题"');
    const missingField = await visitor.post(`${base()}/new?lang=zh-CN`, { email: 'c@example.test', subject: '缺订单号', confirmed: '1' });
    expect(missingField.status).toBe(400);
    expect(missingField.body).toContain('order_no');
    const badCategory = await visitor.post(`${base()}/new?lang=zh-CN`, {
      email: 'c@example.test',
      subject: '乱填分类',
      categoryId: 'tcat_00000000000000000000000000',
      'field.order_no': 'A',
      confirmed: '1',
    });
    expect(badCategory.status).toBe(400);
    expect(badCategory.body).toContain('value="乱填分类"');
    const forged = await visitor.post(`${base()}/new?lang=zh-CN`, {
      email: 'c@example.test',
      subject: 'x',
      attachmentIds: 'att_<script>',
      confirmed: '1',
    });
    expect(forged.status).toBe(400);
    expect((await visitor.get(`${base()}/sign-in/not-a-token`)).status).toBe(400);
    const html = await kefu.app.inject({
      method: 'POST',
      url: `/help/${ws.slug}/tickets/uploads`,
      payload: Buffer.from('<script>alert(1)</script>'),
      headers: {
        cookie: `kefu_portal_csrf=${visitor.cookie('kefu_portal_csrf')}`,
        'x-csrf-token': visitor.cookie('kefu_portal_csrf')!,
        'content-type': 'application/octet-stream',
        'x-filename': 'a.html',
        'x-file-type': 'text/html',
      },
    });
    expect(html.statusCode).toBe(400);
    expect((await visitor.get(`/help/no-such-shop-${uniqueTag()}/tickets`)).status).toBe(404);
  });

  it('refuses forms without the CSRF token', async () => {
    const visitor = new PortalClient(kefu);
    await visitor.get(`${base()}/new?lang=zh-CN`);
    const missing = await visitor.post(`${base()}/new`, { _csrf: '', email: 'd@example.test', subject: 'x', confirmed: '1' });
    expect(missing.status).toBe(403);
    expect(JSON.parse(missing.body).error.code).toBe('csrf_invalid');
    const wrong = await visitor.post(`${base()}/sign-in`, { _csrf: 'A'.repeat(32), email: 'd@example.test' });
    expect(wrong.status).toBe(403);
    const cookieless = await kefu.app.inject({
      method: 'POST',
      url: `${base()}/sign-in`,
      payload: `_csrf=${visitor.csrf()}&email=d%40example.test`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(cookieless.statusCode).toBe(403);
  });
});

describe('signing in and following tickets', () => {
  it('mails a single-use 15-minute link only to known customers, answering everyone the same', async () => {
    const email = `cara-${uniqueTag()}@example.test`;
    await submit(new PortalClient(kefu), { email, subject: '发票抬头写错了', 'field.order_no': 'SO-2' });
    const known = new PortalClient(kefu);
    await known.get(base());
    const a = await known.post(`${base()}/sign-in?lang=zh-CN`, { email });
    const unknownEmail = `nobody-${uniqueTag()}@example.test`;
    const b = await known.post(`${base()}/sign-in?lang=zh-CN`, { email: unknownEmail });
    await settle();
    expect(a.status).toBe(b.status);
    expect(a.body.replace(email, 'X')).toBe(b.body.replace(unknownEmail, 'X'));
    expect(mail.to(unknownEmail)).toEqual([]);
    await expect.poll(() => mail.to(email).length, poll).toBe(2); // confirmation + sign-in
    const link = linkIn(mail.to(email).at(-1));
    expect(mail.to(email).at(-1)!.subject).toContain('登录帮助中心');
    // Opening the link (as a mail scanner would) spends nothing; the click does.
    expect((await new PortalClient(kefu).get(link)).status).toBe(200);
    await known.get(link);
    const first = await known.open((await known.post(link, {})).location!);
    expect(first.body).toContain('发票抬头写错了');
    expect(known.cookie('kefu_portal')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await new PortalClient(kefu).get(link)).status).toBe(400); // used once already
    const replay = new PortalClient(kefu);
    await replay.get(base());
    expect((await replay.post(link, {})).status).toBe(400);
    const rows = await sql<{ token_hash: string }>(kefu, 'select token_hash from portal_grants where workspace_id = $1', [ws.id]);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash) && !link.includes(r.token_hash))).toBe(true);

    // An expired link does not work either.
    const again = new PortalClient(kefu);
    await again.get(base());
    await again.post(`${base()}/sign-in?lang=zh-CN`, { email });
    await settle();
    await expect.poll(() => mail.to(email).length, poll).toBe(3);
    await sql(
      kefu,
      "update portal_grants set expires_at = now() - interval '1 second' where workspace_id = $1 and kind = 'sign_in' and used_at is null",
      [ws.id],
    );
    expect((await again.get(linkIn(mail.to(email).at(-1)))).status).toBe(400);
    expect((await again.post(linkIn(mail.to(email).at(-1)), {})).status).toBe(400);
  });

  it('rate-limits sign-in links per address, whoever asks', async () => {
    const email = `ivy-${uniqueTag()}@example.test`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const client = new PortalClient(kefu); // a new address each time: the per-email limit still holds
      await client.get(base());
      statuses.push((await client.post(`${base()}/sign-in`, { email })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('sets an HttpOnly, SameSite=Lax cookie scoped to the workspace’s help center', async () => {
    const email = `dan-${uniqueTag()}@example.test`;
    await submit(new PortalClient(kefu), { email, subject: '尺码不合适', 'field.order_no': 'SO-3' });
    const client = new PortalClient(kefu);
    await client.get(base());
    await client.post(`${base()}/sign-in`, { email });
    await settle();
    await expect.poll(() => mail.to(email).length, poll).toBe(2);
    await client.get(linkIn(mail.to(email).at(-1)));
    const res = await client.post(linkIn(mail.to(email).at(-1)), {});
    expect(res.status).toBe(303);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('kefu_portal='))!;
    expect(cookie).toContain(`Path=/help/${ws.slug}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });

  it('lists only my tickets; other customers and other workspaces see nothing of them', async () => {
    const email = `erin-${uniqueTag()}@example.test`;
    const mine = await submit(new PortalClient(kefu), { email, subject: '我的第一张工单', 'field.order_no': 'SO-4' });
    const mine2 = await submit(new PortalClient(kefu), { email, subject: '我的第二张工单', 'field.order_no': 'SO-5' });
    const theirs = await submit(new PortalClient(kefu), {
      email: `frank-${uniqueTag()}@example.test`,
      subject: '别人的工单',
      'field.order_no': 'SO-6',
    });
    // The same address in another workspace is another customer.
    await submit(new PortalClient(kefu), { email, subject: '另一家店的工单' }, other.slug);

    const { client } = await signIn(email);
    const list = await client.get(base());
    expect(list.body).toContain('我的第一张工单');
    expect(list.body).toContain('我的第二张工单');
    expect(list.body).not.toContain('别人的工单');
    expect(list.body).not.toContain('另一家店的工单');
    expect((await client.get(`${base()}/${theirs.number}`)).status).toBe(404);
    expect((await client.get(`/help/${other.slug}/tickets/${mine.number}`)).status).toBe(404);
    const reply = await client.post(`${base()}/${theirs.number}/replies`, { body: '偷偷回复' });
    expect(reply.status).toBe(404);

    // A ticket link opens that ticket only, not the customer's others.
    const linked = new PortalClient(kefu);
    expect((await linked.open(mine.access)).body).toContain('我的第一张工单');
    expect((await linked.get(`${base()}/${mine2.number}`)).status).toBe(404);
  });
});

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
