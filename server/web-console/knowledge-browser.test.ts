import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, WidgetClient } from '../channels/widget/test-client.ts';
import { CHROMIUM } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { consoleContext, screenshot, signIn, startConsoleRig, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 20_000, interval: 200 };
/** The bot retrains in the background; with the demo content on a busy machine that can take a while. */
const retrained = { timeout: 120_000, interval: 500 };

describe.skipIf(!existsSync(CHROMIUM))('the knowledge base admin in the console', () => {
  let rig: ConsoleRig;
  let asked = 0;

  beforeAll(async () => {
    rig = await startConsoleRig();
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  /** What the bot answers a new customer on the widget. */
  async function botAnswer(text: string): Promise<string> {
    const session = (await openSession(rig.kefu, rig.inboxId)).body;
    const client = await WidgetClient.open(rig.baseUrl, rig.inboxId, session.visitorToken);
    try {
      await client.hello();
      await client.say(text, `kb-${process.pid}-${++asked}`);
      const frame = await client.next((f) => f.type === 'message' && (f.message as { sender: string }).sender === 'bot');
      return (frame.message as { content: string }).content;
    } finally {
      await client.close();
    }
  }

  it('edits an item, shows the new version and its diff, rolls back, and the bot answers with the rolled-back answer', async () => {
    const original = '星云卡年费可在开卡30天内全额退回到原支付账户。';
    const edited = '星云卡年费可在开卡30天内全额退回到余额。';
    const created = await call(rig.kefu, 'POST', '/api/v1/knowledge/faqs', rig.ws.tokens.operator, {
      locale: 'zh-CN',
      question: '星云会员卡的年费怎么退？',
      similar: ['星云卡年费退款', '星云卡怎么退年费'],
      answer: original,
      category: ['星云卡', '年费'],
    });
    expect(created.status, created.raw).toBe(201);
    const id = created.body.id as string;
    await expect.poll(() => botAnswer('星云会员卡的年费怎么退？'), retrained).toContain('原支付账户');

    const context = await consoleContext(rig, 'en');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.admin);
    await page.getByRole('link', { name: 'Knowledge', exact: true }).click();
    await page.getByRole('complementary', { name: 'Categories' }).getByRole('button', { name: /^年费/ }).click();
    await page.getByRole('button', { name: /星云会员卡的年费怎么退/ }).click();
    await expect.poll(() => page.url()).toContain(`item=${id}`);

    // Edit the answer: a new version.
    const answer = page.getByRole('textbox', { name: /^Answer/ });
    await answer.fill(edited);
    await page.getByRole('textbox', { name: /^Why this change/ }).fill('改为退到余额');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('faq-version').innerText(), poll).toBe('v2');
    await expect.poll(() => botAnswer('星云会员卡的年费怎么退？'), retrained).toContain('余额');

    // The history shows who changed what, and the diff marks the changed words.
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const history = page.locator('.kb-versions');
    await expect.poll(() => history.innerText(), poll).toContain('v2 · edited · Answer');
    expect(await history.innerText()).toContain('Admin');
    expect(await history.innerText()).toContain('改为退到余额');
    const diff = page.getByRole('region', { name: 'Differences' });
    await expect.poll(() => diff.locator('del').allInnerTexts(), poll).toEqual(['原支付账户']);
    expect(await diff.locator('ins').allInnerTexts()).toEqual(['余额']);
    await screenshot(page, 'knowledge-history.png');

    // Roll back to v1: a third version with the first answer, and the bot answers with it again.
    await page.getByRole('button', { name: 'Roll back to v1' }).click();
    await expect.poll(() => page.getByTestId('faq-version').innerText(), poll).toBe('v3');
    await expect.poll(() => history.innerText(), poll).toContain('v3 · rolled back');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    expect(await page.getByRole('textbox', { name: /^Answer/ }).inputValue()).toBe(original);
    await expect.poll(() => botAnswer('星云会员卡的年费怎么退？'), retrained).toContain('原支付账户');
    expect((await call(rig.kefu, 'GET', `/api/v1/knowledge/faqs/${id}`, rig.ws.tokens.agent)).body).toMatchObject({ version: 3, answer: original });
    await context.close();
  }, 480_000);

  it('shows an answer’s HTML as text and adds the missing translation next to the original', async () => {
    const created = await call(rig.kefu, 'POST', '/api/v1/knowledge/faqs', rig.ws.tokens.operator, {
      locale: 'zh-CN',
      question: '发票什么时候开？',
      answer: '下单后**一个工作日**内开出。<img src=x onerror="window.__pwned=1">',
    });
    const context = await consoleContext(rig, 'zh-CN');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.admin);
    await page.goto(`${rig.baseUrl}/knowledge?item=${created.body.id}`);
    const preview = page.getByLabel('预览');
    await expect.poll(() => preview.locator('strong').allInnerTexts(), poll).toEqual(['一个工作日']);
    expect(await preview.innerText()).toContain('<img src=x');
    expect(await preview.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    await page.getByRole('button', { name: '翻译', exact: true }).click();
    await page.getByRole('button', { name: '添加English版本' }).click();
    await expect.poll(() => page.url(), poll).not.toContain(created.body.id);
    await expect.poll(() => page.getByTestId('faq-version').innerText(), poll).toBe('v1');
    await page.getByRole('button', { name: '翻译', exact: true }).click();
    await expect.poll(() => page.locator('.kb-side').count(), poll).toBe(2);
    const translations = await call(rig.kefu, 'GET', `/api/v1/knowledge/faqs/${created.body.id}/translations`, rig.ws.tokens.agent);
    expect(translations.body.items).toEqual([expect.objectContaining({ locale: 'en', status: 'draft' })]);
    await context.close();
  }, 60_000);
});
