import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { consoleContext, customerSays, signIn, startConsoleRig, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 15_000, interval: 100 };
const SAID = '手机13812345678，身份证11010519491231002X';

describe.skipIf(!existsSync(CHROMIUM))('masked personal information in the console', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('shows agents chips without Reveal; an admin reveals the message in clear, and the reveal is audited', async () => {
    const chat = await customerSays(rig, [SAID]);

    const agentWindow = await consoleContext(rig, 'zh-CN');
    const agent = await agentWindow.newPage();
    await signIn(agent, rig, rig.ws.users.agent);
    await agent.goto(`${rig.baseUrl}/inbox/${chat.conversationId}`);
    await expect.poll(() => agent.locator('.timeline').innerText(), poll).toContain('138****5678');
    expect(await agent.locator('.timeline').innerText()).not.toContain('13812345678');
    expect(await agent.locator('.timeline .pii-chip').count()).toBeGreaterThanOrEqual(2);
    expect(await agent.locator('.timeline .pii-reveal').count()).toBe(0);

    const adminWindow = await consoleContext(rig, 'en');
    const admin = await adminWindow.newPage();
    await signIn(admin, rig, rig.ws.users.admin);
    await admin.goto(`${rig.baseUrl}/inbox/${chat.conversationId}`);
    await expect.poll(() => admin.locator('.timeline .pii-chip').count(), poll).toBeGreaterThanOrEqual(2);
    await admin.locator('.timeline').getByRole('button', { name: 'Reveal' }).first().click();
    await expect.poll(() => admin.locator('.timeline').innerText(), poll).toContain('13812345678');
    const audit = await call(rig.kefu, 'GET', '/api/v1/audit-events?action=pii.revealed', rig.ws.tokens.admin);
    expect(audit.body.items[0]).toMatchObject({ action: 'pii.revealed', targetType: 'message' });

    // The settings page is in the admin's navigation.
    await admin.getByRole('link', { name: 'Privacy' }).click();
    await admin.getByRole('heading', { name: 'Privacy and masking' }).waitFor();
    expect(await admin.locator('.privacy-matrix tbody tr').count()).toBe(6);
    await Promise.all([agentWindow.close(), adminWindow.close()]);
    await chat.client.close();
  });
});
