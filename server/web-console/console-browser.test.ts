import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { consoleContext, customerSays, openWidget, screenshot, signIn, startConsoleRig, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 15_000, interval: 100 };

describe.skipIf(!existsSync(CHROMIUM))('the agent console in a browser', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  const rows = (page: Page) => page.locator('.conv-row');
  const timeline = (page: Page) => page.locator('.timeline');

  it('shows a handed-off chat arriving live; the agent replies, writes a note and resolves; the customer sees only the reply', async () => {
    const agentWindow = await consoleContext(rig, 'en');
    const agent = await agentWindow.newPage();
    await signIn(agent, rig, rig.ws.users.agent);
    await agent.getByRole('button', { name: 'All', exact: true }).click();
    await agent.locator('.list-empty').waitFor(); // nothing yet

    const customerWindow = await rig.browser.newContext({ locale: 'zh-CN', viewport: { width: 420, height: 760 } });
    const customer = await customerWindow.newPage();
    await openWidget(customer, rig);
    await customer.locator('textarea').fill('转人工');
    await customer.locator('textarea').press('Enter');

    // No reload: the socket brings the conversation into the list.
    await rows(agent).first().waitFor();
    expect(await rows(agent).count()).toBe(1);
    await rows(agent).first().click();
    await expect.poll(() => timeline(agent).innerText(), poll).toContain('转人工');
    // The bot's handoff summary is pinned above the timeline.
    await agent.locator('.handoff').waitFor();
    expect((await agent.locator('.handoff-text').innerText()).length).toBeGreaterThan(5);

    // The customer types: the agent sees it.
    await customer.locator('textarea').pressSequentially('请问');
    await expect.poll(() => agent.locator('.typing').innerText(), poll).toMatch(/typing/);
    await customer.locator('textarea').press('Enter');
    await expect.poll(() => timeline(agent).innerText(), poll).toContain('请问');

    // Reply with Enter; Shift+Enter makes a new line instead of sending.
    const reply = agent.getByLabel('Reply to the customer');
    await reply.click();
    await reply.pressSequentially('您好，我是小王。');
    await reply.press('Shift+Enter');
    await reply.pressSequentially('请问有什么可以帮您？');
    await expect.poll(() => customer.locator('.typing').isVisible(), poll).toBe(true); // the customer sees the agent typing
    await reply.press('Enter');
    await expect.poll(() => agent.locator('.msg-out .bubble').allInnerTexts(), poll).toContain('您好，我是小王。\n请问有什么可以帮您？');
    await expect.poll(() => customer.locator('.msg .bubble').allInnerTexts(), poll).toContain('您好，我是小王。\n请问有什么可以帮您？');
    // The widget is open in front of the customer: the agent sees the reply was read.
    await expect.poll(() => agent.locator('.msg-out .msg-status').last().innerText(), poll).toBe('Read');

    // n: a private note.
    await reply.press('Escape');
    await agent.keyboard.press('n');
    const note = agent.getByLabel('Private note for colleagues');
    await expect.poll(() => note.evaluate((el) => el === document.activeElement), poll).toBe(true);
    await note.pressSequentially('VIP customer, order DS2026 is late');
    await note.press('Enter');
    await expect.poll(() => agent.locator('.msg-note .bubble').allInnerTexts(), poll).toContain('VIP customer, order DS2026 is late');

    // A reply after the note: once the customer has it, the note would have arrived before it had it been sent.
    await agent.getByRole('tab', { name: 'Reply' }).click();
    await agent.getByLabel('Reply to the customer').fill('已为您加急处理');
    await agent.getByLabel('Reply to the customer').press('Enter');
    await expect.poll(() => customer.locator('.msg .bubble').allInnerTexts(), poll).toContain('已为您加急处理');
    expect((await customer.locator('.msg .bubble').allInnerTexts()).join('\n')).not.toContain('VIP customer');
    await screenshot(agent, 'console-conversation-en.png');

    // e: resolve, from the keyboard.
    await agent.getByLabel('Reply to the customer').press('Escape');
    await agent.keyboard.press('e');
    await agent.getByRole('button', { name: 'Reopen' }).waitFor();
    await expect.poll(() => timeline(agent).innerText(), poll).toContain('resolved the conversation');
    const conversationId = /\/inbox\/(conv_\w+)/.exec(agent.url())![1];
    // It leaves the "open" list (it is resolved) but stays on screen.
    await rows(agent).first().waitFor({ state: 'detached' });
    expect((await call(rig.kefu, 'GET', `/api/v1/conversations/${conversationId}`, rig.ws.tokens.agent)).body.status).toBe('resolved');

    // The language switch changes the whole console at once.
    await agent.getByRole('button', { name: '中文' }).click();
    await agent.getByRole('button', { name: '重新打开' }).waitFor();
    expect(await agent.locator('.nav').innerText()).toContain('会话');
    expect(await timeline(agent).innerText()).toContain('解决了会话');
    await agentWindow.close();
    await customerWindow.close();
  }, 120_000);

  it('moves with j/k, explains its shortcuts, searches customers and filters by label', async () => {
    const alice = await customerSays(rig, ['我的快递到哪了']);
    const bob = await customerSays(rig, ['发票怎么开']);
    await call(rig.kefu, 'PATCH', `/api/v1/contacts/${alice.contactId}`, rig.ws.tokens.agent, { name: 'Alice Chen' });
    await call(rig.kefu, 'PATCH', `/api/v1/contacts/${bob.contactId}`, rig.ws.tokens.agent, { name: '王小明' });
    await call(rig.kefu, 'PATCH', `/api/v1/conversations/${bob.conversationId}`, rig.ws.tokens.agent, { labels: ['invoice'], priority: 'urgent' });

    const context = await consoleContext(rig, 'en');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.agent);
    await page.goto(`${rig.baseUrl}/inbox?view=all&status=all`);
    await page.locator('.link-state.link-live').waitFor();
    await expect.poll(() => rows(page).count(), poll).toBeGreaterThanOrEqual(3);
    const ids = await rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));

    await page.keyboard.press('j');
    await page.waitForURL(new RegExp(`/inbox/${ids[0]}`));
    await page.keyboard.press('j');
    await page.waitForURL(new RegExp(`/inbox/${ids[1]}`));
    await page.keyboard.press('k');
    await page.waitForURL(new RegExp(`/inbox/${ids[0]}`));
    await expect.poll(() => page.locator('.conv-head h2').innerText(), poll).toBe('王小明'); // newest first: Bob wrote last

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.getByLabel('Search customers and messages').fill('Alice');
    await expect.poll(() => rows(page).allInnerTexts(), poll).toEqual([expect.stringContaining('Alice Chen')]);
    await page.getByLabel('Search customers and messages').fill('');
    await expect.poll(() => rows(page).count(), poll).toBeGreaterThanOrEqual(3);

    await page.locator('.subnav').getByText('# invoice').click();
    await expect.poll(() => rows(page).allInnerTexts(), poll).toEqual([expect.stringContaining('王小明')]);
    expect(await rows(page).first().locator('.prio-urgent').innerText()).toBe('Urgent');

    // The customer panel shows who they are and their other conversations.
    await rows(page).first().click();
    await expect.poll(() => page.locator('.customer-panel').innerText(), poll).toContain('王小明');
    await alice.client.close();
    await bob.client.close();
    await context.close();
  }, 120_000);
});
