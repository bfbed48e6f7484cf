import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { consoleContext, signIn, startConsoleRig, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 15_000, interval: 100 };

/** An admin reads the audit log: pages of 50 with "Load more", the action filter, and "show only this object". */
describe.skipIf(!haveChromium)('audit log page', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig({ bot: false });
  }, 300_000);

  afterAll(() => rig?.close());

  it('pages through the events, filters them by action and by object', { timeout: 60_000 }, async () => {
    for (let i = 0; i < 55; i++) {
      const changed = await call(rig.kefu, 'PATCH', '/api/v1/workspace', rig.ws.tokens.admin, { name: `Shop ${i}` });
      expect(changed.status, changed.raw).toBe(200);
    }
    const context = await consoleContext(rig, 'en');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.admin);
    const all = (await call(rig.kefu, 'GET', '/api/v1/audit-events?limit=200', rig.ws.tokens.admin)).body.items as unknown[];
    expect(all.length).toBeGreaterThan(55);

    await page.getByRole('link', { name: 'Audit log' }).click();
    const rows = page.locator('table tbody tr');
    await expect.poll(() => rows.count(), poll).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count(), poll).toBe(all.length);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    await page.getByRole('combobox', { name: /^Action/ }).selectOption({ label: 'Workspace settings changed' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => rows.filter({ hasText: 'workspace.updated' }).count(), poll).toBe(50);
    expect(await rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count(), poll).toBe(55);
    await expect.poll(() => rows.first().innerText(), poll).toContain('Shop 54');

    await rows.first().getByRole('button', { name: rig.ws.id }).click();
    expect(await page.getByRole('textbox', { name: /^Object ID/ }).inputValue()).toBe(rig.ws.id);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count(), poll).toBe(55);
    expect(await rows.filter({ hasNotText: rig.ws.id }).count()).toBe(0);

    await page.getByRole('textbox', { name: /^Object ID/ }).fill('usr_nobody');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No events match.').waitFor();
    expect(await rows.count()).toBe(0);
    await context.close();
  });
});
