import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, WidgetClient } from '../channels/widget/test-client.ts';
import { brainFor } from '../modules/bot/index.ts';
import { ensureDemoSla } from '../modules/sla/index.ts';
import { call, sql } from '../test/factories.ts';
import type { TestKefu, TestWorkspace } from '../test/harness.ts';
import { startDemoBotWidget } from './demo-bot-kit.ts';
import { ensureDemoTickets } from './seed-demo-tickets.ts';

/**
 * Issue 7's closed loop as the demo desk runs it: an angry complaint in the
 * widget becomes an urgent ticket for the complaints team with SLA clocks;
 * the customer follows it in the widget; the agent resolves it; the customer
 * rates it 2 stars; the follow-up task is there for a supervisor.
 */
describe('a complaint, start to finish', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let baseUrl: string;
  let inboxId: string;

  beforeAll(async () => {
    ({ kefu, ws, baseUrl, inboxId } = await startDemoBotWidget());
    await ensureDemoTickets(kefu.ctx, ws.slug);
    await ensureDemoSla(kefu.ctx, ws.slug);
    await brainFor(kefu.ctx, ws.id);
  }, 120_000);
  afterAll(() => kefu.close());

  const asVisitor = async (method: 'GET' | 'POST', url: string, token: string, payload?: object) => {
    const res = await kefu.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json(), raw: res.body };
  };

  it('files the complaint as an urgent ticket with SLA clocks, and a 2-star rating after the resolve leaves a follow-up task', async () => {
    const session = (await openSession(kefu, inboxId)).body;
    const client = await WidgetClient.open(baseUrl, inboxId, session.visitorToken);
    await client.hello();
    const complaint = '你们的快递员把我的包裹摔坏了还骂人，太过分了！我要投诉，再不处理我就打12315曝光你们！';
    await client.say(complaint, 'loop-000001');
    const told = await client.next((f) => f.type === 'message' && /已为您创建工单/.test((f.message as { content: string }).content), 20_000);
    const number = /T-\d{4}-\d{6,}/.exec((told.message as { content: string }).content)![0];

    await kefu.ctx.bus.drain();
    const found = await call(kefu, 'GET', `/api/v1/tickets?q=${number}`, ws.tokens.agent);
    const ticket = found.body.items[0];
    expect(ticket).toMatchObject({ number, priority: 'urgent', source: 'bot' });
    const [team] = await sql<{ name: string }>(kefu, 'select name from teams where workspace_id = $1 and id = $2', [ws.id, ticket.teamId]);
    expect(team!.name).toContain('投诉组');
    const clocks = await sql<{ target: string }>(kefu, `select target from sla_timers where ticket_id = $1 and status = 'running' order by target`, [
      ticket.id,
    ]);
    expect(clocks.map((c) => c.target)).toEqual(['first_response', 'resolution']);

    // The customer follows it from the widget's "My tickets".
    const mine = await asVisitor('GET', `/channels/widget/${inboxId}/tickets`, session.visitorToken);
    expect(mine.status, mine.raw).toBe(200);
    expect(JSON.stringify(mine.body)).toContain(number);
    const detail = await asVisitor('GET', `/channels/widget/${inboxId}/tickets/${ticket.id}`, session.visitorToken);
    expect(detail.body.activities[0]).toMatchObject({ kind: 'created', dispatched: true, team: team!.name });
    // The list says who has it too ("已派单至投诉组"), not only the history.
    expect(mine.body.items[0]).toMatchObject({ id: ticket.id, team: team!.name });
    expect(detail.body.ticket.team).toBe(team!.name);
    // "预计 30 分钟内处理": the first-response target the customer is promised.
    const left = Date.parse(detail.body.ticket.expectedBy) - Date.now();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(30 * 60_000);

    // The agent answers and resolves; the customer is asked to rate it in the same chat.
    await call(kefu, 'POST', `/api/v1/tickets/${ticket.id}/activities`, ws.tokens.agent, { body: '非常抱歉，已为您安排补发并处理快递员。' });
    const inChat = await client.next((f) => f.type === 'message' && /已为您安排补发/.test((f.message as { content: string }).content), 20_000);
    expect((inChat.message as { content: string }).content).toBe(`【工单 ${number}】非常抱歉，已为您安排补发并处理快递员。`);
    const resolved = await call(kefu, 'PATCH', `/api/v1/tickets/${ticket.id}`, ws.tokens.agent, { status: 'resolved' });
    expect(resolved.body.status).toBe('resolved');
    const survey = await client.next((f) => f.type === 'message' && Boolean((f.message as { survey?: unknown }).survey), 20_000);
    const token = ((survey.message as { survey: { token: string } }).survey ?? {}).token;
    const rated = await call(kefu, 'POST', `/api/v1/public/surveys/${token}`, undefined, { rating: 2, comment: '处理太慢了' });
    expect(rated.status, rated.raw).toBe(200);

    await kefu.ctx.bus.drain();
    const tasks = await call(kefu, 'GET', '/api/v1/tasks?view=all&state=open', ws.tokens.admin);
    const followUp = tasks.body.items.find((t: { source: string; ticketId: string | null; conversationId: string | null }) => t.source === 'survey');
    expect(followUp, tasks.raw).toBeDefined();
    const due = Date.parse(followUp.dueAt) - Date.now();
    expect(due).toBeGreaterThan(23 * 3600_000);
    expect(due).toBeLessThanOrEqual(24 * 3600_000);
    await client.close();
  });
});
