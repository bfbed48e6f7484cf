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

  it('lets an admin reveal a ticket’s masked description and note, audited per reveal', async () => {
    const chat = await customerSays(rig, ['你好']);
    const created = await call(rig.kefu, 'POST', '/api/v1/tickets', rig.ws.tokens.agent, {
      subject: '回电',
      description: SAID,
      contactId: chat.contactId,
    });
    expect(created.status, created.raw).toBe(201);
    const ticketId = created.body.id as string;
    await call(rig.kefu, 'POST', `/api/v1/tickets/${ticketId}/activities`, rig.ws.tokens.agent, { kind: 'note', body: '备用 13900001111' });

    const adminWindow = await consoleContext(rig, 'zh-CN');
    const admin = await adminWindow.newPage();
    await signIn(admin, rig, rig.ws.users.admin);
    await admin.goto(`${rig.baseUrl}/tickets/${ticketId}`);
    const description = admin.locator('.tk-description');
    await expect.poll(() => description.innerText(), poll).toContain('138****5678');
    await description.getByRole('button', { name: '显示' }).click();
    await expect.poll(() => description.innerText(), poll).toContain('13812345678');
    const note = admin.locator('.tk-note');
    await expect.poll(() => note.innerText(), poll).toContain('139****1111');
    await note.getByRole('button', { name: '显示' }).click();
    await expect.poll(() => note.innerText(), poll).toContain('13900001111');

    const audit = await call(rig.kefu, 'GET', '/api/v1/audit-events?action=pii.revealed', rig.ws.tokens.admin);
    expect(audit.body.items.slice(0, 2).map((e: { targetType: string }) => e.targetType)).toEqual(['ticket_activity', 'ticket']);
    await adminWindow.close();
    await chat.client.close();
  });
});
