import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, sql } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { trainTicketClassifierNow } from '../modules/tickets/index.ts';
import { ensureDemoTickets } from './seed-demo-tickets.ts';

describe('the demo ticket desk', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    await ensureDemoTickets(kefu.ctx, ws.slug);
  });
  afterAll(() => kefu.close());

  it('seeds teams, the 3-level category tree with dispatch rules, and a history with a little open work, once', async () => {
    const tree = await call(kefu, 'GET', '/api/v1/ticket-categories', ws.tokens.agent);
    const levels = tree.body.items.map((c: { level: number }) => c.level);
    expect(new Set(levels)).toEqual(new Set([1, 2, 3]));
    const [counts] = await sql<{ all: number; active: number; teamless: number }>(
      kefu,
      `select count(*)::int as all, count(*) filter (where status in ('new','open','pending_customer'))::int as active,
         count(*) filter (where team_id is null)::int as teamless from tickets where workspace_id = $1`,
      [ws.id],
    );
    expect(counts).toEqual({ all: 600, active: 12, teamless: 0 });
    await ensureDemoTickets(kefu.ctx, ws.slug);
    const [again] = await sql<{ n: number }>(kefu, 'select count(*)::int as n from tickets where workspace_id = $1', [ws.id]);
    expect(again!.n).toBe(600);
  });

  it('classifies a new ticket from what the customer wrote: category, team and an urgent priority with its reason', async () => {
    expect(await trainTicketClassifierNow(kefu.ctx, ws.id)).toBe(true);
    const contact = await sql<{ id: string }>(kefu, 'select id from contacts where workspace_id = $1 limit 1', [ws.id]);
    const made = await call(kefu, 'POST', '/api/v1/tickets', ws.tokens.agent, {
      subject: '退款申请了两周还没到账',
      description: '订单E20261121001退款一直显示处理中，钱到现在都没退回来，再不处理我就打12315投诉！',
      contactId: contact[0]!.id,
    });
    expect(made.status, made.raw).toBe(201);
    expect(made.body.priority).toBe('urgent');
    expect(made.body.classification).toMatchObject({ by: 'classifier', priority: { value: 'urgent' } });
    expect(JSON.stringify(made.body.classification.priority.reasons)).toContain('12315');
    const detail = await call(kefu, 'GET', `/api/v1/tickets/${made.body.id}`, ws.tokens.agent);
    expect(detail.body.categoryPath.map((c: { key: string }) => c.key)[0]).toBe('payments');
    expect(made.body.teamId).not.toBeNull();
  });
});
