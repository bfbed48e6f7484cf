import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMessage } from './receive-message.ts';
import { sendDueSurveysJob } from './survey-send.ts';
import { buildInvitedUser, call, expectError, sql } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { getInbox, type InboxRow } from '../modules/inboxes/index.ts';
import { newId } from '../lib/ids.ts';
import type { EventCatalogue } from '../events/catalogue.ts';

interface SurveyAttrs {
  token: string;
  url: string;
  questions: { key: string }[];
  texts: Record<string, { intro: string; thanks: string }>;
}

describe('satisfaction surveys and follow-up tasks', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let inbox: InboxRow;
  let teamId: string;
  let n = 0;
  const resolutions: EventCatalogue['conversation.resolved'][] = [];

  beforeAll(async () => {
    kefu = await buildTestKefu({ KEFU_PUBLIC_URL: 'https://kefu.example.com' });
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other Shop');
    const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: 'App' });
    inbox = await getInbox(kefu.ctx.db, ws.id, res.body.id);
    const team = await call(kefu, 'POST', '/api/v1/routing/teams', ws.tokens.admin, { name: '售后组', memberIds: [ws.users.agent.id] });
    teamId = team.body.id;
    kefu.ctx.bus.on('conversation.resolved', ({ payload }) => void resolutions.push(payload));
  });
  afterAll(() => kefu.close());

  /** A customer writes, the agent (in the after-sales team) resolves: returns the conversation and its survey message. */
  async function resolvedConversation() {
    const { conversation } = await receiveMessage(kefu.ctx, inbox, {
      identity: { kind: 'app', value: `u-csat-${++n}` },
      message: { sourceId: `csat-${n}-${Date.now()}`, content: '我的订单还没到' },
    });
    await sql(kefu, 'update conversations set team_id = $1 where workspace_id = $2 and id = $3', [teamId, ws.id, conversation.id]);
    await call(kefu, 'PATCH', `/api/v1/conversations/${conversation.id}`, ws.tokens.agent, { assigneeId: ws.users.agent.id });
    const resolved = await call(kefu, 'PATCH', `/api/v1/conversations/${conversation.id}`, ws.tokens.agent, { status: 'resolved' });
    expect(resolved.status).toBe(200);
    await kefu.ctx.bus.drain();
    return { conversationId: conversation.id, surveys: await surveyMessages(conversation.id) };
  }

  /**
   * The survey messages of a conversation as the agent sees them — never with
   * the token, the customer's capability to answer — completed with the token
   * the customer received (read from the request the message was sent for).
   */
  async function surveyMessages(conversationId: string) {
    const res = await call(kefu, 'GET', `/api/v1/conversations/${conversationId}/messages?limit=100`, ws.tokens.agent);
    const items = res.body.items as { id: string; type: string; content: string; contentAttributes: { survey?: SurveyAttrs } }[];
    expect(res.raw).not.toMatch(/\/survey\/[A-Za-z0-9_-]{22}/);
    const sent = await sql<{ token: string; message_id: string }>(
      kefu,
      'select token, message_id from survey_requests where workspace_id = $1 and conversation_id = $2 and message_id is not null',
      [ws.id, conversationId],
    );
    const tokens = new Map(sent.map((r) => [r.message_id, r.token]));
    return items
      .filter((m) => m.type === 'outgoing' && m.contentAttributes.survey)
      .map((m) => {
        expect(m.contentAttributes.survey).not.toHaveProperty('token');
        const token = tokens.get(m.id)!;
        return { ...m.contentAttributes.survey!, token, url: `https://kefu.example.com/survey/${token}` };
      });
  }

  const answer = (token: string, body: object) => call(kefu, 'POST', `/api/v1/public/surveys/${token}`, undefined, body);

  it('asks once per resolution with a token and the questions; a repeated event asks nothing more, a new resolution asks again', async () => {
    const { conversationId, surveys } = await resolvedConversation();
    expect(surveys).toHaveLength(1);
    const survey = surveys[0]!;
    expect(survey.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(survey.url).toBe(`https://kefu.example.com/survey/${survey.token}`);
    expect(survey.questions.map((q) => q.key)).toEqual(['resolved']);
    expect(survey.texts['zh-CN']!.intro).toContain('评分');

    // The same event delivered twice: still one survey.
    const first = resolutions.find((e) => e.conversation.id === conversationId)!;
    kefu.ctx.bus.emit('conversation.resolved', first);
    await kefu.ctx.bus.drain();
    expect(await surveyMessages(conversationId)).toHaveLength(1);

    await call(kefu, 'PATCH', `/api/v1/conversations/${conversationId}`, ws.tokens.agent, { status: 'open' });
    await call(kefu, 'PATCH', `/api/v1/conversations/${conversationId}`, ws.tokens.agent, { status: 'resolved' });
    await kefu.ctx.bus.drain();
    expect(await surveyMessages(conversationId)).toHaveLength(2);
  });

  it('2 stars: the response, a rating line in the timeline and a follow-up task due in 24 hours for the team', async () => {
    const { conversationId, surveys } = await resolvedConversation();
    const heard: string[] = [];
    const unsubscribe = kefu.ctx.realtime.subscribe(`workspace:${ws.id}`, (event) => void heard.push((event as { type: string }).type));
    const res = await answer(surveys[0]!.token, { rating: 2, comment: '等了三天才回复', answers: { resolved: 'no' } });
    unsubscribe();
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ recorded: true, rating: 2 }));

    const list = await call(kefu, 'GET', '/api/v1/feedback/responses', ws.tokens.admin);
    const response = list.body.items.find((r: { conversationId: string }) => r.conversationId === conversationId);
    expect(response).toEqual(
      expect.objectContaining({
        rating: 2,
        comment: '等了三天才回复',
        answers: { resolved: 'no' },
        agentId: ws.users.agent.id,
        teamId,
        channel: 'api',
      }),
    );
    expect(response.taskId).toMatch(/^task_/);

    const task = (await call(kefu, 'GET', `/api/v1/tasks/${response.taskId}`, ws.tokens.operator)).body;
    expect(task).toEqual(expect.objectContaining({ source: 'survey', status: 'open', teamId, conversationId, overdue: false }));
    expect(task.title).toContain('2 星');
    expect(new Date(task.dueAt).getTime() - new Date(task.createdAt).getTime()).toBeGreaterThanOrEqual(24 * 3_600_000 - 1000);
    expect(new Date(task.dueAt).getTime() - new Date(task.createdAt).getTime()).toBeLessThanOrEqual(24 * 3_600_000 + 1000);
    expect(heard).toContain('task.created');

    // The agent of the team sees it in "my team's tasks".
    const teamTasks = await call(kefu, 'GET', '/api/v1/tasks?view=team', ws.tokens.agent);
    expect(teamTasks.body.items.map((t: { id: string }) => t.id)).toContain(task.id);

    const timeline = await call(kefu, 'GET', `/api/v1/conversations/${conversationId}/messages?limit=100`, ws.tokens.agent);
    const line = timeline.body.items.find(
      (m: { type: string; contentAttributes: { csat?: unknown } }) => m.type === 'activity' && m.contentAttributes.csat,
    );
    expect(line.content).toContain('2/5');

    // Done with a note: it leaves the open list.
    const done = await call(kefu, 'POST', `/api/v1/tasks/${task.id}/done`, ws.tokens.agent, { note: '已致电客户，补发优惠券' });
    expect(done.body).toEqual(expect.objectContaining({ status: 'done', doneBy: ws.users.agent.id }));
    expectError(await call(kefu, 'POST', `/api/v1/tasks/${task.id}/done`, ws.tokens.agent, {}), 'task_closed');
    const open = await call(kefu, 'GET', '/api/v1/tasks?state=open', ws.tokens.admin);
    expect(open.body.items.map((t: { id: string }) => t.id)).not.toContain(task.id);
  });

  it('5 stars: a response and no task', async () => {
    const { conversationId, surveys } = await resolvedConversation();
    expect((await answer(surveys[0]!.token, { rating: 5 })).status).toBe(200);
    const list = await call(kefu, 'GET', '/api/v1/feedback/responses', ws.tokens.admin);
    const response = list.body.items.find((r: { conversationId: string }) => r.conversationId === conversationId);
    expect(response).toEqual(expect.objectContaining({ rating: 5, taskId: null }));
    const tasks = await call(kefu, 'GET', `/api/v1/tasks?state=all&conversationId=${conversationId}`, ws.tokens.admin);
    expect(tasks.body.items).toEqual([]);
  });

  it('refuses unknown, malformed, expired and twice-answered surveys with stable codes', async () => {
    expectError(await answer('A'.repeat(22), { rating: 4 }), 'survey_not_found');
    expectError(await answer('nope', { rating: 4 }), 'survey_not_found');
    const { surveys } = await resolvedConversation();
    const token = surveys[0]!.token;
    expectError(await answer(token, { rating: 0 }), 'validation_failed');
    expectError(await answer(token, { rating: 4, comment: 'x'.repeat(2001) }), 'validation_failed');
    expectError(await answer(token, { rating: 4, answers: { resolved: 'maybe' } }), 'validation_failed');

    // Within ten minutes a second answer replaces the first; after that it is refused.
    expect((await answer(token, { rating: 3 })).status).toBe(200);
    expect((await answer(token, { rating: 4 })).status).toBe(200);
    await sql(kefu, `update survey_responses set created_at = now() - interval '11 minutes' where workspace_id = $1`, [ws.id]);
    expectError(await answer(token, { rating: 5 }), 'survey_answered');

    await sql(kefu, `update survey_requests set expires_at = now() - interval '1 second' where token = $1`, [token]);
    expectError(await answer(token, { rating: 5 }), 'survey_expired');
    const page = await kefu.app.inject({ method: 'GET', url: `/survey/${token}` });
    expect(page.statusCode).toBe(410);
  });

  it('the public page works without JavaScript: radio stars, a form post, a thank-you', async () => {
    const { conversationId, surveys } = await resolvedConversation();
    const token = surveys[0]!.token;
    const page = await kefu.app.inject({ method: 'GET', url: `/survey/${token}?lang=en` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('type="radio" id="star-1" name="rating" value="1"');
    expect(page.body).toContain('Was your problem solved?');
    const zh = await kefu.app.inject({ method: 'GET', url: `/survey/${token}`, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.body).toContain('问题是否已解决?');

    const missing = await kefu.app.inject({
      method: 'POST',
      url: `/survey/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'comment=hi&lang=en',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Choose 1 to 5 stars');

    const posted = await kefu.app.inject({
      method: 'POST',
      url: `/survey/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ rating: '1', comment: '<b>太慢</b>', q_resolved: 'no', lang: 'en' }).toString(),
    });
    expect(posted.statusCode).toBe(303);
    const thanks = await kefu.app.inject({ method: 'GET', url: posted.headers.location as string });
    expect(thanks.body).toContain('Thank you for your feedback!');
    const list = await call(kefu, 'GET', '/api/v1/feedback/responses?rating=1', ws.tokens.admin);
    expect(list.body.items.find((r: { conversationId: string }) => r.conversationId === conversationId)).toEqual(
      expect.objectContaining({ rating: 1, comment: '<b>太慢</b>', answers: { resolved: 'no' } }),
    );
    const unknown = await kefu.app.inject({ method: 'GET', url: '/survey/%3Cscript%3E' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).not.toContain('<script>');
  });

  it('CSAT summary by agent; agents see only their own ratings; other workspaces see nothing', async () => {
    const summary = await call(kefu, 'GET', '/api/v1/feedback/summary', ws.tokens.admin);
    expect(summary.body.count).toBeGreaterThanOrEqual(3);
    expect(summary.body.csat).toBeGreaterThan(0);
    expect(summary.body.csat).toBeLessThan(1);
    expect(summary.body.byAgent).toEqual([expect.objectContaining({ agentId: ws.users.agent.id, count: summary.body.count })]);

    // The agent rated sees their own ratings; another agent (feedback.read only) sees none of them, even when asking by agent id.
    expect((await call(kefu, 'GET', '/api/v1/feedback/summary', ws.tokens.agent)).body.count).toBe(summary.body.count);
    const colleague = await buildInvitedUser(kefu, ws.tokens.admin, ws.roles.agent.id);
    expect((await call(kefu, 'GET', `/api/v1/feedback/responses?agentId=${ws.users.agent.id}`, colleague.token)).body.items).toEqual([]);
    expect((await call(kefu, 'GET', '/api/v1/feedback/summary', colleague.token)).body.count).toBe(0);

    const theirs = await call(kefu, 'GET', '/api/v1/feedback/responses', other.tokens.admin);
    expect(theirs.body.items).toEqual([]);
    expect((await call(kefu, 'GET', '/api/v1/feedback/summary', other.tokens.admin)).body.count).toBe(0);
    const tasks = await call(kefu, 'GET', '/api/v1/tasks?state=all', other.tokens.admin);
    expect(tasks.body.items).toEqual([]);
    const ours = await call(kefu, 'GET', '/api/v1/tasks?state=all', ws.tokens.admin);
    expectError(await call(kefu, 'GET', `/api/v1/tasks/${ours.body.items[0].id}`, other.tokens.admin), 'not_found');
    expectError(await call(kefu, 'POST', `/api/v1/tasks/${ours.body.items[0].id}/done`, other.tokens.admin, {}), 'not_found');
  });

  it('settings: admins change them (agents cannot); off for a channel means no survey; a ticket asks in its conversation', async () => {
    expectError(await call(kefu, 'GET', '/api/v1/feedback/settings', ws.tokens.agent), 'forbidden');
    const settings = (await call(kefu, 'GET', '/api/v1/feedback/settings', ws.tokens.admin)).body;
    expect(settings).toEqual(expect.objectContaining({ enabled: true, followUpThreshold: 3, followUpDueHours: 24, expiryDays: 7 }));
    expectError(await call(kefu, 'PUT', '/api/v1/feedback/settings', ws.tokens.admin, { ...settings, followUpThreshold: 9 }), 'validation_failed');

    const saved = await call(kefu, 'PUT', '/api/v1/feedback/settings', ws.tokens.admin, { ...settings, subjects: 'tickets' });
    expect(saved.status).toBe(200);
    const { surveys, conversationId } = await resolvedConversation();
    expect(surveys).toEqual([]);

    // The ticket (written directly: the tickets service is built elsewhere) resolves: the survey goes into its conversation.
    const ticketId = newId('ticket');
    const [contact] = await sql<{ contact_id: string }>(kefu, 'select contact_id from conversations where id = $1', [conversationId]);
    await sql(
      kefu,
      `insert into tickets (workspace_id, id, number, subject, contact_id, source, status, team_id, assignee_id) values ($1, $2, $3, '包裹丢失', $4, 'conversation', 'resolved', $5, $6)`,
      [ws.id, ticketId, `T-${n}`, contact!.contact_id, teamId, ws.users.agent.id],
    );
    await sql(kefu, 'insert into ticket_conversations (workspace_id, ticket_id, conversation_id) values ($1, $2, $3)', [
      ws.id,
      ticketId,
      conversationId,
    ]);
    const [ticket] = await sql(kefu, 'select * from tickets where id = $1', [ticketId]);
    const row = { id: ticketId, workspaceId: ws.id, assigneeId: ws.users.agent.id, teamId, resolvedAt: new Date(), updatedAt: new Date(), ...ticket };
    kefu.ctx.bus.emit('ticket.resolved', { workspaceId: ws.id, ticket: row as never });
    await kefu.ctx.bus.drain();
    const asked = await surveyMessages(conversationId);
    expect(asked).toHaveLength(1);
    expect((await answer(asked[0]!.token, { rating: 3 })).status).toBe(200);
    const list = await call(kefu, 'GET', '/api/v1/feedback/responses', ws.tokens.admin);
    expect(list.body.items[0]).toEqual(
      expect.objectContaining({ subjectType: 'ticket', ticketId, rating: 3, taskId: expect.stringMatching(/^task_/) }),
    );
    const task = await call(kefu, 'GET', `/api/v1/tasks/${list.body.items[0].taskId}`, ws.tokens.admin);
    expect(task.body.ticketId).toBe(ticketId);

    await call(kefu, 'PUT', '/api/v1/feedback/settings', ws.tokens.admin, { ...settings, delivery: { ...settings.delivery, api: 'off' } });
    expect((await resolvedConversation()).surveys).toEqual([]);
    await call(kefu, 'PUT', '/api/v1/feedback/settings', ws.tokens.admin, settings);
  });

  it('a link channel gets the link in the text; a delay waits for the due job, which skips a conversation reopened meanwhile', async () => {
    const settings = (await call(kefu, 'GET', '/api/v1/feedback/settings', ws.tokens.admin)).body;
    await call(kefu, 'PUT', '/api/v1/feedback/settings', ws.tokens.admin, { ...settings, delivery: { ...settings.delivery, api: 'link' } });
    const linked = await resolvedConversation();
    expect(linked.surveys).toEqual([]);
    const messages = (await call(kefu, 'GET', `/api/v1/conversations/${linked.conversationId}/messages?limit=100`, ws.tokens.agent)).body.items;
    const asking = messages.find((m: { type: string; senderType: string }) => m.type === 'outgoing' && m.senderType === 'bot');
    // The agent sees that the link went out, not the token in it; the customer's channel gets the whole link.
    expect(asking.content).toBe('请为本次服务评分：\nhttps://kefu.example.com/survey/…');
    const [stored] = await sql<{ content: string }>(kefu, 'select content from messages where workspace_id = $1 and id = $2', [ws.id, asking.id]);
    expect(stored!.content).toMatch(/^请为本次服务评分：\nhttps:\/\/kefu\.example\.com\/survey\/[A-Za-z0-9_-]{22}$/);

    await call(kefu, 'PUT', '/api/v1/feedback/settings', ws.tokens.admin, { ...settings, delayMinutes: 30 });
    const later = await resolvedConversation();
    const reopened = await resolvedConversation();
    expect([...later.surveys, ...reopened.surveys]).toEqual([]);
    await call(kefu, 'PATCH', `/api/v1/conversations/${reopened.conversationId}`, ws.tokens.agent, { status: 'open' });
    await sql(kefu, `update survey_requests set send_at = now() - interval '1 second' where workspace_id = $1 and sent_at is null`, [ws.id]);
    await sendDueSurveysJob.run(kefu.ctx, {});
    await kefu.ctx.bus.drain();
    expect(await surveyMessages(later.conversationId)).toHaveLength(1);
    expect(await surveyMessages(reopened.conversationId)).toEqual([]);
    await call(kefu, 'PUT', '/api/v1/feedback/settings', ws.tokens.admin, settings);
  });

  it('documents the public and staff endpoints in the OpenAPI document', async () => {
    const res = await kefu.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/public/surveys/{token}', '/api/v1/feedback/summary', '/api/v1/tasks/{id}/done']));
  });

  it('rate-limits the public endpoints per client address', async () => {
    const probe = () =>
      kefu.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${'B'.repeat(22)}`, remoteAddress: '10.9.8.7', payload: { rating: 5 } });
    const codes: number[] = [];
    for (let i = 0; i < 45; i++) codes.push((await probe()).statusCode);
    expect(codes[0]).toBe(404);
    expect(codes.at(-1)).toBe(429);
    const elsewhere = await kefu.app.inject({ method: 'GET', url: `/survey/${'B'.repeat(22)}`, remoteAddress: '10.9.8.6' });
    expect(elsewhere.statusCode).toBe(404);
  });
});
