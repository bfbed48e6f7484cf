import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { consoleContext, customerSays, openWidget, signIn, startConsoleRig, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 15_000, interval: 100 };
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe.skipIf(!existsSync(CHROMIUM))('working a conversation together in the console', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  const rows = (page: Page) => page.locator('.conv-row');

  it('sends the customer an image from the console, then hands the chat back to the bot', async () => {
    const agentWindow = await consoleContext(rig, 'en');
    const agent = await agentWindow.newPage();
    await signIn(agent, rig, rig.ws.users.agent);
    await agent.getByRole('button', { name: 'All', exact: true }).click();

    const customerWindow = await rig.browser.newContext({ locale: 'zh-CN', viewport: { width: 420, height: 760 } });
    const customer = await customerWindow.newPage();
    await openWidget(customer, rig);
    await customer.locator('textarea').fill('转人工');
    await customer.locator('textarea').press('Enter');
    await rows(agent).first().click();
    await agent.locator('.handoff').waitFor();

    // Attach: the file is uploaded at once and shown as a chip; sending carries it.
    await agent.locator('.composer input[type="file"]').setInputFiles({ name: '退货地址.png', mimeType: 'image/png', buffer: PNG });
    await agent.locator('.composer-files .file-chip').getByText('退货地址.png').waitFor();
    const reply = agent.getByLabel('Reply to the customer');
    await reply.fill('请把商品寄到图中的地址');
    await reply.press('Enter');
    await agent.locator('.msg-out .thumb[alt="退货地址.png"]').waitFor();
    expect(await agent.locator('.composer-files').count()).toBe(0);

    // The customer sees the picture itself in the widget, not just its name.
    const picture = customer.locator('.bubble img[alt="退货地址.png"]');
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), poll).toBe(1);
    expect(await customer.locator('.msg .bubble').allInnerTexts()).toContain('请把商品寄到图中的地址');

    // Hand back to the bot: it is the bot's again and it tells the customer so.
    const conversationId = /\/inbox\/(conv_\w+)/.exec(agent.url())![1]!;
    const before = await customer.locator('.msg .bubble').count();
    await agent.getByRole('button', { name: 'Hand back to bot' }).click();
    await agent.getByRole('button', { name: 'Hand back to bot' }).waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await call(rig.kefu, 'GET', `/api/v1/conversations/${conversationId}`, rig.ws.tokens.agent)).body, poll)
      .toMatchObject({
        status: 'bot',
        assigneeId: null,
      });
    await expect.poll(() => customer.locator('.msg .bubble').count(), poll).toBeGreaterThan(before);
    await agentWindow.close();
    await customerWindow.close();
  }, 120_000);

  it('a note @mentions a colleague, who is told at once; canned responses go where the caret is; the Team view lists the team’s chats', async () => {
    const team = await call(rig.kefu, 'POST', '/api/v1/routing/teams', rig.ws.tokens.admin, { name: '售后组', memberIds: [rig.ws.users.agent.id] });
    const chat = await customerSays(rig, ['耳机坏了，想换一个']);
    await call(rig.kefu, 'POST', `/api/v1/conversations/${chat.conversationId}/transfer`, rig.ws.tokens.admin, { teamId: team.body.id });
    await call(rig.kefu, 'POST', '/api/v1/canned-responses', rig.ws.tokens.admin, {
      scope: 'workspace',
      title: 'Exchange',
      shortcut: '/exchange',
      content: { 'zh-CN': '可以为您换新。', en: 'We can exchange it.' },
    });

    const adminWindow = await consoleContext(rig, 'en');
    const admin = await adminWindow.newPage();
    await signIn(admin, rig, rig.ws.users.admin);
    const mentionsLink = admin.getByRole('link', { name: /Mentions/ });
    await mentionsLink.waitFor();

    const agentWindow = await consoleContext(rig, 'en');
    const agent = await agentWindow.newPage();
    await signIn(agent, rig, rig.ws.users.agent);
    // The Team view (and "My teams" in the sidebar) lists the team's conversations.
    await agent.getByRole('button', { name: 'Team', exact: true }).click();
    await expect.poll(() => agent.locator('.list-title h1').innerText(), poll).toBe('Team 售后组');
    await agent.locator(`.conv-row[data-id="${chat.conversationId}"]`).click();
    await agent.locator('.subnav').getByRole('link', { name: '售后组' }).waitFor();

    // A canned response lands at the caret; the rest of the draft stays.
    const reply = agent.getByLabel('Reply to the customer');
    await reply.fill('您好。请稍等');
    await reply.press('End');
    for (let i = 0; i < 3; i++) await reply.press('ArrowLeft');
    await agent.getByRole('button', { name: 'Canned responses (/)' }).click();
    const cannedList = agent.getByRole('listbox', { name: 'Canned responses' });
    await cannedList.waitFor();
    await reply.pressSequentially('exch');
    await expect.poll(() => cannedList.getByRole('option').allInnerTexts(), poll).toEqual([expect.stringContaining('/exchange')]);
    const listId = await cannedList.getAttribute('id');
    expect(await reply.getAttribute('aria-controls')).toBe(listId);
    expect(await reply.getAttribute('aria-activedescendant')).toBe(await cannedList.getByRole('option').first().getAttribute('id'));
    await reply.press('Enter');
    await expect.poll(() => reply.inputValue(), poll).toBe('您好。可以为您换新。请稍等');
    expect(await reply.getAttribute('aria-expanded')).toBe('false');

    // A note: "@" offers the colleagues; arrows and Enter pick one.
    await agent.getByRole('tab', { name: 'Private note' }).click();
    const note = agent.getByLabel('Private note for colleagues');
    await note.fill('');
    await note.pressSequentially('请@');
    const people = agent.getByRole('listbox', { name: 'Colleagues' });
    await expect.poll(() => people.getByRole('option').count(), poll).toBe(2); // Admin and Operator; not the agent themself
    await note.press('ArrowDown');
    expect(await note.getAttribute('aria-activedescendant')).toBe(await people.getByRole('option').nth(1).getAttribute('id'));
    await note.pressSequentially('ad');
    await expect.poll(() => people.getByRole('option').allInnerTexts(), poll).toEqual([expect.stringContaining('Admin')]);
    expect(await note.getAttribute('role')).toBe('combobox');
    expect(await note.getAttribute('aria-expanded')).toBe('true');
    await note.press('Enter');
    await expect.poll(() => note.inputValue(), poll).toBe('请@Admin ');
    await note.pressSequentially('帮忙批准换货');
    await note.press('Enter');
    await expect.poll(() => agent.locator('.msg-note .bubble').allInnerTexts(), poll).toContain('请@Admin 帮忙批准换货');

    // The admin is told at once: a badge on "Mentions", the note in the list; opening it reads it.
    await expect.poll(() => admin.locator('.nav-count').innerText(), poll).toBe('1');
    await mentionsLink.click();
    const mention = admin.locator('.mention').first();
    await expect.poll(() => mention.innerText(), poll).toContain('请@Admin 帮忙批准换货');
    expect(await mention.innerText()).toContain('Agent mentioned you');
    await mention.getByRole('button').click();
    await admin.waitForURL(new RegExp(`/inbox/${chat.conversationId}`));
    await admin.locator('.nav-count').waitFor({ state: 'detached' });
    const mine = await call(rig.kefu, 'GET', '/api/v1/mentions', rig.ws.tokens.admin);
    expect(mine.body.unread.mentions).toBe(0);
    await chat.client.close();
    await adminWindow.close();
    await agentWindow.close();
  }, 120_000);
});
