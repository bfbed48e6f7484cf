import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, WidgetClient } from '../channels/widget/test-client.ts';
import { brainFor } from '../modules/bot/index.ts';
import { call, expectError, sql } from '../test/factories.ts';
import { createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { startDemoBotWidget } from './demo-bot-kit.ts';
import { ticketFromBotRequest, ticketFromHandoff } from './ticket-intake.ts';

interface TicketSeen {
  id: string;
  number: string;
  source: string;
  priority: string;
  categoryId: string | null;
  teamId: string | null;
  customFields: Record<string, unknown>;
  classification: Record<string, unknown> | null;
}

/** Tickets the bot files on its own, seen as the customer (widget socket) and the agent (API) see them. */
describe('automatic tickets from the bot', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let baseUrl: string;
  let inboxId: string;
  let n = 0;
  const team: Record<string, string> = {};
  const cat: Record<string, string> = {};

  beforeAll(async () => {
    ({ kefu, ws, baseUrl, inboxId } = await startDemoBotWidget());
    await brainFor(kefu.ctx, ws.id);
    for (const [key, name] of [
      ['returns', '售后组'],
      ['complaints', '投诉组'],
    ] as const) {
      const res = await call(kefu, 'POST', '/api/v1/routing/teams', ws.tokens.admin, { name, memberIds: [ws.users.agent.id] });
      team[key] = res.body.id;
      const c = await call(kefu, 'POST', '/api/v1/ticket-categories', ws.tokens.operator, { key, name, nameEn: key, teamId: res.body.id });
      expect(c.status, c.raw).toBe(201);
      cat[key] = c.body.id;
    }
    const field = await call(kefu, 'POST', '/api/v1/ticket-fields', ws.tokens.operator, { key: 'order_number', label: '订单号', type: 'text' });
    expect(field.status, field.raw).toBe(201);
    const put = await call(kefu, 'PUT', '/api/v1/ticket-intake/settings', ws.tokens.operator, {
      intentCategories: { return_request: cat.returns, complaint: cat.complaints, complain: cat.complaints },
    });
    expect(put.status, put.raw).toBe(200);
  }, 60_000);
  afterAll(() => kefu.close());

  async function visitor() {
    const session = (await openSession(kefu, inboxId)).body;
    const client = await WidgetClient.open(baseUrl, inboxId, session.visitorToken);
    await client.hello();
    const isBot = (f: { type: string; message?: unknown }) => f.type === 'message' && (f.message as { sender: string }).sender === 'bot';
    const ask = async (text: string) => {
      await client.say(text, `msg-${String(++n).padStart(6, '0')}`);
      const lines = [((await client.next(isBot)).message as { content: string }).content];
      for (;;) {
        const more = await client.next(isBot, 300).catch(() => null);
        if (!more) return lines.join('\n');
        lines.push((more.message as { content: string }).content);
      }
    };
    return { client, ask };
  }

  /** The line telling the customer their ticket number, as it reached their socket. */
  async function ticketLine(client: WidgetClient): Promise<string | undefined> {
    for (let i = 0; i < 100; i++) {
      const frame = client.frames.find((f) => f.type === 'message' && /已为您创建工单/.test((f.message as { content: string }).content));
      if (frame) return (frame.message as { content: string }).content;
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  }

  async function ticketsOf(conversationId: string): Promise<TicketSeen[]> {
    await kefu.ctx.bus.drain();
    const res = await call(kefu, 'GET', `/api/v1/conversations/${conversationId}/tickets`, ws.tokens.agent);
    expect(res.status, res.raw).toBe(200);
    return (res.body.items ?? res.body) as TicketSeen[];
  }

  async function conversationWith(text: string): Promise<string> {
    const [row] = await sql<{ id: string }>(kefu, `select conversation_id as id from messages where workspace_id = $1 and content = $2`, [
      ws.id,
      text,
    ]);
    return row!.id;
  }

  it('files a completed return request as a ticket in the mapped category, order number filled, once per request', async () => {
    const { client, ask } = await visitor();
    await ask('我要退货');
    await ask('DS2026112000123');
    await ask('1');
    await ask('跳过');
    const done = await ask('确认');
    expect(done).toMatch(/R-\d{4}-\d{6}/);
    const told = await ticketLine(client);
    const conversationId = await conversationWith('我要退货');
    const [ticket, ...more] = await ticketsOf(conversationId);
    expect(more).toEqual([]);
    expect(ticket).toMatchObject({
      source: 'bot',
      categoryId: cat.returns,
      teamId: team.returns,
      customFields: { order_number: 'DS2026112000123' },
      classification: expect.objectContaining({ by: 'intent_mapping', source: 'bot_request' }),
    });
    expect(told).toContain(ticket!.number);

    // The event again (a redelivery, another node): nothing new.
    const [request] = await sql<{ id: string }>(kefu, 'select id from bot_requests where conversation_id = $1', [conversationId]);
    expect(await ticketFromBotRequest(kefu.ctx, ws.id, request!.id)).toBeNull();
    kefu.ctx.bus.emit('bot.request_created', { workspaceId: ws.id, requestId: request!.id, kind: 'return_request', conversationId });
    expect(await ticketsOf(conversationId)).toHaveLength(1);
    const lines = await sql(kefu, `select 1 from messages where conversation_id = $1 and content like '已为您创建工单%'`, [conversationId]);
    expect(lines).toHaveLength(1);
    const activity = await sql<{ attrs: { ticket: { number: string } } }>(
      kefu,
      `select content_attributes as attrs from messages where conversation_id = $1 and type = 'activity' and content_attributes ? 'ticket'`,
      [conversationId],
    );
    expect(activity.map((a) => a.attrs.ticket.number)).toEqual([ticket!.number]);
    await client.close();
  });

  it('turns an angry complaint into an urgent ticket for the complaints team, and a plain handoff into none', async () => {
    const angry = await visitor();
    await angry.ask('再不处理我就去12315投诉你们，气死我了！！！');
    expect(await ticketLine(angry.client)).toMatch(/^已为您创建工单 T-\d{4}-\d{6}，我们会尽快处理。$/);
    const conversationId = await conversationWith('再不处理我就去12315投诉你们，气死我了！！！');
    const [ticket, ...more] = await ticketsOf(conversationId);
    expect(more).toEqual([]);
    expect(ticket).toMatchObject({ source: 'bot', priority: 'urgent', categoryId: cat.complaints, teamId: team.complaints });
    expect(await ticketFromHandoff(kefu.ctx, ws.id, conversationId, 'complaint_risk')).toBeNull();

    const calm = await visitor();
    await calm.ask('转人工');
    const calmId = await conversationWith('转人工');
    for (let i = 0; i < 50 && (await sql(kefu, `select 1 from conversations where id = $1 and status = 'open'`, [calmId])).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await ticketsOf(calmId)).toEqual([]);
    await Promise.all([angry.client.close(), calm.client.close()]);
  });

  it('files a ticket when the bot hands off on an intent the workspace maps to a category', async () => {
    const { client, ask } = await visitor();
    await ask('我要投诉你们的快递员');
    expect(await ticketLine(client)).toMatch(/已为您创建工单 T-/);
    const [complaint] = await ticketsOf(await conversationWith('我要投诉你们的快递员'));
    expect(complaint).toMatchObject({ source: 'bot', categoryId: cat.complaints, teamId: team.complaints });

    // An intent whose action is a handoff (reason `intent`) files a ticket only when mapped.
    const calm = await visitor();
    await calm.ask('人工客服');
    await kefu.ctx.bus.drain(); // the turn's own handoff (reason `requested`) is done before the mapping changes
    const conversationId = await conversationWith('人工客服');
    const [session] = await sql<{ intents: string[] }>(
      kefu,
      `select state->'dialogue'->'intents' as intents from bot_sessions where conversation_id = $1`,
      [conversationId],
    );
    const intent = session!.intents[0]!;
    expect(await ticketFromHandoff(kefu.ctx, ws.id, conversationId, 'intent')).toBeNull();
    const put = await call(kefu, 'PUT', '/api/v1/ticket-intake/settings', ws.tokens.operator, {
      intentCategories: { return_request: cat.returns, complaint: cat.complaints, complain: cat.complaints, [intent]: cat.returns },
    });
    expect(put.status, put.raw).toBe(200);
    // The same event handled on several nodes at once: one ticket.
    const raced = await Promise.all(Array.from({ length: 4 }, () => ticketFromHandoff(kefu.ctx, ws.id, conversationId, 'intent')));
    const [made, ...others] = raced.filter(Boolean);
    expect(others).toEqual([]);
    expect(await ticketsOf(conversationId)).toHaveLength(1);
    expect(made).toMatchObject({ source: 'bot', categoryId: cat.returns, teamId: team.returns, priority: 'normal' });
    expect(made!.classification).toMatchObject({ by: 'intent_mapping', handoffReason: 'intent' });
    expect(await ticketFromHandoff(kefu.ctx, ws.id, conversationId, 'intent')).toBeNull();
    await Promise.all([client.close(), calm.client.close()]);
  });

  it('keeps the intent mapping per workspace: live categories of its own only, changed by configurers', async () => {
    const other = await createTestWorkspace(kefu, 'Other Shop');
    const foreign = await call(kefu, 'POST', '/api/v1/ticket-categories', other.tokens.operator, { key: 'x', name: '别家' });
    expectError(
      await call(kefu, 'PUT', '/api/v1/ticket-intake/settings', ws.tokens.operator, { intentCategories: { return_request: foreign.body.id } }),
      'validation_failed',
    );
    expectError(await call(kefu, 'PUT', '/api/v1/ticket-intake/settings', ws.tokens.agent, { intentCategories: {} }), 'forbidden');
    expect((await call(kefu, 'GET', '/api/v1/ticket-intake/settings', other.tokens.agent)).body).toEqual({ intentCategories: {} });
    expect((await call(kefu, 'GET', '/api/v1/ticket-intake/settings', ws.tokens.agent)).body.intentCategories).toMatchObject({
      return_request: cat.returns,
    });
  });
});
