import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWidgetInbox } from '../channels/widget/test-client.ts';
import { installDemoBot } from '../flows/seed-demo.ts';
import { call } from '../test/factories.ts';
import { haveChromium, launchChromium } from '../test/browser.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../test/harness.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Generous on a busy machine: nothing here is a timing assertion. */
const poll = { timeout: 15_000, interval: 100 };

describe.skipIf(!haveChromium)('the help center in a browser', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    execFileSync(process.execPath, ['web/scripts/ensure-build.mjs'], { cwd: root, stdio: 'pipe' });
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu, '演示商城 Demo Shop');
    await installDemoBot(kefu.ctx, ws.id);
    await createWidgetInbox(kefu, ws.tokens.admin);
    // Train the workspace's bot before the browser asks it anything.
    await call(kefu, 'GET', `/api/v1/public/help/${ws.slug}/search?q=hello`);
    baseUrl = await listenTestKefu(kefu);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await kefu?.close();
  });

  it('finds an answer as you type, opens it with the keyboard, takes a vote, and offers the chat widget', { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('response', (res) => res.status() >= 400 && errors.push(`${res.status()} ${res.url()}`));

    await page.goto(`${baseUrl}/help/${ws.slug}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByRole('combobox', { name: '搜索帮助中心' }).pressSequentially('我的快递丢了怎么办', { delay: 20 });
    const first = page.getByRole('listbox').getByRole('option').first();
    await expect.poll(() => first.textContent(), poll).toContain('快递丢了怎么办？');
    // The launcher lives in the widget's Shadow DOM; Playwright's CSS locators pierce it.
    await expect.poll(() => page.locator('.launcher').isVisible(), poll).toBe(true);
    if (process.env.KEFU_SCREENSHOTS || process.env.KEFU_HELP_SCREENSHOT) {
      await mkdir(path.join(root, 'docs', 'screenshots'), { recursive: true });
      await page.screenshot({ path: path.join(root, 'docs', 'screenshots', 'help-center.png') });
    }

    await page.keyboard.press('ArrowDown');
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/faq\/shipping-lost\?lang=zh-CN/);
    expect(await page.locator('h1').textContent()).toBe('快递丢了怎么办？');

    await page.getByRole('button', { name: '有帮助' }).click();
    await expect.poll(() => page.locator('#feedback').textContent(), poll).toContain('感谢你的反馈！');
    const counts = await call(kefu, 'GET', '/api/v1/helpcenter/feedback?key=shipping-lost', ws.tokens.agent);
    expect(counts.body.items).toEqual([{ targetType: 'faq', key: 'shipping-lost', helpful: 1, notHelpful: 0, comments: 0 }]);
    await expect.poll(() => page.locator('.launcher').isVisible(), poll).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reads and searches without JavaScript', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/help/${ws.slug}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('searchbox').fill('my parcel got lost');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/search\?q=/);
    await expect.poll(() => page.locator('.results li a').first().textContent(), poll).toMatch(/lost/i);
    await context.close();
  });
});
