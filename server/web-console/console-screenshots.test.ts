import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { consoleContext, customerSays, screenshot, signIn, startConsoleRig, type ConsoleRig } from './console-kit.ts';

/**
 * The README's pictures of the agent console, in English and Chinese, with a
 * few customers talking to the demo bot and one handed over to the agent:
 *
 *   KEFU_SCREENSHOTS=1 npx vitest run server/web-console/console-screenshots.test.ts
 *
 * Writes docs/screenshots/console-inbox-en.png and console-inbox-zh.png, and
 * with the routing API console-queue-en.png and console-routing-zh.png.
 */
describe.runIf(existsSync(CHROMIUM) && process.env.KEFU_SCREENSHOTS)('console screenshots', () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsoleRig();
  }, 120_000);
  afterAll(async () => {
    await rig?.close();
  });

  const people: { name: string; says: string[]; labels?: string[]; priority?: string }[] = [
    { name: '李娜', says: ['退货的运费谁出？'] },
    { name: 'Emma Wilson', says: ['Where is my parcel?'], labels: ['shipping'] },
    { name: '张伟', says: ['发票怎么开'], labels: ['invoice'] },
    { name: '陈静', says: ['你们这服务太差了，我要投诉！'], priority: 'urgent', labels: ['complaint'] },
    { name: '王芳', says: ['我的订单 DS2026112000123 还没到', '转人工'], labels: ['vip', 'shipping'] },
  ];

  it('shows the inbox with a conversation open, in English and in Chinese', async () => {
    let focus = '';
    for (const person of people) {
      const { client, conversationId, contactId } = await customerSays(rig, person.says);
      await call(rig.kefu, 'PATCH', `/api/v1/contacts/${contactId}`, rig.ws.tokens.admin, {
        name: person.name,
        ...(person.name === '王芳' ? { phone: '+86 138 0013 8000', attributes: { tier: 'VIP', city: '上海' } } : {}),
      });
      const patch = { ...(person.labels ? { labels: person.labels } : {}), ...(person.priority ? { priority: person.priority } : {}) };
      if (Object.keys(patch).length) await call(rig.kefu, 'PATCH', `/api/v1/conversations/${conversationId}`, rig.ws.tokens.admin, patch);
      if (person.name === '王芳') focus = conversationId;
      await client.close();
    }
    // The handoff note and the status change follow the bot's turn.
    await expect
      .poll(async () => (await call(rig.kefu, 'GET', `/api/v1/conversations/${focus}`, rig.ws.tokens.admin)).body.status, { timeout: 15_000 })
      .toBe('open');
    const agent = rig.ws.tokens.agent;
    await call(rig.kefu, 'POST', `/api/v1/conversations/${focus}/messages`, agent, { content: '您好，我是客服小王，正在为您查询订单。' });
    await call(rig.kefu, 'POST', `/api/v1/conversations/${focus}/messages`, agent, {
      content: 'VIP 客户，物流延误，已联系仓库加急。',
      private: true,
    });

    for (const locale of ['en', 'zh-CN'] as const) {
      const context = await consoleContext(rig, locale, { width: 1440, height: 900 });
      const page = await context.newPage();
      await signIn(page, rig, rig.ws.users.agent);
      await page.goto(`${rig.baseUrl}/inbox/${focus}?view=all&status=all`);
      await page.locator('.handoff').waitFor();
      await page.locator('.customer-panel .contact-name').waitFor();
      await expect.poll(() => page.locator('.conv-row').count()).toBe(people.length);
      await page.getByRole('tab', { name: locale === 'en' ? 'Reply' : '回复' }).click();
      await page
        .locator('.composer textarea')
        .fill(locale === 'en' ? 'Your parcel left our warehouse this morning.' : '您的包裹今天上午已从仓库发出。');
      await screenshot(page, `console-inbox-${locale === 'en' ? 'en' : 'zh'}.png`);
      await context.close();
    }

    // With the routing API: the queue (for agents) and the routing page (for admins).
    if ((await call(rig.kefu, 'GET', '/api/v1/routing/me', agent)).status !== 200) return;
    await call(rig.kefu, 'PATCH', `/api/v1/routing/agents/${rig.ws.users.agent.id}`, rig.ws.tokens.admin, {
      skills: ['售后', '物流', 'en'],
      capacity: 6,
    });
    const context = await consoleContext(rig, 'en', { width: 1440, height: 900 });
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.agent);
    await page.goto(`${rig.baseUrl}/queue`);
    await page.getByRole('button', { name: 'Claim' }).first().waitFor();
    await screenshot(page, 'console-queue-en.png');
    await context.close();
    const zh = await consoleContext(rig, 'zh-CN', { width: 1440, height: 900 });
    const admin = await zh.newPage();
    await signIn(admin, rig, rig.ws.users.admin);
    await admin.goto(`${rig.baseUrl}/routing`);
    await admin.locator('td .cell-title', { hasText: 'Agent' }).first().waitFor();
    await screenshot(admin, 'console-routing-zh.png');
    await zh.close();
  }, 180_000);
});
