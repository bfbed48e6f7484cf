import { z } from 'zod';
import type { BusinessCalendarRow, SlaPolicyRow } from './schema.ts';

const day = z.object({ date: z.string(), name: z.string() });
const interval = z.object({ start: z.string(), end: z.string() });

export const calendarView = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  weeklyHours: z.record(z.string(), z.array(interval)),
  holidays: z.array(day),
  workdays: z.array(day).describe('Make-up working days (调休 补班): worked with the first working weekday’s hours'),
  updatedAt: z.string(),
});

export function presentCalendar(row: BusinessCalendarRow): z.infer<typeof calendarView> {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    weeklyHours: row.weeklyHours,
    holidays: row.holidays,
    workdays: row.workdays,
    updatedAt: row.updatedAt.toISOString(),
  };
}

const action = z.object({ type: z.string() }).catchall(z.unknown());

export const policyView = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number().int(),
  enabled: z.boolean(),
  conditions: z.object({
    priorities: z.array(z.string()).optional(),
    categoryIds: z.array(z.string()).optional(),
    tiers: z.array(z.string()).optional(),
  }),
  targets: z.object({ firstResponse: z.number().optional(), nextResponse: z.number().optional(), resolution: z.number().optional() }),
  warnBefore: z.union([z.object({ minutes: z.number() }), z.object({ percent: z.number() })]).nullable(),
  calendarId: z.string().nullable(),
  escalation: z.object({ onWarning: z.array(action), onBreach: z.array(action) }),
  updatedAt: z.string(),
});

export function presentPolicy(row: SlaPolicyRow): z.infer<typeof policyView> {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    enabled: row.enabled,
    conditions: row.conditions,
    targets: row.targets,
    warnBefore: row.warnBefore,
    calendarId: row.calendarId,
    escalation: row.escalation,
    updatedAt: row.updatedAt.toISOString(),
  };
}
