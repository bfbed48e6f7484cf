import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { consoleContext, customerSays, screenshot, signIn, startConsoleRig, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 15_000, interval: 100 };
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/**
 * The ticket pages of the agent console: a ticket from a conversation, a
 * reply that waits on the customer, the list's status tabs, and a colleague's
 * list following a priority change live. With KEFU_SCREENSHOTS set it also
 * writes docs/screenshots/console-tickets-zh.png and console-ticket-zh.png.
 */
describe.skipIf(!existsSync(CHROMIUM))('tickets in the agent console', () => {
  let rig: ConsoleRig;
  const categories: Record<string, string> = {};

  beforeAll(async () => {
    rig = await startConsoleRig();
    const admin = rig.ws.tokens.admin;
    const add = async (key: string, name: string, nameEn: string, parentId: string | null) => {
      const res = await call(rig.kefu, 'POST', '/api/v1/ticket-categories', admin, { key, name, nameEn, parentId });
      expect(res.status).toBe(201);
      return (categories[key] = res.body.id as string);
    };
    const afterSales = await add('after_sales', '售后服务', 'After-sales', null);
    const returns = await add('returns', '退货', 'Returns', afterSales);
    await add('quality', '质量问题', 'Quality issue', returns);
    await add('billing', '账单发票', 'Billing', null);
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  const ticketOf = async (id: string) => (await call(rig.kefu, 'GET', `/api/v1/tickets/${id}`, rig.ws.tokens.admin)).body;

  it('creates a ticket from a conversation, replies and waits on the customer, and a colleague sees a priority change live', async () => {
    const chat = await customerSays(rig, ['我买的杯子有裂缝，想退货', '转人工']);
    await expect
      .poll(async () => (await call(rig.kefu, 'GET', `/api/v1/conversations/${chat.conversationId}`, rig.ws.tokens.admin)).body.status, poll)
      .toBe('open');

    // A colleague keeps the ticket list open.
    const otherContext = await consoleContext(rig, 'en');
    const other = await otherContext.newPage();
    await signIn(other, rig, rig.ws.users.admin);
    await other.getByRole('link', { name: 'Tickets', exact: true }).click();
    await other.getByRole('tab', { name: 'All', exact: true }).click();
    await other.locator('.ticket-table, .card.empty').first().waitFor();

    // The agent makes a ticket from the conversation, choosing its category first.
    const context = await consoleContext(rig, 'en');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.agent);
    await page.goto(`${rig.baseUrl}/inbox/${chat.conversationId}`);
    await page.locator('.conv-head').getByRole('button', { name: 'Create ticket' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a ticket from this conversation' });
    await dialog.locator('select[aria-label="Category"]').selectOption({ label: 'After-sales' });
    await dialog.locator('select[aria-label="Category, level 2"]').selectOption({ label: 'Returns' });
    await dialog.getByRole('button', { name: 'Create ticket' }).click();
    await page.waitForURL(/\/tickets\/tkt_/);
    const ticketId = new URL(page.url()).pathname.split('/').pop()!;
    const created = await ticketOf(ticketId);
    expect(created.ticket.categoryId).toBe(categories.returns);
    expect(created.conversationIds).toEqual([chat.conversationId]);
    // The description the server pre-filled: the transcript with the customer's words.
    await page.locator('.tk-description').getByText('杯子有裂缝', { exact: false }).waitFor();
    await page.locator('.tk-head').getByText('After-sales › Returns').waitFor();

    // The colleague's open list shows the new ticket without a reload.
    const row = other.locator(`.ticket-row[data-id="${ticketId}"]`);
    await row.waitFor(poll);
    await expect.poll(() => row.locator('.prio').innerText(), poll).toBe('Normal');

    // Reply and wait for the customer.
    await page.getByPlaceholder(/Reply to the customer/).fill('您好，请拍一张裂缝的照片发给我们。');
    await page.locator('.tk-composer input[type="file"]').setInputFiles({ name: '退货说明.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('.tk-files').getByText('退货说明.png').waitFor();
    await page.getByLabel('Then set status').selectOption('pending_customer');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.locator('.tk-reply').getByText('请拍一张裂缝的照片').waitFor();
    await page.locator('.tk-reply .file-chip').getByText('退货说明.png').waitFor();
    await page.locator('.tk-head .ticket-status').getByText('Waiting on customer').waitFor();
    expect((await ticketOf(ticketId)).ticket.status).toBe('pending_customer');

    // An internal note looks different from a reply.
    await page.getByRole('tab', { name: 'Internal note' }).click();
    await page.getByPlaceholder(/A note for colleagues/).fill('仓库确认库存后再换货');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('.tk-note').getByText('仓库确认库存后再换货').waitFor();

    // The priority change is a history line in words, and reaches the colleague's list live.
    await page.locator('.tk-side').getByLabel('Priority', { exact: true }).selectOption('urgent');
    await page.locator('.tk-changes').getByText('Priority Normal → Urgent').waitFor();
    await expect.poll(() => row.locator('.prio').innerText(), poll).toBe('Urgent');
    expect((await ticketOf(ticketId)).ticket.priority).toBe('urgent');

    // The list files it under "Pending", not under "Resolved"; j/k and Enter open it.
    await page.getByRole('link', { name: 'Tickets', exact: true }).first().click();
    await page.getByRole('tab', { name: 'Pending', exact: true }).click();
    const mine = page.locator(`.ticket-row[data-id="${ticketId}"]`);
    await mine.waitFor();
    await expect(mine.locator('.ticket-status').innerText()).resolves.toBe('Waiting on customer');
    await page.getByRole('tab', { name: 'Resolved', exact: true }).click();
    await expect.poll(() => page.locator(`.ticket-row[data-id="${ticketId}"]`).count(), poll).toBe(0);
    await page.getByRole('tab', { name: 'Pending', exact: true }).click();
    await mine.waitFor();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/tickets/${ticketId}`));

    // The colleague opens the ticket; a change made elsewhere (here through the API) appears as it happens.
    await row.click();
    await other.waitForURL(new RegExp(`/tickets/${ticketId}`));
    await other.locator('.tk-note').getByText('仓库确认库存后再换货').waitFor();
    await call(rig.kefu, 'PATCH', `/api/v1/tickets/${ticketId}`, rig.ws.tokens.agent, { status: 'open' });
    await other.locator('.tk-changes').getByText('Status Waiting on customer → Open').waitFor();
    await other.locator('.tk-head .ticket-status').getByText('Open').waitFor();

    // Back on the conversation, its panel lists the ticket.
    await page.goto(`${rig.baseUrl}/inbox/${chat.conversationId}`);
    await page.locator('.conv-tickets').getByText(created.ticket.number).waitFor();

    await chat.client.close();
    await context.close();
    await otherContext.close();
  }, 180_000);

  it('shows the ticket list and a ticket page in Chinese', async () => {
    const admin = rig.ws.tokens.admin;
    const samples = [
      { name: '王芳', says: ['订单 DS2026112000123 的杯子有裂缝，想退货'], categoryId: categories.quality, priority: 'high' },
      { name: 'Emma Wilson', says: ['I was charged twice for my order'], categoryId: categories.billing, priority: 'urgent' },
      { name: '张伟', says: ['退货的运费谁出？'], categoryId: categories.returns, priority: 'normal' },
    ];
    let focus = '';
    for (const s of samples) {
      const chat = await customerSays(rig, s.says);
      await call(rig.kefu, 'PATCH', `/api/v1/contacts/${chat.contactId}`, admin, { name: s.name });
      const res = await call(rig.kefu, 'POST', `/api/v1/conversations/${chat.conversationId}/tickets`, rig.ws.tokens.agent, {
        categoryId: s.categoryId,
        priority: s.priority,
      });
      expect(res.status).toBe(201);
      if (!focus) focus = res.body.id as string;
      await chat.client.close();
    }
    await call(rig.kefu, 'PATCH', `/api/v1/tickets/${focus}`, rig.ws.tokens.agent, { assigneeId: rig.ws.users.agent.id, labels: ['vip'] });
    await call(rig.kefu, 'POST', `/api/v1/tickets/${focus}/activities`, rig.ws.tokens.agent, {
      body: '您好，已为您登记退货，请拍一张裂缝的照片发给我们。',
      status: 'pending_customer',
    });
    await call(rig.kefu, 'POST', `/api/v1/tickets/${focus}/activities`, rig.ws.tokens.agent, {
      kind: 'note',
      body: 'VIP 客户，仓库确认后直接换新。',
    });

    const context = await consoleContext(rig, 'zh-CN', { width: 1440, height: 900 });
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.agent);
    await page.getByRole('link', { name: '工单', exact: true }).click();
    await page.getByRole('tab', { name: '全部', exact: true }).click();
    await page.locator(`.ticket-row[data-id="${focus}"]`).waitFor();
    await expect(page.locator(`.ticket-row[data-id="${focus}"] .ticket-status`).innerText()).resolves.toBe('等待客户');
    await screenshot(page, 'console-tickets-zh.png');

    await page.locator(`.ticket-row[data-id="${focus}"]`).click();
    await page.locator('.tk-changes').getByText('状态 处理中 → 等待客户').waitFor();
    await page.locator('.tk-note').waitFor();
    await screenshot(page, 'console-ticket-zh.png');
    await context.close();
  }, 180_000);
});
