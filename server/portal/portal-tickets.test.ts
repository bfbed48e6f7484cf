import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, sql, uniqueTag } from '../test/factories.ts';
import type { TestKefu, TestWorkspace } from '../test/harness.ts';
import {
  poll,
  settle as settleRig,
  signInByMail,
  staffTicketOf,
  startPortalTicketRig,
  submitTicket,
  type PortalTicketRig,
} from './portal-tickets-kit.ts';
import { linkIn, PortalClient, type MailPeer } from './ticket-test-kit.ts';

let rig: PortalTicketRig;
let kefu: TestKefu;
let ws: TestWorkspace;
let other: TestWorkspace;
let mail: MailPeer;
let setup: PortalTicketRig['setup'];

beforeAll(async () => {
  rig = await startPortalTicketRig();
  ({ kefu, ws, other, mail, setup } = rig);
});
afterAll(() => rig?.close());

const settle = () => settleRig(rig);
const base = () => `/help/${ws.slug}/tickets`;
const submit = (client: PortalClient, form: Record<string, string>, slug?: string) => submitTicket(rig, client, form, slug);
const signIn = (email: string) => signInByMail(rig, email);
const staffTicket = (number: string) => staffTicketOf(rig, number);

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
