import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, tstz, updatedAt } from '../../db/columns.ts';
import { tickets } from '../tickets/schema.ts';
import { workspaces } from '../workspaces/schema.ts';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** One working interval of a day, local wall-clock `HH:MM` (end exclusive; `24:00` allowed). */
export interface WorkInterval {
  start: string;
  end: string;
}
export type WeeklyHours = Record<Weekday, WorkInterval[]>;
/** A dated exception: a public holiday (no work) or a make-up working day (调休 补班). */
export interface CalendarDay {
  date: string;
  name: string;
}

/**
 * A business calendar: weekly working hours in an IANA time zone, public
 * holidays and make-up working days (补班, which work the hours of the
 * calendar's first working weekday). SLA targets count only business minutes.
 */
export const businessCalendars = pgTable(
  'business_calendars',
  {
    ...tenantColumns(),
    name: text('name').notNull(),
    timezone: text('timezone').notNull().default('Asia/Shanghai'),
    weeklyHours: jsonb('weekly_hours').$type<WeeklyHours>().notNull(),
    holidays: jsonb('holidays').$type<CalendarDay[]>().notNull().default([]),
    workdays: jsonb('workdays').$type<CalendarDay[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);
export type BusinessCalendarRow = typeof businessCalendars.$inferSelect;

export const slaTargets = ['first_response', 'next_response', 'resolution'] as const;
export type SlaTarget = (typeof slaTargets)[number];

/** Targets in business minutes; a missing one is not tracked. */
export interface SlaTargetMinutes {
  firstResponse?: number;
  nextResponse?: number;
  resolution?: number;
}
export interface SlaConditions {
  priorities?: string[];
  categoryIds?: string[];
  tiers?: string[];
}
/** Warn this long before a breach: fixed business minutes, or a percentage of the target. */
export type WarnBefore = { minutes: number } | { percent: number };
export type SlaAction =
  | { type: 'notify' }
  | { type: 'reassign'; teamId?: string | null; userId?: string | null }
  | { type: 'raise_priority'; to?: 'low' | 'normal' | 'high' | 'urgent' };
export interface SlaEscalation {
  onWarning: SlaAction[];
  onBreach: SlaAction[];
}

/** An SLA policy: which tickets it covers (first enabled match by position wins) and their targets. */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    ...tenantColumns(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    enabled: boolean('enabled').notNull().default(true),
    conditions: jsonb('conditions').$type<SlaConditions>().notNull().default({}),
    targets: jsonb('targets').$type<SlaTargetMinutes>().notNull().default({}),
    warnBefore: jsonb('warn_before').$type<WarnBefore | null>(),
    /** Null: the clock runs 24×7. */
    calendarId: text('calendar_id'),
    escalation: jsonb('escalation').$type<SlaEscalation>().notNull().default({ onWarning: [], onBreach: [] }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('sla_policies_position_idx').on(t.workspaceId, t.position),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.workspaceId, t.calendarId], foreignColumns: [businessCalendars.workspaceId, businessCalendars.id] }),
  ],
);
export type SlaPolicyRow = typeof slaPolicies.$inferSelect;

export const timerStatuses = ['running', 'paused', 'met', 'breached', 'cancelled'] as const;
export type TimerStatus = (typeof timerStatuses)[number];

/**
 * One SLA clock of one ticket (subject) and target. `fire_at` is the next
 * instant the sweep must act on it (the warning, then the breach); the
 * partial index on it keeps the sweep independent of how many tickets exist.
 */
export const slaTimers = pgTable(
  'sla_timers',
  {
    ...tenantColumns(),
    ticketId: text('ticket_id').notNull(),
    target: text('target', { enum: slaTargets }).notNull(),
    policyId: text('policy_id'),
    calendarId: text('calendar_id'),
    status: text('status', { enum: timerStatuses }).notNull(),
    targetMinutes: doublePrecision('target_minutes').notNull(),
    warnMinutes: doublePrecision('warn_minutes'),
    startedAt: tstz('started_at').notNull(),
    dueAt: tstz('due_at'),
    warnAt: tstz('warn_at'),
    fireAt: tstz('fire_at'),
    warnedAt: tstz('warned_at'),
    breachedAt: tstz('breached_at'),
    metAt: tstz('met_at'),
    /** While paused: business minutes left until the breach. */
    remainingMinutes: doublePrecision('remaining_minutes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('sla_timers_ticket_target_uq').on(t.workspaceId, t.ticketId, t.target),
    index('sla_timers_fire_idx')
      .on(t.fireAt)
      .where(sql`${t.status} = 'running' and ${t.fireAt} is not null`),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    // A deleted ticket takes its timers along: the sweep never fires for a ticket that is gone.
    foreignKey({ columns: [t.workspaceId, t.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
  ],
);
export type SlaTimerRow = typeof slaTimers.$inferSelect;
