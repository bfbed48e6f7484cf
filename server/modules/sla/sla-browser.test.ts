import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium } from '../../test/browser.ts';
import { call } from '../../test/factories.ts';
import { consoleContext, signIn, startConsoleRig, type ConsoleRig } from '../../web-console/console-kit.ts';

/** An admin sets up office hours with the National Day holidays and an SLA policy on them, in Chinese. */
describe.skipIf(!haveChromium)('SLA admin page', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig({ bot: false });
  }, 300_000);

  afterAll(() => rig?.close());

  it('creates a calendar with a holiday range and a policy that uses it', { timeout: 60_000 }, async () => {
    const context = await consoleContext(rig, 'zh-CN');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.admin);
    await page.getByRole('link', { name: 'SLA', exact: true }).click();
    await page.getByText('还没有策略').waitFor();

    await page.getByRole('button', { name: '新建日历' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称', { exact: true }).fill('北京办公时间');
    expect(await dialog.getByLabel('周一').inputValue()).toBe('09:00-12:00, 13:00-18:00');
    await dialog.getByLabel('开始日期').fill('2025-10-01');
    await dialog.getByLabel('结束日期').fill('2025-10-08');
    await dialog.getByLabel('节日名称').fill('国庆节、中秋节');
    await dialog.getByRole('button', { name: '添加区间' }).click();
    await dialog.getByLabel('调休补班日').fill('2025-09-28 国庆节补班\n2025-10-11 国庆节补班');
    await dialog.getByRole('button', { name: '保存' }).click();
    const calendarRow = page.getByRole('row', { name: /北京办公时间/ });
    await calendarRow.waitFor();
    await expect.poll(() => calendarRow.locator('td').nth(2).textContent()).toBe('8');

    await page.getByRole('button', { name: '新建策略' }).first().click();
    await dialog.getByLabel('名称', { exact: true }).fill('标准');
    await dialog.getByLabel('首次响应').fill('240');
    await dialog.getByLabel('解决').fill('1620');
    await dialog.getByLabel('日历').selectOption({ label: '北京办公时间' });
    await dialog.getByRole('button', { name: '保存' }).click();
    const policyRow = page.getByRole('row', { name: /标准/ });
    await policyRow.getByText('4 小时').waitFor();
    await policyRow.getByText('1 天 3 小时').waitFor();

    const policies = (await call(rig.kefu, 'GET', '/api/v1/sla/policies', rig.ws.tokens.admin)).body.items;
    const calendars = (await call(rig.kefu, 'GET', '/api/v1/sla/calendars', rig.ws.tokens.admin)).body.items;
    expect(policies).toEqual([
      expect.objectContaining({ name: '标准', targets: { firstResponse: 240, resolution: 1620 }, calendarId: calendars[0].id }),
    ]);
    expect(calendars[0].workdays).toEqual([
      { date: '2025-09-28', name: '国庆节补班' },
      { date: '2025-10-11', name: '国庆节补班' },
    ]);
    await context.close();
  });
});
