import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { consoleContext, signIn, startConsoleRig, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 15_000, interval: 100 };
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f00000000049454e44ae426082',
  'hex',
);

describe.skipIf(!existsSync(CHROMIUM))('knowledge articles in the console', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  }, 120_000);
  afterAll(async () => {
    await rig?.close();
  });

  it('writes an article with a live preview and an image, then imports a folder after checking it', async () => {
    const context = await consoleContext(rig, 'en');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.operator);
    await page.goto(`${rig.baseUrl}/knowledge/articles`);
    await page.getByRole('button', { name: 'New article' }).click();

    await page.getByLabel('Title').fill('S20 care guide');
    await page.getByLabel('Markdown').fill('## Cleaning\n\nWipe the S20 with a dry cloth.\n\n');
    const preview = page.locator('.article-body');
    await expect.poll(() => preview.locator('h2#cleaning').innerText(), poll).toBe('Cleaning');
    await expect.poll(() => page.locator('.article-passages summary').innerText(), poll).toBe('Passages the bot can quote: 1');

    // An uploaded image goes into the Markdown and shows in the preview of the draft.
    await page.locator('.article-image input[type="file"]').setInputFiles({ name: 'strap.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(() => page.getByLabel('Markdown').inputValue(), poll).toMatch(/!\[strap\]\(\/api\/v1\/knowledge\/images\/wsp_\w+\/att_\w+\)/);
    await expect.poll(() => preview.locator('img').getAttribute('src'), poll).toMatch(/^data:image\/png;base64,/);

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\?edit=art_/);
    await page.getByRole('link', { name: '← All articles' }).click();
    await expect.poll(() => page.locator('.table').innerText(), poll).toContain('S20 care guide');

    // A folder with one good file per language: checked first, then imported at once.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'kefu-articles-'));
    for (const [dir, text] of [
      ['zh-CN/手表', '# 表带保养\n\n## 清洁\n用清水冲洗表带。'],
      ['en/Watch', '# Strap care\n\n## Cleaning\nRinse the strap with water.'],
    ] as const) {
      mkdirSync(path.join(folder, 'kb', dir), { recursive: true });
      writeFileSync(path.join(folder, 'kb', dir, 'strap-care.md'), text);
    }
    await page.getByRole('button', { name: 'Import folder' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a folder of Markdown files' });
    await dialog.locator('input[type="file"]').setInputFiles(path.join(folder, 'kb'));
    await expect.poll(() => dialog.innerText(), poll).toContain('2 Markdown files');
    await dialog.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => dialog.locator('table').innerText(), poll).toContain('表带保养');
    await dialog.getByRole('button', { name: 'Import 2 articles' }).click();
    await expect.poll(() => page.getByRole('status').innerText(), poll).toBe('Imported: 2 new, 0 updated.');
    await expect.poll(() => page.locator('.table').innerText(), poll).toContain('Strap care');

    const listed = await call(rig.kefu, 'GET', '/api/v1/knowledge/articles?q=strap', rig.ws.tokens.admin);
    expect(listed.body.items.map((a: { category: string[] }) => a.category)).toEqual(expect.arrayContaining([['手表'], ['Watch']]));
    await context.close();
  }, 90_000);
});
