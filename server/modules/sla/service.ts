import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { idSchema, newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { priorities } from '../tickets/schema.ts';
import { datesInRange, isValidTimezone } from './calendar-math.ts';
import * as repo from './repo.ts';
import { weekdays, type BusinessCalendarRow, type SlaPolicyRow } from './schema.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM, 00:00–24:00');
const interval = z
  .object({ start: hhmm, end: hhmm })
  .strict()
  .refine((i) => i.end > i.start, 'end must be after start');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const day = z.object({ date: isoDate, name: z.string().trim().min(1).max(80) }).strict();
const name = z.string().trim().min(1).max(120);

const timezone = z.string().refine(isValidTimezone, 'Not an IANA time zone');
const weeklyHours = z.object(
  Object.fromEntries(weekdays.map((d) => [d, z.array(interval).max(6).default([])])) as Record<
    (typeof weekdays)[number],
    z.ZodDefault<z.ZodArray<typeof interval>>
  >,
);
const days = z.array(day).max(1000);

export const calendarBody = z
  .object({ name, timezone: timezone.default('Asia/Shanghai'), weeklyHours, holidays: days.default([]), workdays: days.default([]) })
  .strict();
/** A patch changes only what it names (zod 4 would fill `.partial()` fields from their defaults). */
export const calendarPatch = z.object({ name, timezone, weeklyHours, holidays: days, workdays: days }).partial().strict();

/** "Add a range": every date from `from` to `to` becomes a holiday (or a make-up working day) with one name. */
export const calendarRangeBody = z
  .object({ from: isoDate, to: isoDate, name: z.string().trim().min(1).max(80), kind: z.enum(['holiday', 'workday']).default('holiday') })
  .strict()
  .refine((r) => r.to >= r.from && datesInRange(r.from, r.to).length <= 366, { message: 'to must be on or after from, at most 366 days' });

const action = z.discriminatedUnion('type', [
  z.object({ type: z.literal('notify') }).strict(),
  z.object({ type: z.literal('reassign'), teamId: z.string().max(60).nullish(), userId: z.string().max(60).nullish() }).strict(),
  z.object({ type: z.literal('raise_priority'), to: z.enum(priorities).optional() }).strict(),
]);
const minutes = z.number().positive().max(525_600);

const position = z.number().int().min(0).max(10_000);
const conditions = z
  .object({
    priorities: z.array(z.enum(priorities)).max(4).optional(),
    categoryIds: z.array(idSchema('ticketCategory')).max(200).optional(),
    tiers: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  })
  .strict();
const targets = z.object({ firstResponse: minutes.optional(), nextResponse: minutes.optional(), resolution: minutes.optional() }).strict();
const warnBefore = z.union([z.object({ minutes }).strict(), z.object({ percent: z.number().gt(0).lt(100) }).strict()]).nullable();
const calendarId = idSchema('calendar').nullable();
const escalation = z.object({ onWarning: z.array(action).max(10).default([]), onBreach: z.array(action).max(10).default([]) }).strict();

export const policyBody = z
  .object({
    name,
    position: position.default(0),
    enabled: z.boolean().default(true),
    conditions: conditions.default({}),
    targets,
    warnBefore: warnBefore.default(null),
    calendarId: calendarId.default(null),
    escalation: escalation.default({ onWarning: [], onBreach: [] }),
  })
  .strict();
/** A patch changes only what it names. */
export const policyPatch = z
  .object({ name, position, enabled: z.boolean(), conditions, targets, warnBefore, calendarId, escalation })
  .partial()
  .strict();

export async function getCalendar(db: DbOrTx, workspaceId: string, id: string): Promise<BusinessCalendarRow> {
  const row = await repo.findCalendar(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

const sortDays = <T extends { date: string }>(days: T[]) =>
  [...new Map(days.map((d) => [d.date, d])).values()].sort((a, b) => (a.date < b.date ? -1 : 1));

/** Create a business calendar (audited). */
export async function createCalendar(tx: DbOrTx, actor: Actor, body: z.infer<typeof calendarBody>): Promise<BusinessCalendarRow> {
  const row = await repo.insertCalendar(tx, {
    ...body,
    holidays: sortDays(body.holidays),
    workdays: sortDays(body.workdays),
    workspaceId: actor.principal.workspaceId,
    id: newId('calendar'),
  });
  await recordAudit(tx, actor, { action: 'sla_calendar.created', targetType: 'business_calendar', targetId: row.id, after: { name: row.name } });
  return row;
}

const calendarKeys = ['name', 'timezone', 'weeklyHours', 'holidays', 'workdays'] as const;

/** Change a calendar (audited). Running timers keep their due times; new clocks use the new hours. */
export async function updateCalendar(tx: DbOrTx, actor: Actor, id: string, patch: z.infer<typeof calendarPatch>): Promise<BusinessCalendarRow> {
  const before = await getCalendar(tx, actor.principal.workspaceId, id);
  const row = (await repo.updateCalendar(tx, actor.principal.workspaceId, id, {
    ...patch,
    ...(patch.holidays ? { holidays: sortDays(patch.holidays) } : {}),
    ...(patch.workdays ? { workdays: sortDays(patch.workdays) } : {}),
  }))!;
  await recordAudit(tx, actor, {
    action: 'sla_calendar.updated',
    targetType: 'business_calendar',
    targetId: id,
    ...changedFields(before, row, calendarKeys),
  });
  return row;
}

/** Add every date of a range as holidays or make-up days (replacing same-date entries). */
export async function addCalendarRange(tx: DbOrTx, actor: Actor, id: string, range: z.infer<typeof calendarRangeBody>): Promise<BusinessCalendarRow> {
  const cal = await getCalendar(tx, actor.principal.workspaceId, id);
  const days = datesInRange(range.from, range.to).map((date) => ({ date, name: range.name }));
  const key = range.kind === 'holiday' ? 'holidays' : 'workdays';
  return updateCalendar(tx, actor, id, { [key]: [...cal[key], ...days] });
}

export async function deleteCalendar(tx: DbOrTx, actor: Actor, id: string): Promise<void> {
  const before = await getCalendar(tx, actor.principal.workspaceId, id);
  if (await repo.countPoliciesUsingCalendar(tx, actor.principal.workspaceId, id)) throw appError('sla_calendar_in_use');
  await repo.deleteCalendar(tx, actor.principal.workspaceId, id);
  await recordAudit(tx, actor, { action: 'sla_calendar.deleted', targetType: 'business_calendar', targetId: id, before: { name: before.name } });
}

export async function getPolicy(db: DbOrTx, workspaceId: string, id: string): Promise<SlaPolicyRow> {
  const row = await repo.findPolicy(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

async function checkCalendar(tx: DbOrTx, workspaceId: string, calendarId: string | null | undefined): Promise<void> {
  if (calendarId && !(await repo.findCalendar(tx, workspaceId, calendarId)))
    throw appError('validation_failed', [{ in: 'body', path: ['calendarId'], message: 'No such calendar in this workspace.' }]);
}

/** Create an SLA policy (audited); it applies to tickets created or re-classified from now on. */
export async function createPolicy(tx: DbOrTx, actor: Actor, body: z.infer<typeof policyBody>): Promise<SlaPolicyRow> {
  await checkCalendar(tx, actor.principal.workspaceId, body.calendarId);
  const row = await repo.insertPolicy(tx, { ...body, workspaceId: actor.principal.workspaceId, id: newId('slaPolicy') });
  await recordAudit(tx, actor, {
    action: 'sla_policy.created',
    targetType: 'sla_policy',
    targetId: row.id,
    after: { name: row.name, targets: row.targets },
  });
  return row;
}

const policyKeys = ['name', 'position', 'enabled', 'conditions', 'targets', 'warnBefore', 'calendarId', 'escalation'] as const;

export async function updatePolicy(tx: DbOrTx, actor: Actor, id: string, patch: z.infer<typeof policyPatch>): Promise<SlaPolicyRow> {
  const before = await getPolicy(tx, actor.principal.workspaceId, id);
  await checkCalendar(tx, actor.principal.workspaceId, patch.calendarId);
  const row = (await repo.updatePolicy(tx, actor.principal.workspaceId, id, patch))!;
  await recordAudit(tx, actor, { action: 'sla_policy.updated', targetType: 'sla_policy', targetId: id, ...changedFields(before, row, policyKeys) });
  return row;
}

export async function deletePolicy(tx: DbOrTx, actor: Actor, id: string): Promise<void> {
  const before = await getPolicy(tx, actor.principal.workspaceId, id);
  await repo.deletePolicy(tx, actor.principal.workspaceId, id);
  await recordAudit(tx, actor, { action: 'sla_policy.deleted', targetType: 'sla_policy', targetId: id, before: { name: before.name } });
}

export { selectCalendars as listCalendars, selectPolicies as listPolicies } from './repo.ts';
