import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createWidgetInbox, openSession, WidgetClient } from '../channels/widget/test-client.ts';
import { brainFor } from '../modules/bot/index.ts';
import { haveChromium, launchChromium } from '../test/browser.ts';
import { call, sql } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { consoleContext, root, signIn, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 15_000, interval: 100 };

/** An editor reviews a mined knowledge gap in the console, edits the draft and accepts it. */
describe.skipIf(!haveChromium)('knowledge gaps in the console', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let rig: ConsoleRig;
  let browser: Browser;
  let n = 0;

  beforeAll(async () => {
    execFileSync(process.execPath, ['web/scripts/ensure-build.mjs'], { cwd: root, stdio: 'pipe' });
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    const baseUrl = await listenTestKefu(kefu);
    const inboxId = await createWidgetInbox(kefu, ws.tokens.admin);
    await call(kefu, 'PATCH', `/api/v1/inboxes/${inboxId}`, ws.tokens.admin, { botEnabled: true });
    const faq = { locale: 'zh-CN', question: '退货要多久？', similar: ['退货几天能好'], answer: '退货寄回后 3 天内处理完成。' };
    expect((await call(kefu, 'POST', '/api/v1/knowledge/faqs', ws.tokens.operator, faq)).status).toBe(201);
    await brainFor(kefu.ctx, ws.id);
    browser = await launchChromium();
    rig = { kefu, ws, baseUrl, inboxId, browser, close: async () => {} };
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await kefu?.close();
  });

  /** A customer asks what the bot cannot answer, asks for a person, and an agent answers. */
  async function askedAndAnswered(question: string, answer: string): Promise<void> {
    const session = (await openSession(kefu, rig.inboxId)).body;
    const client = await WidgetClient.open(rig.baseUrl, rig.inboxId, session.visitorToken);
    await client.hello();
    const { conversationId } = (await client.say(question, `gaps-ui-${++n}`)) as { conversationId: string };
    await client.say('转人工', `gaps-ui-${++n}`);
    await expect
      .poll(async () => (await sql<{ status: string }>(kefu, 'select status from conversations where id = $1', [conversationId]))[0]?.status, poll)
      .toBe('open');
    expect((await call(kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, ws.tokens.agent, { content: answer })).status).toBe(201);
    await client.close();
  }

  it('lists the suggestion by frequency, shows how customers asked, and accepts it edited', async () => {
    await askedAndAnswered('你们门店周末营业吗', '门店周末正常营业，时间是上午10点到晚上9点。');
    await askedAndAnswered('周末门店开门吗？', '周末也营业，10点到21点。');

    const context = await consoleContext(rig, 'en');
    const page = await context.newPage();
    await signIn(page, rig, ws.users.operator);
    await page.getByRole('link', { name: 'Knowledge', exact: true }).click();
    await page.getByRole('link', { name: 'Knowledge gaps' }).click();
    await page.getByText('No suggestions here').waitFor();
    await page.getByRole('button', { name: 'Mine now' }).click();
    await page.getByText('1 new').waitFor();

    const item = page.locator('.gap-item');
    await item.getByText('Asked in 2 conversations').waitFor();
    await item.getByRole('button', { name: 'Review' }).click();
    await expect.poll(() => item.locator('.gap-examples li').count(), poll).toBe(2);
    const answer = item.getByLabel('Answer');
    expect(await answer.inputValue()).toMatch(/10/);
    await answer.fill('门店周六、周日 10:00–21:00 营业。');
    await item.getByRole('button', { name: 'Accept as FAQ item' }).click();
    await page.getByText('Added to the knowledge base').waitFor();
    await page.getByText('No suggestions here').waitFor();

    const faqs = (await call(kefu, 'GET', '/api/v1/knowledge/faqs?locale=zh-CN', ws.tokens.operator)).body.items as { answer: string }[];
    expect(faqs.map((f) => f.answer)).toContain('门店周六、周日 10:00–21:00 营业。');
    await page.getByLabel('Show').selectOption('accepted');
    await page.locator('.gap-item').getByText('Asked in 2 conversations').waitFor();

    // The same page in Chinese.
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '知识缺口' }).waitFor();
    await context.close();
  }, 120_000);
});
