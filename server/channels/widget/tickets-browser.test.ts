import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/browser.ts';
import { createWidgetInbox } from './test-client.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe.skipIf(!existsSync(CHROMIUM))('tickets in the chat widget, in a browser', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let baseUrl: string;
  let inboxId: string;
  let browser: Browser;
  const cat: Record<string, string> = {};

  beforeAll(async () => {
    execFileSync(process.execPath, ['web/scripts/ensure-build.mjs'], { cwd: root, stdio: 'pipe' });
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    baseUrl = await listenTestKefu(kefu);
    inboxId = await createWidgetInbox(kefu, ws.tokens.admin);
    const add = async (key: string, body: Record<string, unknown>) => {
      const res = await call(kefu, 'POST', '/api/v1/ticket-categories', ws.tokens.operator, body);
      expect(res.status, res.raw).toBe(201);
      cat[key] = res.body.id;
    };
    const team = await call(kefu, 'POST', '/api/v1/routing/teams', ws.tokens.admin, { name: '售后组', memberIds: [] });
    expect(team.status, team.raw).toBe(201);
    await add('afterSales', { key: 'after_sales', name: '售后服务', nameEn: 'After-sales', teamId: team.body.id });
    await add('returns', { parentId: cat.afterSales, key: 'returns', name: '退货', nameEn: 'Returns' });
    await add('quality', { parentId: cat.returns, key: 'quality', name: '质量问题', nameEn: 'Quality' });
    await add('billing', { key: 'billing', name: '发票', nameEn: 'Invoices' });
    await call(kefu, 'POST', '/api/v1/ticket-fields', ws.tokens.operator, {
      key: 'order_number',
      label: '订单号',
      type: 'text',
      customerVisible: true,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await kefu?.close();
  });

  async function openWidget(page: Page, lang = 'zh-CN') {
    await page.goto(`${baseUrl}/demo/widget?inbox=${inboxId}&lang=${lang}`);
    await page.locator('.launcher').click();
    await expect.poll(() => page.locator('.status').isHidden()).toBe(true);
  }

  it('files a ticket through the category-guided form, lists it, shows the agent’s answer and takes a reply', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await openWidget(page);
    await page.getByRole('tab', { name: '提交工单' }).click();
    const level = (n: number) => page.locator(`select[data-level="${n}"]`);
    await expect.poll(async () => (await level(1).locator('option').allTextContents()).sort()).toEqual(['请选择…', '售后服务', '发票'].sort());
    expect(await level(2).isHidden()).toBe(true);
    await level(1).selectOption(cat.afterSales!);
    await level(2).selectOption(cat.returns!);
    await level(3).selectOption(cat.quality!);
    await page.locator('input[data-field="order_number"]').fill('DS2026112000123');
    const markup = '<img src=x onerror="document.title=\'pwned\'">耳机坏了';
    await page.locator('.ticket-form textarea').fill(markup);
    await page.locator('.ticket-form input[type=file]').setInputFiles({ name: 'photo.txt', mimeType: 'text/plain', buffer: Buffer.from('broken') });
    await page.getByRole('button', { name: '提交工单', exact: true }).click();

    // The visitor lands on "My tickets" with the new one, its status in customer words.
    await expect.poll(() => page.locator('.ticket').count(), { timeout: 10_000 }).toBe(1);
    const row = page.locator('.ticket').first();
    expect(await row.locator('.st').textContent()).toBe('已提交');
    expect(await row.locator('small').textContent()).toContain('已派单至售后组');
    expect(await row.locator('b').textContent()).toBe(markup);
    expect(await page.title()).not.toBe('pwned');

    const list = await call(kefu, 'GET', '/api/v1/tickets?limit=5', ws.tokens.agent);
    const ticket = list.body.items[0] as {
      id: string;
      number: string;
      source: string;
      categoryId: string;
      customFields: Record<string, unknown>;
      attachments: unknown[];
    };
    expect(ticket).toMatchObject({ source: 'widget', categoryId: cat.quality, customFields: { order_number: 'DS2026112000123' } });
    expect(ticket.attachments).toHaveLength(1);
    expect(await row.locator('.num').textContent()).toBe(ticket.number);

    await call(kefu, 'POST', `/api/v1/tickets/${ticket.id}/activities`, ws.tokens.agent, {
      kind: 'reply',
      body: '请寄回，我们换新',
      status: 'pending_customer',
    });
    await row.click();
    await expect.poll(() => page.locator('.history .bubble').allTextContents()).toContain('请寄回，我们换新');
    expect(await page.locator('.ticket-head .st').textContent()).toBe('等待您的回复');
    expect(await page.locator('.ticket-head .file').allTextContents()).toEqual(['photo.txt']);
    await page.locator('.ticket-reply textarea').fill('好的，已寄出');
    await page.getByRole('button', { name: '回复' }).click();
    await expect.poll(() => page.locator('.history .msg.me .bubble').allTextContents()).toContain('好的，已寄出');
    const detail = await call(kefu, 'GET', `/api/v1/tickets/${ticket.id}`, ws.tokens.agent);
    expect(detail.body.ticket.status).toBe('open');
    await context.close();
  });
});
