import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { consoleContext, customerSays, signIn, startConsoleRig, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 15_000, interval: 100 };

describe.skipIf(!existsSync(CHROMIUM))('agent assist and canned responses in the console', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('suggests the knowledge answer to the customer’s question and inserts it; "/" inserts a canned response with the name filled', async () => {
    // A colleague answered the same question before and resolved that conversation.
    const earlier = await customerSays(rig, ['退货运费谁出？']);
    const colleagueReply = '质量问题退货运费由我们承担，您先垫付后联系客服报销。';
    await call(rig.kefu, 'POST', `/api/v1/conversations/${earlier.conversationId}/messages`, rig.ws.tokens.agent, { content: colleagueReply });
    await call(rig.kefu, 'PATCH', `/api/v1/conversations/${earlier.conversationId}`, rig.ws.tokens.agent, { status: 'resolved' });
    await earlier.client.close();

    const chat = await customerSays(rig, ['退货运费谁出？']);
    await call(rig.kefu, 'PATCH', `/api/v1/contacts/${chat.contactId}`, rig.ws.tokens.agent, { name: '林小姐' });
    const created = await call(rig.kefu, 'POST', '/api/v1/canned-responses', rig.ws.tokens.admin, {
      scope: 'workspace',
      title: 'Greeting for the test',
      shortcut: '/hello-test',
      content: { 'zh-CN': '{{contact.name}}您好，很高兴为您服务。', en: 'Hello {{contact.name}}, glad to help.' },
    });
    expect(created.status).toBe(201);
    await call(rig.kefu, 'POST', '/api/v1/canned-responses', rig.ws.tokens.admin, {
      scope: 'workspace',
      title: 'Thanks for the test',
      shortcut: '/thanks-test',
      content: { en: 'Thank you for waiting, {{contact.name}}.' },
    });
    // What the server suggests for this question, to compare with what the console inserts.
    const suggested = await call(rig.kefu, 'GET', `/api/v1/conversations/${chat.conversationId}/suggestions`, rig.ws.tokens.agent);
    const [top] = suggested.body.knowledge as { question: string; answer: string }[];
    if (!top) throw new Error(`no knowledge suggestion: ${suggested.raw}`);
    expect(top.question).toContain('退货运费');

    const context = await consoleContext(rig, 'en');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.agent);
    await page.goto(`${rig.baseUrl}/inbox/${chat.conversationId}`);
    const reply = page.getByLabel('Reply to the customer');
    await reply.waitFor();

    // The assist panel shows the knowledge answer for the customer's question; Insert puts it in the box.
    const assist = page.getByRole('region', { name: 'Suggested replies' });
    await expect.poll(() => assist.innerText(), poll).toContain(top.question);
    await assist.getByRole('button', { name: `Insert the reply to “${top.question}”` }).click();
    await expect.poll(() => reply.inputValue(), poll).toBe(top.answer);
    // What a colleague replied in the similar resolved conversation is offered too.
    await expect.poll(() => assist.innerText(), poll).toContain(colleagueReply);
    await assist.getByRole('button', { name: 'Insert the reply to “退货运费谁出？”' }).click();
    await expect.poll(() => reply.inputValue(), poll).toBe(colleagueReply);

    // A new customer message brings suggestions for it.
    await chat.client.say('怎么开发票？', `assist-${process.pid}`);
    await expect.poll(() => assist.innerText(), poll).toContain('发票');
    expect(await assist.innerText()).not.toContain(top.question);

    // Collapsing hides the list; the note tab shows no suggestions.
    await assist.getByRole('button', { name: /Suggested replies/ }).click();
    await expect.poll(() => assist.locator('.assist-item').count(), poll).toBe(0);
    await assist.getByRole('button', { name: /Suggested replies/ }).click();
    await page.getByRole('tab', { name: 'Private note' }).click();
    await assist.waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'Reply' }).click();
    await assist.waitFor();

    // "/" opens the picker, typing filters it, Esc closes it.
    await reply.fill('');
    await reply.pressSequentially('/');
    const list = page.getByRole('listbox', { name: 'Canned responses' });
    await list.waitFor();
    await reply.press('Escape');
    await list.waitFor({ state: 'detached' });
    await reply.fill('');
    await reply.pressSequentially('/hello-te');
    await expect.poll(() => list.getByRole('option').allInnerTexts(), poll).toEqual([expect.stringContaining('/hello-test')]);
    await reply.press('Enter');
    // The customer wrote Chinese: the zh-CN text, with their name filled in, and nothing sent yet.
    await expect.poll(() => reply.inputValue(), poll).toBe('林小姐您好，很高兴为您服务。');
    await list.waitFor({ state: 'detached' });
    expect(await page.locator('.msg-out .bubble').allInnerTexts()).not.toContain('林小姐您好，很高兴为您服务。');

    // The button opens the same picker; arrows move the choice.
    await page.getByRole('button', { name: 'Canned responses (/)' }).click();
    await list.waitFor();
    await expect.poll(() => list.getByRole('option').count(), poll).toBeGreaterThan(1);
    await reply.press('ArrowDown');
    expect(await list.getByRole('option').nth(1).getAttribute('aria-selected')).toBe('true');
    await chat.client.close();
    await context.close();
  }, 120_000);
});
