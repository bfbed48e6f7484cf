import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { consoleContext, customerSays, signIn, startConsoleRig, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 15_000, interval: 100 };

/** The console's routing screens: presence, the queue and claiming, transfer, and the admin's routing page. */
describe.skipIf(!existsSync(CHROMIUM))('routing in the agent console', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  const conversation = async (id: string) => (await call(rig.kefu, 'GET', `/api/v1/conversations/${id}`, rig.ws.tokens.admin)).body;

  it('claims a waiting chat from the queue, goes online, receives the next one live and transfers it', async () => {
    const waiting = await customerSays(rig, ['转人工']);
    await expect.poll(async () => (await conversation(waiting.conversationId)).status, poll).toBe('open');

    const context = await consoleContext(rig, 'en');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.agent);
    await page.locator('.presence-button').getByText('Offline').waitFor();

    // Nobody was online: the chat waits in the queue; the agent claims it.
    await page.getByRole('link', { name: 'Queue', exact: true }).click();
    const row = page.locator('tr', { has: page.getByRole('button', { name: 'Claim' }) });
    await expect.poll(() => row.count(), poll).toBe(1);
    await row.getByRole('button', { name: 'Claim' }).click();
    await page.waitForURL(new RegExp(`/inbox/${waiting.conversationId}`));
    await page.locator('.conv-head').getByText('Assigned to Agent').waitFor();
    expect((await conversation(waiting.conversationId)).assigneeId).toBe(rig.ws.users.agent.id);

    // Online from the header: the next handoff is the agent's at once, and shows up in "Mine" without a reload.
    await page.locator('.presence-button').click();
    await page.getByRole('menuitem', { name: 'Online' }).click();
    await page.locator('.presence-button').getByText('Online').waitFor();
    expect((await call(rig.kefu, 'GET', '/api/v1/routing/me', rig.ws.tokens.agent)).body.presence).toBe('online');
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.getByRole('button', { name: 'Mine', exact: true }).click();
    const next = await customerSays(rig, ['我要转人工']);
    await page.locator(`.conv-row[data-id="${next.conversationId}"]`).waitFor();
    expect((await conversation(next.conversationId)).assigneeId).toBe(rig.ws.users.agent.id);
    // The header's load follows: the claimed chat and this one.
    await expect.poll(() => page.locator('.presence-button').innerText(), poll).toMatch(/^Online\s+2\/\d+$/);

    // Transfer to a colleague.
    await page.locator(`.conv-row[data-id="${next.conversationId}"]`).click();
    await page.getByRole('button', { name: 'Transfer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Transfer conversation' });
    const admin = dialog.locator('option', { hasText: 'Admin' });
    await dialog.getByLabel('Agent').selectOption((await admin.getAttribute('value'))!);
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await page.locator('.conv-head').getByText('Assigned to Admin').waitFor();
    expect((await conversation(next.conversationId)).assigneeId).toBe(rig.ws.users.admin.id);
    await waiting.client.close();
    await next.client.close();
    await context.close();
  }, 120_000);

  it('lets an admin set skills and capacity, make a team and route an inbox to it', async () => {
    const context = await consoleContext(rig, 'en');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.admin);
    await page.getByRole('link', { name: 'Routing' }).click();

    await page.getByLabel('Skills of Agent').fill('售后, en');
    await page.getByLabel('Capacity of Agent').fill('3');
    await page
      .locator('tr', { has: page.getByLabel('Skills of Agent') })
      .getByRole('button', { name: 'Save' })
      .click();
    await page
      .locator('tr', { has: page.getByLabel('Skills of Agent') })
      .getByRole('button', { name: 'Saved.' })
      .waitFor();
    const agents = (await call(rig.kefu, 'GET', '/api/v1/routing/agents', rig.ws.tokens.admin)).body.items as {
      userId: string;
      skills: string[];
      capacity: number;
    }[];
    expect(agents.find((a) => a.userId === rig.ws.users.agent.id)).toMatchObject({ skills: ['售后', 'en'], capacity: 3 });

    await page.getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('button', { name: 'New team' }).click();
    const dialog = page.getByRole('dialog', { name: 'New team' });
    await dialog.getByLabel('Name').fill('售后组');
    await dialog.getByRole('checkbox', { name: /Agent/ }).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: '售后组' }).waitFor();

    await page.getByRole('link', { name: 'Rules' }).click();
    await page.getByLabel('Team for Website chat').selectOption({ label: '售后组' });
    await page.getByLabel('Skills needed in Website chat').fill('售后');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(
        async () =>
          (await call(rig.kefu, 'GET', '/api/v1/routing/rules', rig.ws.tokens.admin)).body.items.find(
            (r: { inboxId: string }) => r.inboxId === rig.inboxId,
          ),
        poll,
      )
      .toMatchObject({ skills: ['售后'], teamId: expect.stringMatching(/\w/) });
    await context.close();
  }, 120_000);
});
