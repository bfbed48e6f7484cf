import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveContact } from '../modules/contacts/index.ts';
import { isBusinessTime } from '../modules/sla/index.ts';
import { call, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';

const office = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];
const at = (iso: string) => new Date(iso);

/** Automation's `business_hours` condition, on the workspace's SLA calendars. */
describe('business hours in automation rules', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let contactId: string;

  const settle = async () => {
    await kefu.ctx.bus.drain();
    await kefu.drainJobs();
    await kefu.ctx.bus.drain();
  };
  const post = async (url: string, body: object) => {
    const res = await call(kefu, 'POST', url, ws.tokens.admin, body);
    expect(res.status, res.raw).toBe(201);
    return res.body as { id: string };
  };

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu, 'Hours Shop');
    contactId = (await kefu.ctx.db.transaction((tx) => resolveContact(tx, ws.id, { kind: 'app', value: `u-${uniqueTag()}` }, { name: '李雷' }))).id;
  });
  afterAll(() => kefu.close());

  it('is open around the clock until the workspace has a calendar', async () => {
    expect(await isBusinessTime(kefu.ctx, ws.id, at('2026-11-22T03:00:00+08:00'))).toBe(true);
  });

  it('follows the default calendar across open hours, lunch, the evening, the weekend and a holiday', async () => {
    const calendar = await post('/api/v1/sla/calendars', {
      name: '工作日 9:00–18:00',
      weeklyHours: { mon: office, tue: office, wed: office, thu: office, fri: office },
      holidays: [{ date: '2026-10-01', name: '国庆节' }],
    });
    await post('/api/v1/sla/policies', { name: 'Standard', position: 10, calendarId: calendar.id, targets: { resolution: 480 } });
    const cases: [string, boolean][] = [
      ['2026-11-23T10:00:00+08:00', true], // Monday morning
      ['2026-11-23T12:30:00+08:00', false], // lunch break
      ['2026-11-23T20:00:00+08:00', false], // Monday evening
      ['2026-11-22T10:00:00+08:00', false], // Sunday
      ['2026-10-01T10:00:00+08:00', false], // 国庆节, a Thursday
      ['2026-10-02T10:00:00+08:00', true], // the Friday after, not listed as a holiday
    ];
    for (const [iso, open] of cases) expect([iso, await isBusinessTime(kefu.ctx, ws.id, at(iso))]).toEqual([iso, open]);
  });

  it('uses the calendar of the policy covering a ticket: a 24×7 urgent policy is always open', async () => {
    await post('/api/v1/sla/policies', { name: 'Urgent 24×7', position: 0, conditions: { priorities: ['urgent'] }, targets: { resolution: 120 } });
    const evening = at('2026-11-23T20:00:00+08:00');
    expect(await isBusinessTime(kefu.ctx, ws.id, evening, { priority: 'urgent', categoryId: null, tier: null })).toBe(true);
    expect(await isBusinessTime(kefu.ctx, ws.id, evening, { priority: 'normal', categoryId: null, tier: null })).toBe(false);
  });

  it('labels a ticket created out of hours, and not one whose policy is open', async () => {
    // A calendar with no working time at all: closed whenever the test runs.
    const closed = await post('/api/v1/sla/calendars', { name: 'Never', weeklyHours: {} });
    await post('/api/v1/sla/policies', {
      name: 'Low, never open',
      position: 1,
      conditions: { priorities: ['low'] },
      calendarId: closed.id,
      targets: { resolution: 960 },
    });
    await post('/api/v1/automation/rules', {
      name: '非工作时间',
      trigger: 'ticket.created',
      conditions: { all: [{ field: 'business_hours', op: 'eq', value: false }] },
      actions: [{ type: 'add_label', label: 'after-hours' }],
    });
    const low = await post('/api/v1/tickets', { subject: '发票抬头写错了', contactId, priority: 'low' });
    const urgent = await post('/api/v1/tickets', { subject: '支付失败', contactId, priority: 'urgent' });
    await settle();
    const labels = async (id: string) => (await call(kefu, 'GET', `/api/v1/tickets/${id}`, ws.tokens.admin)).body.ticket.labels;
    expect(await labels(low.id)).toEqual(['after-hours']);
    expect(await labels(urgent.id)).toEqual([]);
    const [run] = (await call(kefu, 'GET', `/api/v1/automation/runs?subjectId=${low.id}`, ws.tokens.admin)).body.items;
    expect(run.conditions).toEqual([expect.objectContaining({ field: 'business_hours', actual: false, matched: true })]);
  });
});
