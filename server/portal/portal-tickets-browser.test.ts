import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test/factories.ts';
import { haveChromium, launchChromium } from '../test/browser.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { buildTicketSetup, linkIn, startMailPeer, type MailPeer } from './ticket-test-kit.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Generous on a busy machine: nothing here is a timing assertion. */
const poll = { timeout: 15_000, interval: 100 };
/** The smallest valid PNG (1×1), as a customer's photo of the damage. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe.skipIf(!haveChromium)('help center tickets in a browser', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let mail: MailPeer;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    mail = await startMailPeer();
    kefu = await buildTestKefu({ KEFU_SMTP_RELAY_URL: mail.url });
    ws = await createTestWorkspace(kefu, '演示商城');
    await buildTicketSetup(kefu, ws);
    baseUrl = await listenTestKefu(kefu);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await kefu?.close();
    await mail?.close();
  });

  it('submits a ticket by category with a photo, follows it, reads the reply and answers', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    // The favicon comes from the console's web build, which this test does not need.
    page.on('response', (res) => res.status() >= 400 && !res.url().endsWith('/favicon.svg') && errors.push(`${res.status()} ${res.url()}`));

    await page.goto(`${baseUrl}/help/${ws.slug}/tickets/new`);
    // Each choice reloads with the next level (the script submits on change).
    await page.getByRole('combobox', { name: '问题类型 1' }).selectOption({ label: '售后服务' });
    await page.getByRole('combobox', { name: '问题类型 2' }).selectOption({ label: '退货' });
    await page.getByRole('combobox', { name: '问题类型 3' }).selectOption({ label: '质量问题' });
    await expect.poll(() => page.locator('input[name="categoryId"]').count(), poll).toBe(1);

    const email = 'lin@example.test';
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('标题').fill('杯子收到就是裂的');
    await page.getByLabel('问题描述').fill('杯身有一道裂痕，想退货。');
    await page.getByLabel('订单号').fill('SO-20261121-88');
    await page.locator('#tk-files').setInputFiles({ name: '裂痕.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(() => page.locator('.tk-upload .tk-files').textContent(), poll).toContain('裂痕.png ✓');
    await page.getByRole('button', { name: '提交工单' }).click();
    await expect.poll(() => page.locator('h1').textContent(), poll).toBe('工单已提交');
    const number = /T-\d{4}-\d{6}/.exec((await page.locator('main').textContent()) ?? '')![0];

    const staff = await call(kefu, 'GET', `/api/v1/tickets?q=${number}`, ws.tokens.agent);
    const ticket = staff.body.items[0];
    expect(ticket.source).toBe('portal');
    expect(ticket.attachments.map((a: { filename: string }) => a.filename)).toEqual(['裂痕.png']);

    await page.getByRole('link', { name: '查看工单' }).click();
    await expect.poll(() => page.locator('h1').textContent(), poll).toBe('杯子收到就是裂的');
    expect(await page.locator('.tk-status').first().textContent()).toBe('已受理');

    await call(kefu, 'POST', `/api/v1/tickets/${ticket.id}/activities`, ws.tokens.agent, { kind: 'reply', body: '请寄回，运费我们承担。' });
    await page.reload();
    await expect.poll(() => page.locator('.tk-timeline').textContent(), poll).toContain('请寄回，运费我们承担。');
    expect(await page.locator('.tk-status').first().textContent()).toBe('处理中');

    await page.getByLabel('补充说明').fill('好的，今天寄出。');
    await page.getByRole('button', { name: '发送' }).click();
    await expect.poll(() => page.locator('.tk-timeline').textContent(), poll).toContain('好的，今天寄出。');
    const detail = await call(kefu, 'GET', `/api/v1/tickets/${ticket.id}`, ws.tokens.agent);
    expect(detail.body.activities.filter((a: { kind: string }) => a.kind === 'customer_reply').map((a: { body: string }) => a.body)).toEqual([
      '好的，今天寄出。',
    ]);
    if (process.env.KEFU_SCREENSHOTS) {
      await mkdir(path.join(root, 'docs', 'screenshots'), { recursive: true });
      await page.screenshot({ path: path.join(root, 'docs', 'screenshots', 'help-center-ticket.png'), fullPage: true });
    }

    // The customer's inbox: the confirmation and the reply, each with a link that opens the ticket.
    await expect.poll(() => mail.to(email).length, poll).toBe(2);
    await page.goto(`${baseUrl}${linkIn(mail.to(email)[1])}`);
    await expect.poll(() => page.locator('h1').textContent(), poll).toBe('杯子收到就是裂的');
    expect(errors).toEqual([]);
    await context.close();
  });
});
