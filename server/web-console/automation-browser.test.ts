import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { consoleContext, customerSays, screenshot, signIn, startConsoleRig, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 15_000, interval: 100 };

/** The automation page: an admin writes a rule in the editor, a customer's message sets it off, the log shows it. */
describe.skipIf(!existsSync(CHROMIUM))('automation in the console', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
    // The demo bot raises complaints to urgent itself; with it off, only the rule can.
    await call(rig.kefu, 'PATCH', `/api/v1/inboxes/${rig.inboxId}`, rig.ws.tokens.admin, { botEnabled: false });
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('creates "message contains 投诉 → urgent + complaint", which fires on a widget message and shows in the log', async () => {
    const context = await consoleContext(rig, 'en');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.admin);
    await page.getByRole('link', { name: 'Automation', exact: true }).click();
    await page.getByRole('button', { name: 'New rule' }).click();

    const editor = page.getByRole('form', { name: 'New rule' });
    await editor.getByLabel('Name').fill('投诉升级');
    await editor.locator('[data-condition="0"]').getByLabel('Value').fill('投诉');
    await editor.locator('[data-action="0"]').getByLabel('Value').selectOption('urgent');
    await editor.getByRole('button', { name: 'Add action' }).click();
    await editor.locator('[data-action="1"]').getByLabel('Label').fill('complaint');
    await screenshot(page, 'automation-editor.png');
    await editor.getByRole('button', { name: 'Save' }).click();
    const row = page.locator('tr[data-rule="投诉升级"]');
    await row.waitFor();
    const [rule] = (await call(rig.kefu, 'GET', '/api/v1/automation/rules', rig.ws.tokens.admin)).body.items;
    expect(rule).toMatchObject({
      trigger: 'message.received',
      conditions: { all: [{ field: 'message.text', op: 'contains', value: '投诉' }], any: [] },
      actions: [
        { type: 'set_field', field: 'priority', value: 'urgent' },
        { type: 'add_label', label: 'complaint' },
      ],
    });

    const calm = await customerSays(rig, ['你好，请问几点发货？']);
    const angry = await customerSays(rig, ['再不发货我就投诉']);
    const conversation = async (id: string) => (await call(rig.kefu, 'GET', `/api/v1/conversations/${id}`, rig.ws.tokens.admin)).body;
    await expect
      .poll(async () => {
        const { priority, labels } = await conversation(angry.conversationId);
        return { priority, labels };
      }, poll)
      .toEqual({ priority: 'urgent', labels: ['complaint'] });
    expect((await conversation(calm.conversationId)).priority).toBe('normal');

    await page.reload();
    await expect.poll(() => row.locator('.badge').innerText(), poll).toBe('1');
    await row.getByRole('button', { name: 'Log' }).click();
    const entry = page.locator('tr[data-outcome="applied"]');
    await entry.waitFor();
    expect(await entry.getByRole('link').innerText()).toBe(angry.conversationId);
    expect(await entry.innerText()).toContain('投诉升级');
    await screenshot(page, 'automation-log.png');

    // Switched off from the list: off, and still the same rule.
    await page.getByRole('link', { name: 'Rules', exact: true }).click();
    await page.getByLabel('Turn 投诉升级 on').uncheck();
    await expect
      .poll(async () => (await call(rig.kefu, 'GET', `/api/v1/automation/rules/${rule.id}`, rig.ws.tokens.admin)).body, poll)
      .toMatchObject({ enabled: false, conditions: rule.conditions, actions: rule.actions });
    await calm.client.close();
    await angry.client.close();
    await context.close();
  }, 120_000);
});
