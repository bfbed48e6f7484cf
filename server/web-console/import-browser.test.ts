import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../test/browser.ts';
import { consoleContext, openWidget, signIn, startConsoleRig, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 30_000, interval: 200 };

const CSV = [
  '标准问题,相似问题,答案,分类,语言',
  '宠物可以带进门店吗？,能带狗进店吗|门店让不让带宠物,门店欢迎牵绳的小型宠物进店，导盲犬不受限制。,门店 > 服务,zh-CN',
  '门店营业到几点？,,,门店,zh-CN',
].join('\n');

/** FAQ import as a new editor tries it: preview with the bad row highlighted, import, and the bot answers from it. */
describe.skipIf(!existsSync(CHROMIUM))('FAQ import in the console', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  }, 180_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('previews a CSV, imports the good rows and the bot answers from them', async () => {
    const context = await consoleContext(rig, 'zh-CN');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.admin);
    await page.getByRole('link', { name: '知识库', exact: true }).click();
    await page.getByRole('link', { name: 'FAQ 导入' }).click();
    await page.locator('input[type="file"]').setInputFiles({ name: 'faq.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });

    const bad = page.locator('tr[data-row="3"]');
    await bad.locator('.import-cell-error').first().waitFor();
    expect(await bad.innerText()).toContain('答案: 必填');
    expect(await page.locator('.import-summary').innerText()).toMatch(/新建 1 条[\s\S]*1 行有错误/);

    await page.getByRole('button', { name: '导入 1 行' }).click();
    await expect.poll(() => page.locator('.note-good').innerText(), poll).toContain('新建 1 条，更新 0 条，跳过 1 行');

    const customer = await context.newPage();
    await openWidget(customer, rig);
    // The retrain runs in the background: ask until the new answer comes back.
    await expect
      .poll(
        async () => {
          await customer.locator('textarea').fill('我家狗狗能一起进店吗');
          await customer.locator('textarea').press('Enter');
          await customer.waitForTimeout(3000);
          return (await customer.locator('.msg .bubble').allInnerTexts()).join('\n');
        },
        { ...poll, timeout: 120_000 },
      )
      .toContain('牵绳的小型宠物');
    await context.close();
  }, 300_000);
});
