/** The SLA API's shapes as the console uses them (server: server/modules/sla/present.ts). */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const weekdays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type SlaPriority = (typeof priorities)[number];

export interface CalendarDay {
  date: string;
  name: string;
}
export interface BusinessCalendar {
  id: string;
  name: string;
  timezone: string;
  weeklyHours: Record<Weekday, { start: string; end: string }[]>;
  holidays: CalendarDay[];
  workdays: CalendarDay[];
}
export type SlaAction =
  { type: 'notify' } | { type: 'reassign'; teamId?: string | null; userId?: string | null } | { type: 'raise_priority'; to?: SlaPriority };
export interface SlaPolicy {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  conditions: { priorities?: SlaPriority[]; categoryIds?: string[]; tiers?: string[] };
  targets: { firstResponse?: number; nextResponse?: number; resolution?: number };
  warnBefore: { minutes: number } | { percent: number } | null;
  calendarId: string | null;
  escalation: { onWarning: SlaAction[]; onBreach: SlaAction[] };
}

/** One target in a ticket's `sla` column (docs/sla.md). */
export interface SlaTargetState {
  status: 'running' | 'paused' | 'met' | 'breached' | 'cancelled';
  dueAt?: string;
  warnedAt?: string;
  breachedAt?: string;
  metAt?: string;
  remainingMinutes?: number;
}
/** A ticket's `sla` column, kept by the SLA module. */
export interface TicketSla {
  policyId?: string;
  policyName?: string;
  paused?: boolean;
  breached?: boolean;
  nextDueAt?: string | null;
  targets?: Partial<Record<'first_response' | 'next_response' | 'resolution', SlaTargetState>>;
}
