import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium } from '../test/browser.ts';
import { call, sql } from '../test/factories.ts';
import { consoleContext, openWidget, screenshot, signIn, startConsoleRig, type ConsoleRig } from '../web-console/console-kit.ts';

const poll = { timeout: 15_000, interval: 100 };

/**
 * The done-when of the satisfaction survey: a customer chats in the widget,
 * the agent resolves the conversation, the customer gives 2 stars with a
 * comment in the widget, and the follow-up task appears on the supervisor's
 * Tasks page (live, without a reload).
 */
describe.skipIf(!haveChromium)('satisfaction survey in the widget and follow-up task in the console', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  }, 180_000);
  afterAll(() => rig?.close());

  it('2 stars in the widget → a follow-up task on the Tasks page', async () => {
    const { kefu, ws } = rig;
    const team = await call(kefu, 'POST', '/api/v1/routing/teams', ws.tokens.admin, { name: '售后组', memberIds: [ws.users.agent.id] });

    // The supervisor watches the Tasks page.
    const consoleWindow = await consoleContext(rig, 'zh-CN');
    const supervisor = await consoleWindow.newPage();
    await signIn(supervisor, rig, ws.users.operator);
    await supervisor.getByRole('link', { name: '待办' }).click();
    await supervisor.getByText('这里没有待办。').waitFor();

    // The customer writes in the widget and asks for a person.
    const customerWindow = await rig.browser.newContext({ locale: 'zh-CN' });
    const customer = await customerWindow.newPage();
    await openWidget(customer, rig, 'zh-CN');
    await customer.locator('textarea').first().fill('我的快递三天了还没到');
    await customer.locator('textarea').first().press('Enter');
    let conversationId = '';
    await expect
      .poll(async () => {
        const rows = await sql<{ id: string }>(kefu, 'select id from conversations where workspace_id = $1', [ws.id]);
        conversationId = rows[0]?.id ?? '';
        return conversationId;
      }, poll)
      .not.toBe('');
    await sql(kefu, 'update conversations set team_id = $1 where id = $2', [team.body.id, conversationId]);

    // The agent resolves it.
    const resolved = await call(kefu, 'PATCH', `/api/v1/conversations/${conversationId}`, ws.tokens.agent, {
      assigneeId: ws.users.agent.id,
      status: 'resolved',
    });
    expect(resolved.status).toBe(200);

    // The survey appears in the widget; the customer gives 2 stars with a comment.
    const survey = customer.locator('.survey');
    await survey.waitFor({ timeout: 15_000 });
    await survey.locator('.stars button[data-value="2"]').click();
    await survey.getByRole('radio', { name: '否' }).click();
    await survey.locator('textarea').fill('等了太久');
    await screenshot(customer, 'survey-widget-zh.png');
    await survey.getByRole('button', { name: '提交评价' }).click();
    await customer.locator('.survey-done').getByText('感谢您的评价！').waitFor();

    // The task appears on the supervisor's page without a reload.
    const task = supervisor.locator('.task-item').first();
    await task.getByText(/跟进 2 星评价 · 访客/).waitFor({ timeout: 15_000 });
    await task.getByText('等了太久').waitFor();
    await task.getByText('团队：售后组').waitFor();
    await screenshot(supervisor, 'tasks-zh.png');

    // And the rating is on the Feedback page with its CSAT.
    await supervisor.getByRole('link', { name: '满意度' }).click();
    await supervisor.getByTestId('csat').getByText('0%').waitFor();
    await supervisor.locator('tr[data-rating="2"]').getByText('等了太久').waitFor();
    await screenshot(supervisor, 'feedback-zh.png');

    await customerWindow.close();
    await consoleWindow.close();
  }, 120_000);
});
