import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { auditEvents, call, expectError } from '../../test/factories.ts';
import type { EventEnvelope } from '../../events/catalogue.ts';
import { sweepSlaTimers } from './timers-service.ts';
import { ensureDemoSla } from './demo.ts';
import { fireDueTimers } from './timers-repo.ts';
import { addActivity, buildTicket, changeTicket, moveTimer, readTicket, settle, slaLines } from './test-kit.ts';

interface SlaDoc {
  policyId?: string;
  paused?: boolean;
  breached?: boolean;
  targets?: Record<string, { status: string; dueAt?: string; metAt?: string; remainingMinutes?: number; warnedAt?: string; breachedAt?: string }>;
}
const slaOf = async (kefu: TestKefu, t: { workspaceId: string; id: string }) => (await readTicket(kefu, t)).sla as SlaDoc;
const office = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];

let kefu: TestKefu;
let ws: TestWorkspace;
let other: TestWorkspace;
const events: EventEnvelope[] = [];

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu, 'SLA Shop');
  other = await createTestWorkspace(kefu, 'Other Shop');
  kefu.ctx.bus.on('ticket.sla_breached', (e) => void events.push(e));
  kefu.ctx.bus.on('ticket.sla_warning', (e) => void events.push(e));
  kefu.ctx.bus.on('ticket.updated', (e) => void events.push(e));
});
afterAll(() => kefu.close());

describe('SLA admin API', () => {
  it('manages calendars with holidays, 补班 and an add-a-range helper, audited and per workspace', async () => {
    const bad = await call(kefu, 'POST', '/api/v1/sla/calendars', ws.tokens.admin, { name: 'x', timezone: 'Mars/Olympus', weeklyHours: {} });
    expectError(bad, 'validation_failed');
    const backwards = await call(kefu, 'POST', '/api/v1/sla/calendars', ws.tokens.admin, {
      name: 'x',
      weeklyHours: { mon: [{ start: '18:00', end: '09:00' }] },
    });
    expectError(backwards, 'validation_failed');
    const created = await call(kefu, 'POST', '/api/v1/sla/calendars', ws.tokens.admin, {
      name: '工作日 9:00–18:00',
      weeklyHours: { mon: office, tue: office, wed: office, thu: office, fri: office },
      workdays: [{ date: '2025-09-28', name: '国庆节补班' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ timezone: 'Asia/Shanghai', weeklyHours: { sat: [], mon: office } });
    const ranged = await call(kefu, 'POST', `/api/v1/sla/calendars/${created.body.id}/ranges`, ws.tokens.admin, {
      from: '2025-10-01',
      to: '2025-10-08',
      name: '国庆节、中秋节',
    });
    expect(ranged.status).toBe(200);
    expect(ranged.body.holidays).toHaveLength(8);
    expect(ranged.body.holidays[7]).toEqual({ date: '2025-10-08', name: '国庆节、中秋节' });

    expectError(await call(kefu, 'POST', '/api/v1/sla/calendars', ws.tokens.agent, { name: 'y', weeklyHours: {} }), 'forbidden');
    expect((await call(kefu, 'GET', '/api/v1/sla/calendars', ws.tokens.agent)).body.items.map((c: { id: string }) => c.id)).toContain(
      created.body.id,
    );
    expectError(await call(kefu, 'GET', `/api/v1/sla/calendars/${created.body.id}`, other.tokens.admin), 'not_found');
    expectError(await call(kefu, 'PATCH', `/api/v1/sla/calendars/${created.body.id}`, other.tokens.admin, { name: 'mine' }), 'not_found');

    const audit = await auditEvents(kefu, ws.tokens.admin, { targetId: created.body.id });
    expect(audit.map((a) => a.action).sort()).toEqual(['sla_calendar.created', 'sla_calendar.updated']);

    const policy = await call(kefu, 'POST', '/api/v1/sla/policies', ws.tokens.admin, {
      name: 'Office',
      targets: { firstResponse: 60 },
      calendarId: created.body.id,
      conditions: { tiers: ['gold-only'] },
    });
    expect(policy.status).toBe(201);
    expectError(await call(kefu, 'DELETE', `/api/v1/sla/calendars/${created.body.id}`, ws.tokens.admin), 'sla_calendar_in_use');
    const foreign = await call(kefu, 'POST', '/api/v1/sla/policies', other.tokens.admin, { name: 'x', targets: {}, calendarId: created.body.id });
    expectError(foreign, 'validation_failed');
    expect((await call(kefu, 'DELETE', `/api/v1/sla/policies/${policy.body.id}`, ws.tokens.admin)).status).toBe(204);
    expect((await call(kefu, 'DELETE', `/api/v1/sla/calendars/${created.body.id}`, ws.tokens.admin)).status).toBe(204);
  });
});

describe('the demo workspace', () => {
  it('gets a Beijing office-hours calendar with the official holidays and two policies, once', async () => {
    const demo = await createTestWorkspace(kefu, 'Demo-like');
    await ensureDemoSla(kefu.ctx, demo.slug);
    await ensureDemoSla(kefu.ctx, demo.slug);
    const calendars = (await call(kefu, 'GET', '/api/v1/sla/calendars', demo.tokens.admin)).body.items;
    expect(calendars).toHaveLength(1);
    expect(calendars[0]).toMatchObject({ name: '工作日 9:00–18:00 (北京时间)', timezone: 'Asia/Shanghai' });
    expect(calendars[0].holidays).toContainEqual({ date: '2025-10-08', name: '国庆节、中秋节' });
    expect(calendars[0].workdays).toContainEqual({ date: '2025-09-28', name: '国庆节补班' });
    const policies = (await call(kefu, 'GET', '/api/v1/sla/policies', demo.tokens.admin)).body.items;
    expect(policies.map((p: { name: string; calendarId: string | null }) => [p.name, p.calendarId])).toEqual([
      ['紧急工单 Urgent (24×7)', null],
      ['标准 Standard', calendars[0].id],
    ]);
  });
});

describe('SLA clocks follow the ticket', () => {
  let standard: string;
  let urgent: string;
  beforeAll(async () => {
    const post = (body: object) => call(kefu, 'POST', '/api/v1/sla/policies', ws.tokens.admin, body);
    urgent = (
      await post({
        name: 'Urgent',
        position: 0,
        conditions: { priorities: ['urgent'] },
        targets: { firstResponse: 30, resolution: 120 },
        escalation: { onBreach: [{ type: 'notify' }, { type: 'raise_priority' }] },
      })
    ).body.id;
    standard = (
      await post({
        name: 'Standard',
        position: 5,
        targets: { firstResponse: 60, nextResponse: 90, resolution: 600 },
        warnBefore: { percent: 25 },
        escalation: { onBreach: [{ type: 'notify' }, { type: 'raise_priority' }] },
      })
    ).body.id;
  });

  it('starts first response and resolution on creation, with due times in the ticket row', async () => {
    const t = await buildTicket(kefu, ws.id);
    const sla = await slaOf(kefu, t);
    expect(sla.policyId).toBe(standard);
    const due = Date.parse(sla.targets!.first_response!.dueAt!);
    expect(due - t.createdAt.getTime()).toBe(60 * 60_000);
    expect(Date.parse(sla.targets!.resolution!.dueAt!) - t.createdAt.getTime()).toBe(600 * 60_000);
    expect(sla.targets!.next_response).toBeUndefined();
  });

  it('meets the first response on a reply, runs the next response on a customer reply, pauses while pending the customer', async () => {
    const t = await buildTicket(kefu, ws.id);
    await addActivity(kefu, t, 'note');
    expect((await slaOf(kefu, t)).targets!.first_response!.status).toBe('running');
    await addActivity(kefu, t, 'reply');
    expect((await slaOf(kefu, t)).targets!.first_response).toMatchObject({ status: 'met', metAt: expect.any(String) });
    await addActivity(kefu, t, 'customer_reply');
    expect((await slaOf(kefu, t)).targets!.next_response!.status).toBe('running');

    const pending = await changeTicket(kefu, await readTicket(kefu, t), { status: 'pending_customer' });
    const paused = await slaOf(kefu, t);
    expect(paused.paused).toBe(true);
    expect(paused.targets!.resolution).toMatchObject({ status: 'paused' });
    expect(paused.targets!.resolution!.remainingMinutes).toBeGreaterThan(590);
    expect(paused.targets!.resolution!.dueAt).toBeDefined();

    await changeTicket(kefu, pending, { status: 'open' });
    const resumed = await slaOf(kefu, t);
    expect(resumed.paused).toBe(false);
    expect(resumed.targets!.resolution!.status).toBe('running');
    expect(Date.parse(resumed.targets!.resolution!.dueAt!)).toBeGreaterThanOrEqual(Date.parse(paused.targets!.resolution!.dueAt!));

    await addActivity(kefu, t, 'reply');
    expect((await slaOf(kefu, t)).targets!.next_response!.status).toBe('met');
  });

  it('stops on resolve and resumes resolution on reopen', async () => {
    const t = await buildTicket(kefu, ws.id);
    const resolved = await changeTicket(kefu, t, { status: 'resolved' });
    const stopped = await slaOf(kefu, t);
    expect(stopped.targets!.resolution!.status).toBe('met');
    expect(stopped.targets!.first_response).toBeUndefined(); // cancelled: not shown
    await changeTicket(kefu, resolved, { status: 'reopened' });
    expect((await slaOf(kefu, t)).targets!.resolution!.status).toBe('running');
  });

  it('re-picks the policy when the priority changes, keeping the time already used', async () => {
    const t = await buildTicket(kefu, ws.id);
    await changeTicket(kefu, t, { priority: 'urgent' });
    const sla = await slaOf(kefu, t);
    expect(sla.policyId).toBe(urgent);
    expect(Date.parse(sla.targets!.first_response!.dueAt!) - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    expect(Date.parse(sla.targets!.first_response!.dueAt!) - Date.now()).toBeGreaterThan(25 * 60_000);
  });

  it('warns, then breaches exactly once, and escalates by raising the priority', async () => {
    const t = await buildTicket(kefu, ws.id, { priority: 'normal' });
    await moveTimer(kefu, t, 'first_response', 60_000, -1);
    await sweepSlaTimers(kefu.ctx);
    await settle(kefu);
    expect((await slaLines(kefu, t)).map((l) => l.data.event)).toEqual(['warning']);
    expect((await slaOf(kefu, t)).targets!.first_response!.warnedAt).toBeDefined();

    await moveTimer(kefu, t, 'first_response', -1);
    await Promise.all([sweepSlaTimers(kefu.ctx), sweepSlaTimers(kefu.ctx), sweepSlaTimers(kefu.ctx)]);
    await settle(kefu);
    await sweepSlaTimers(kefu.ctx);
    await settle(kefu);
    const lines = (await slaLines(kefu, t)).map((l) => l.data);
    expect(lines.map((l) => l.event).sort()).toEqual(['breached', 'warning']);
    expect(lines.find((l) => l.event === 'breached')).toMatchObject({ target: 'first_response' });
    const after = await readTicket(kefu, t);
    expect((after.sla as SlaDoc).breached).toBe(true);
    expect((after.sla as SlaDoc).targets!.first_response!.status).toBe('breached');
    expect(after.priority).toBe('high');
    const mine = events.filter((e) => (e.payload as { ticket?: { id: string } }).ticket?.id === t.id);
    expect(mine.filter((e) => e.name === 'ticket.sla_breached')).toHaveLength(1);
    expect(mine.filter((e) => e.name === 'ticket.sla_warning')).toHaveLength(1);
    expect(mine.find((e) => e.name === 'ticket.sla_breached')!.payload).toMatchObject({ target: 'first_response', notify: true });
    expect(mine.find((e) => e.name === 'ticket.updated')!.payload).toMatchObject({ changes: ['priority'], previous: { priority: 'normal' } });

    // A late reply is recorded, but the target stays breached.
    await addActivity(kefu, after, 'reply');
    expect((await slaOf(kefu, t)).targets!.first_response).toMatchObject({ status: 'breached', metAt: expect.any(String) });
  });

  it('reassigns a VIP ticket to a named agent on breach', async () => {
    const vip = await call(kefu, 'POST', '/api/v1/sla/policies', ws.tokens.admin, {
      name: 'VIP',
      position: 0,
      conditions: { tiers: ['vip'] },
      targets: { resolution: 60 },
      escalation: { onBreach: [{ type: 'reassign', userId: ws.users.agent.id }] },
    });
    expect(vip.status).toBe(201);
    const t = await buildTicket(kefu, ws.id, { tier: 'vip' });
    expect((await slaOf(kefu, t)).policyId).toBe(vip.body.id);
    await moveTimer(kefu, t, 'resolution', -1);
    await sweepSlaTimers(kefu.ctx);
    await settle(kefu);
    expect((await readTicket(kefu, t)).assigneeId).toBe(ws.users.agent.id);
    expect((await call(kefu, 'DELETE', `/api/v1/sla/policies/${vip.body.id}`, ws.tokens.admin)).status).toBe(204);
  });

  it('fires again after a sweep that crashed before its commit', async () => {
    const t = await buildTicket(kefu, ws.id);
    await moveTimer(kefu, t, 'resolution', -1);
    const crash = kefu.ctx.db.transaction(async (tx) => {
      expect((await fireDueTimers(tx, 1000)).some((f) => f.ticketId === t.id)).toBe(true);
      throw new Error('killed before commit');
    });
    await expect(crash).rejects.toThrow('killed before commit');
    expect(await slaLines(kefu, t)).toHaveLength(0);
    await sweepSlaTimers(kefu.ctx);
    await settle(kefu);
    expect((await slaLines(kefu, t)).map((l) => l.data)).toEqual([expect.objectContaining({ event: 'breached', target: 'resolution' })]);
  });

  it('leaves another workspace’s tickets alone', async () => {
    const t = await buildTicket(kefu, other.id);
    expect(await slaOf(kefu, t)).toEqual({});
  });
});
