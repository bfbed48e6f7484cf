import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, sql } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { buildTicket, changeTicket, moveTimer, readTicket, settle, slaLines } from './test-kit.ts';
import { sweepSlaTimers } from './timers-service.ts';

type Target = { status: string; dueAt?: string; targetMinutes?: number; remainingMinutes?: number };
const targets = async (kefu: TestKefu, t: { workspaceId: string; id: string }) =>
  ((await readTicket(kefu, t)).sla as { targets?: Record<string, Target> }).targets ?? {};
const MINUTE = 60_000;
const allDay = [{ start: '00:00', end: '24:00' }];
/** Today's date in Beijing, plus `days`. */
const beijingDate = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** Editing or deleting a policy, or editing its calendar, re-times the clocks already running under it. */
describe('SLA policy and calendar edits', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu, 'Retime Shop');
  });
  afterAll(() => kefu.close());

  const post = async (url: string, body: object) => {
    const res = await call(kefu, 'POST', url, ws.tokens.admin, body);
    expect(res.status, res.raw).toBeLessThan(300);
    return res.body as { id: string };
  };
  const patch = async (url: string, body: object) => {
    const res = await call(kefu, 'PATCH', url, ws.tokens.admin, body);
    expect(res.status, res.raw).toBe(200);
    await settle(kefu);
  };

  it('moves running and paused clocks to the new targets, keeping the time used, and still breaches once', async () => {
    const policy = await post('/api/v1/sla/policies', { name: 'Normal', conditions: { priorities: ['normal'] }, targets: { resolution: 480 } });
    const running = await buildTicket(kefu, ws.id, { priority: 'normal', createdAt: new Date(Date.now() - 30 * MINUTE) });
    const paused = await changeTicket(kefu, await buildTicket(kefu, ws.id, { priority: 'normal' }), { status: 'pending_customer' });
    const before = await targets(kefu, running);
    expect(Date.parse(before.resolution!.dueAt!) - Date.parse(running.createdAt.toISOString())).toBeCloseTo(480 * MINUTE, -4);

    await patch(`/api/v1/sla/policies/${policy.id}`, { targets: { firstResponse: 60, resolution: 120 } });
    // A patch changes only what it names.
    expect((await call(kefu, 'GET', `/api/v1/sla/policies/${policy.id}`, ws.tokens.admin)).body.conditions).toEqual({ priorities: ['normal'] });
    const after = await targets(kefu, running);
    // 30 minutes were used of 480; 90 are left of the new 120.
    expect(after.resolution).toMatchObject({ status: 'running', targetMinutes: 120 });
    expect(Date.parse(after.resolution!.dueAt!) - Date.now()).toBeGreaterThan(85 * MINUTE);
    expect(Date.parse(after.resolution!.dueAt!) - Date.now()).toBeLessThanOrEqual(90 * MINUTE);
    // A target the policy gained starts from the ticket's creation.
    expect(after.first_response).toMatchObject({ status: 'running', targetMinutes: 60 });
    expect((await targets(kefu, paused)).resolution).toMatchObject({ status: 'paused', targetMinutes: 120 });
    expect((await targets(kefu, paused)).resolution!.remainingMinutes).toBeGreaterThan(119);

    // The re-timed clock fires exactly once, whatever ran before.
    await moveTimer(kefu, running, 'resolution', -1);
    await Promise.all([sweepSlaTimers(kefu.ctx), sweepSlaTimers(kefu.ctx)]);
    await settle(kefu);
    await patch(`/api/v1/sla/policies/${policy.id}`, { targets: { firstResponse: 60, resolution: 100 } });
    await sweepSlaTimers(kefu.ctx);
    await settle(kefu);
    const lines = (await slaLines(kefu, running)).map((l) => `${l.data.event}:${l.data.target}`);
    expect(lines.filter((l) => l === 'breached:resolution')).toHaveLength(1);
    expect((await targets(kefu, running)).resolution!.status).toBe('breached');
  });

  it('re-times clocks on a calendar that gains holidays, and leaves other policies’ clocks alone', async () => {
    const calendar = await post('/api/v1/sla/calendars', {
      name: 'Every day',
      weeklyHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    });
    await post('/api/v1/sla/policies', { name: 'High', conditions: { priorities: ['high'] }, calendarId: calendar.id, targets: { resolution: 240 } });
    await post('/api/v1/sla/policies', { name: 'Low', conditions: { priorities: ['low'] }, targets: { resolution: 240 } });
    const high = await buildTicket(kefu, ws.id, { priority: 'high' });
    const low = await buildTicket(kefu, ws.id, { priority: 'low' });
    const lowDue = (await targets(kefu, low)).resolution!.dueAt;
    expect(Date.parse((await targets(kefu, high)).resolution!.dueAt!) - Date.now()).toBeLessThanOrEqual(240 * MINUTE);

    await post(`/api/v1/sla/calendars/${calendar.id}/ranges`, { from: beijingDate(0), to: beijingDate(1), name: '临时放假' });
    await settle(kefu);
    // No working time today or tomorrow (Beijing): the 4 hours left start the day after.
    const dayAfter = Date.parse(`${beijingDate(2)}T00:00:00+08:00`);
    expect(Date.parse((await targets(kefu, high)).resolution!.dueAt!)).toBeGreaterThanOrEqual(dayAfter + 239 * MINUTE);
    expect((await targets(kefu, low)).resolution!.dueAt).toBe(lowDue);
  });

  it('moves a deleted policy’s clocks to the policy that now matches, and stops them when none does', async () => {
    const strict = await post('/api/v1/sla/policies', {
      name: 'Urgent 2h',
      position: 1,
      conditions: { priorities: ['urgent'] },
      targets: { resolution: 120 },
    });
    const loose = await post('/api/v1/sla/policies', {
      name: 'Urgent 8h',
      position: 2,
      conditions: { priorities: ['urgent'] },
      targets: { resolution: 480 },
    });
    const ticket = await buildTicket(kefu, ws.id, { priority: 'urgent' });
    const created = Date.parse(ticket.createdAt.toISOString());
    expect(Date.parse((await targets(kefu, ticket)).resolution!.dueAt!) - created).toBeCloseTo(120 * MINUTE, -4);
    const remove = async (id: string) => {
      expect((await call(kefu, 'DELETE', `/api/v1/sla/policies/${id}`, ws.tokens.admin)).status).toBe(204);
      await settle(kefu);
    };

    await remove(strict.id);
    const moved = (await targets(kefu, ticket)).resolution!;
    expect(moved).toMatchObject({ status: 'running', targetMinutes: 480 });
    expect(Date.parse(moved.dueAt!) - created).toBeCloseTo(480 * MINUTE, -4);

    await remove(loose.id);
    const clocks = await sql<{ status: string }>(kefu, 'select status from sla_timers where workspace_id = $1 and ticket_id = $2', [
      ws.id,
      ticket.id,
    ]);
    expect(clocks.map((c) => c.status)).toEqual(['cancelled']);
    expect((await targets(kefu, ticket)).resolution?.status).not.toBe('running');
  });
});
