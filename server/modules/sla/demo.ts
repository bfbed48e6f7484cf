import type { AppContext } from '../../context.ts';
import { systemActor } from '../../lib/principal.ts';
import { findWorkspaceBySlug } from '../workspaces/index.ts';
import { datesInRange } from './calendar-math.ts';
import { selectCalendars } from './repo.ts';
import { createCalendar, createPolicy } from './service.ts';
import type { CalendarDay } from './schema.ts';

const range = (from: string, to: string, name: string): CalendarDay[] => datesInRange(from, to).map((date) => ({ date, name }));

/**
 * Chinese public holidays we are sure of: the State Council's published 2025
 * schedule, plus the fixed-date statutory days of
 * 2026. Admins load each year's official list (with its 调休) themselves:
 * docs/sla.md.
 */
const DEMO_HOLIDAYS: CalendarDay[] = [
  ...range('2025-01-01', '2025-01-01', '元旦'),
  ...range('2025-01-28', '2025-02-04', '春节'),
  ...range('2025-04-04', '2025-04-06', '清明节'),
  ...range('2025-05-01', '2025-05-05', '劳动节'),
  ...range('2025-05-31', '2025-06-02', '端午节'),
  ...range('2025-10-01', '2025-10-08', '国庆节、中秋节'),
  ...range('2026-01-01', '2026-01-01', '元旦'),
  ...range('2026-05-01', '2026-05-02', '劳动节'),
  ...range('2026-10-01', '2026-10-03', '国庆节'),
];
const DEMO_WORKDAYS: CalendarDay[] = [
  { date: '2025-01-26', name: '春节补班' },
  { date: '2025-02-08', name: '春节补班' },
  { date: '2025-04-27', name: '劳动节补班' },
  { date: '2025-09-28', name: '国庆节补班' },
  { date: '2025-10-11', name: '国庆节补班' },
];
const office = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];

/** The demo's business calendar and two policies (urgent 24×7, standard on office hours), when it has no calendar yet. */
export async function ensureDemoSla(ctx: AppContext, slug: string): Promise<void> {
  const workspace = await findWorkspaceBySlug(ctx.db, slug);
  if (!workspace || (await selectCalendars(ctx.db, workspace.id)).length) return;
  const actor = systemActor(workspace.id);
  await ctx.db.transaction(async (tx) => {
    const cal = await createCalendar(tx, actor, {
      name: '工作日 9:00–18:00 (北京时间)',
      timezone: 'Asia/Shanghai',
      weeklyHours: { mon: office, tue: office, wed: office, thu: office, fri: office, sat: [], sun: [] },
      holidays: DEMO_HOLIDAYS,
      workdays: DEMO_WORKDAYS,
    });
    const none = { onWarning: [], onBreach: [] };
    await createPolicy(tx, actor, {
      name: '紧急工单 Urgent (24×7)',
      position: 0,
      enabled: true,
      conditions: { priorities: ['urgent'] },
      targets: { firstResponse: 30, nextResponse: 60, resolution: 240 },
      warnBefore: { percent: 20 },
      calendarId: null,
      escalation: { onWarning: [{ type: 'notify' }], onBreach: [{ type: 'notify' }] },
    });
    await createPolicy(tx, actor, {
      name: '标准 Standard',
      position: 10,
      enabled: true,
      conditions: {},
      targets: { firstResponse: 240, nextResponse: 480, resolution: 1620 },
      warnBefore: { percent: 20 },
      calendarId: cal.id,
      escalation: { ...none, onBreach: [{ type: 'notify' }, { type: 'raise_priority' }] },
    });
  });
}
