import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { createWidgetInbox } from './test-client.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/browser.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe.skipIf(!existsSync(CHROMIUM))('the chat widget in a browser', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let baseUrl: string;
  let inboxId: string;
  let browser: Browser;

  beforeAll(async () => {
    execFileSync(process.execPath, ['web/scripts/ensure-build.mjs'], { cwd: root, stdio: 'pipe' });
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    baseUrl = await listenTestKefu(kefu);
    inboxId = await createWidgetInbox(kefu, ws.tokens.admin, { greeting: { 'zh-CN': '你好！欢迎光临演示商城，有什么可以帮您？' } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await kefu?.close();
  });

  const bubbles = (page: Page) => page.locator('.msg .bubble');

  async function openWidget(page: Page, lang = 'zh-CN') {
    await page.goto(`${baseUrl}/demo/widget?inbox=${inboxId}&lang=${lang}`);
    await page.locator('.launcher').click();
    await expect.poll(() => page.locator('.status').isHidden()).toBe(true);
  }

  it('sends a message, shows the agent’s reply, marks it read, and keeps the history across a reload', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await openWidget(page);
    await page.locator('textarea').fill('你好，我的订单还没到');
    await page.locator('textarea').press('Enter');
    await expect.poll(() => bubbles(page).allTextContents()).toContain('你好，我的订单还没到');
    await expect.poll(() => page.locator('.meta').count()).toBe(0); // acknowledged: no "sending…" left

    const list = await call(kefu, 'GET', `/api/v1/conversations?inboxId=${inboxId}`, ws.tokens.agent);
    const conversationId = list.body.items[0].id as string;
    const reply = await call(kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, ws.tokens.agent, {
      content: '您好！您的订单已发货，预计明天送达。',
    });
    expect(reply.status).toBe(201);
    await expect.poll(() => bubbles(page).allTextContents()).toContain('您好！您的订单已发货，预计明天送达。');
    // The panel is open and the page visible: the answer is read.
    await expect
      .poll(async () => (await call(kefu, 'GET', `/api/v1/conversations/${conversationId}/messages`, ws.tokens.agent)).body.items.at(-1).status)
      .toBe('read');

    if (process.env.KEFU_SCREENSHOTS) {
      await mkdir(path.join(root, 'docs', 'screenshots'), { recursive: true });
      await page.screenshot({ path: path.join(root, 'docs', 'screenshots', 'widget-zh.png') });
    }

    await page.reload();
    await page.locator('.launcher').click();
    await expect
      .poll(() => bubbles(page).allTextContents())
      .toEqual(expect.arrayContaining(['你好，我的订单还没到', '您好！您的订单已发货，预计明天送达。']));
    await context.close();
  });

  it('reconnects by itself, resends what was typed meanwhile once, and shows what it missed', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await openWidget(page);
    await page.locator('textarea').fill('第一条');
    await page.locator('textarea').press('Enter');
    await expect.poll(() => page.locator('.meta').count()).toBe(0);
    const list = await call(kefu, 'GET', `/api/v1/conversations?inboxId=${inboxId}`, ws.tokens.agent);
    const conversationId = (list.body.items as { id: string; lastSeq: number }[]).find((c) => c.lastSeq === 1)!.id;

    // The network drops every socket; the visitor keeps typing and an agent answers meanwhile.
    for (const socket of kefu.app.websocketServer.clients) socket.terminate();
    await page.locator('textarea').fill('断线时发的');
    await page.locator('textarea').press('Enter');
    await call(kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, ws.tokens.agent, { content: '断线期间的回复' });

    await expect.poll(() => bubbles(page).allTextContents()).toEqual(expect.arrayContaining(['断线时发的', '断线期间的回复']));
    await expect.poll(() => page.locator('.meta').count()).toBe(0);
    const stored = (await call(kefu, 'GET', `/api/v1/conversations/${conversationId}/messages`, ws.tokens.agent)).body.items as { content: string }[];
    // Stored exactly once each (the resend after the reconnect may land after the agent's answer).
    expect(stored.map((m) => m.content).sort()).toEqual(['第一条', '断线时发的', '断线期间的回复'].sort());
    expect((await bubbles(page).allTextContents()).filter((t) => t === '断线时发的')).toHaveLength(1);
    await context.close();
  });

  it('shows markup as text and fills a phone screen', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 760 } });
    const page = await context.newPage();
    await openWidget(page, 'en');
    const box = await page.locator('.panel').boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 390, height: 760 });
    expect(await page.locator('textarea').getAttribute('placeholder')).toBe('Type a message…');

    const html = '<img src=x onerror="document.title=\'pwned\'"><b>bold</b>';
    await page.locator('textarea').fill(html);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => bubbles(page).allTextContents()).toContain(html);
    expect(await page.locator('.bubble img, .bubble b').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    await context.close();
  });
});
