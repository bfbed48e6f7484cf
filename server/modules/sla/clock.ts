/**
 * The SLA clock rules, as pure functions over a ticket's facts and its timer
 * rows: which policy applies, when each target is due, what pauses, meets,
 * resumes or cancels. The service loads, calls `reconcileTimers`, and writes.
 */
import { newId } from '../../lib/ids.ts';
import { addBusinessMinutes, businessMinutesBetween, type CalendarSpec } from './calendar-math.ts';
import type { SlaPolicyRow, SlaTarget, SlaTimerRow } from './schema.ts';
import type { TicketFacts } from './timers-repo.ts';

/**
 * What happened, beyond the ticket's current state (which the clock reads
 * itself); `policy_changed`: the policy or calendar the clocks run on was
 * edited, so even timers under the same policy are re-timed.
 */
export type ClockHint = 'none' | 'agent_reply' | 'customer_reply' | 'policy_changed';

const TERMINAL = new Set(['resolved', 'closed']);
const targetKey = { first_response: 'firstResponse', next_response: 'nextResponse', resolution: 'resolution' } as const;
const ACTIVE = new Set(['running', 'paused']);

/** The first enabled policy, by position, whose every condition matches the ticket. */
export function pickPolicy(policies: SlaPolicyRow[], t: Pick<TicketFacts, 'priority' | 'categoryId' | 'tier'>): SlaPolicyRow | undefined {
  return policies.find((p) => {
    if (!p.enabled) return false;
    const c = p.conditions;
    if (c.priorities?.length && !c.priorities.includes(t.priority)) return false;
    if (c.categoryIds?.length && (!t.categoryId || !c.categoryIds.includes(t.categoryId))) return false;
    if (c.tiers?.length && (!t.tier || !c.tiers.includes(t.tier))) return false;
    return true;
  });
}

/** Business minutes before the breach at which the policy warns, for a target of `minutes`. */
export function warnMinutesFor(policy: SlaPolicyRow, minutes: number): number | null {
  const w = policy.warnBefore;
  if (!w) return null;
  const before = 'minutes' in w ? w.minutes : (minutes * w.percent) / 100;
  return before > 0 ? Math.min(before, minutes) : null;
}

type Timer = SlaTimerRow;

/** Put a timer on the clock with `remaining` business minutes from `now`. */
function schedule(t: Timer, cal: CalendarSpec | null, now: Date, remaining: number): void {
  t.status = 'running';
  t.remainingMinutes = null;
  t.dueAt = addBusinessMinutes(cal, now, Math.max(remaining, 0)) ?? new Date(8.64e15);
  t.warnAt = t.warnMinutes != null && !t.warnedAt ? (addBusinessMinutes(cal, now, Math.max(remaining - t.warnMinutes, 0)) ?? t.dueAt) : null;
  t.fireAt = t.breachedAt ? null : (t.warnAt ?? t.dueAt);
}

/** Business minutes left on an active timer at `now`. */
function remainingAt(t: Timer, cal: CalendarSpec | null, now: Date): number {
  if (t.status === 'paused') return t.remainingMinutes ?? 0;
  return t.dueAt ? businessMinutesBetween(cal, now, t.dueAt) : 0;
}

function newTimer(f: TicketFacts, target: SlaTarget, policy: SlaPolicyRow, minutes: number, startedAt: Date): Timer {
  return {
    workspaceId: f.workspaceId,
    id: newId('slaTimer'),
    ticketId: f.id,
    target,
    policyId: policy.id,
    calendarId: policy.calendarId,
    status: 'running',
    targetMinutes: minutes,
    warnMinutes: warnMinutesFor(policy, minutes),
    startedAt,
    dueAt: null,
    warnAt: null,
    fireAt: null,
    warnedAt: null,
    breachedAt: null,
    metAt: null,
    remainingMinutes: null,
    createdAt: startedAt,
    updatedAt: startedAt,
  };
}

export interface ReconcileInput {
  facts: TicketFacts;
  timers: Timer[];
  policy: SlaPolicyRow | undefined;
  /** Calendars by id (the policy's, and those the current timers were computed on). */
  calendars: Map<string, CalendarSpec>;
  hint: ClockHint;
  now: Date;
  /** Calendars as they were before an edit, by id: the business time already used is measured on these. */
  previousCalendars?: Map<string, CalendarSpec>;
}

/**
 * Bring the ticket's timers in line with the ticket: start what the policy
 * asks for, re-time on a policy change (keeping the business time already
 * used), meet, pause, resume, stop. Returns the timers that changed.
 */
export function reconcileTimers({ facts, timers, policy, calendars, hint, now, previousCalendars }: ReconcileInput): Timer[] {
  const changed = new Set<Timer>();
  const byTarget = new Map(timers.map((t) => [t.target, t]));
  const calOf = (id: string | null) => (id ? (calendars.get(id) ?? null) : null);
  const touch = (t: Timer) => changed.add(t);
  const terminal = TERMINAL.has(facts.status);
  const pending = facts.status === 'pending_customer';

  // 1. Policy: cancel what it no longer covers, re-time what it covers differently (or all, after an edit), start what is missing.
  for (const t of timers) {
    const minutes = policy?.targets[targetKey[t.target]];
    if (!ACTIVE.has(t.status) || (t.policyId === policy?.id && hint !== 'policy_changed')) continue;
    if (!policy || minutes == null) {
      Object.assign(t, { status: 'cancelled', fireAt: null });
      touch(t);
      continue;
    }
    const usedOn = (t.calendarId && previousCalendars?.get(t.calendarId)) || calOf(t.calendarId);
    const used = t.targetMinutes - remainingAt(t, usedOn, now);
    Object.assign(t, { policyId: policy.id, calendarId: policy.calendarId, targetMinutes: minutes, warnMinutes: warnMinutesFor(policy, minutes) });
    if (t.status === 'paused') t.remainingMinutes = minutes - used;
    else schedule(t, calOf(policy.calendarId), now, minutes - used);
    touch(t);
  }
  if (policy && !terminal) {
    const startAt = (target: SlaTarget, from: Date) => {
      const minutes = policy.targets[targetKey[target]];
      if (minutes == null || byTarget.has(target)) return;
      const t = newTimer(facts, target, policy, minutes, from);
      schedule(t, calOf(policy.calendarId), from, minutes);
      byTarget.set(target, t);
      touch(t);
    };
    if (!facts.firstRespondedAt && hint !== 'agent_reply') startAt('first_response', facts.createdAt);
    startAt('resolution', facts.createdAt);
  }

  // 2. Replies: an agent's reply meets the first and the next response; a customer's starts the next-response clock.
  const first = byTarget.get('first_response');
  if (first && !first.metAt && (facts.firstRespondedAt || hint === 'agent_reply')) meet(first, facts.firstRespondedAt ?? now, touch);
  const next = byTarget.get('next_response');
  if (hint === 'agent_reply' && next && ACTIVE.has(next.status)) meet(next, now, touch);
  const nextMinutes = policy?.targets.nextResponse;
  if (hint === 'customer_reply' && policy && nextMinutes != null && !terminal && (!first || first.metAt) && (!next || !ACTIVE.has(next.status))) {
    const t = newTimer(facts, 'next_response', policy, nextMinutes, now);
    if (next) t.id = next.id;
    schedule(t, calOf(policy.calendarId), now, nextMinutes);
    byTarget.set('next_response', t);
    touch(t);
  }

  // 3. Status: resolved/closed stops the clocks; reopening resumes resolution; pending_customer pauses.
  for (const t of byTarget.values()) {
    const cal = calOf(t.calendarId);
    if (terminal && ACTIVE.has(t.status)) {
      if (t.target === 'resolution') {
        const left = remainingAt(t, cal, now);
        meet(t, now, touch);
        t.remainingMinutes = left;
      } else Object.assign(t, { status: 'cancelled', fireAt: null });
      touch(t);
    } else if (terminal && t.target === 'resolution' && t.status === 'breached' && !t.metAt) {
      t.metAt = now;
      touch(t);
    } else if (!terminal && t.target === 'resolution' && t.status === 'met') {
      t.metAt = null;
      schedule(t, cal, now, t.remainingMinutes ?? 0);
      touch(t);
    } else if (!terminal && t.target === 'resolution' && t.status === 'breached' && t.metAt) {
      t.metAt = null;
      touch(t);
    }
    if (pending && t.status === 'running') {
      Object.assign(t, { status: 'paused', remainingMinutes: remainingAt(t, cal, now), fireAt: null });
      touch(t);
    } else if (!pending && !terminal && t.status === 'paused') {
      schedule(t, cal, now, t.remainingMinutes ?? 0);
      touch(t);
    }
  }
  return [...changed];
}

/** Record a target as met; one already breached stays breached but notes when it was finally met. */
function meet(t: Timer, at: Date, touch: (t: Timer) => void): void {
  t.metAt = at;
  if (t.status !== 'breached') t.status = 'met';
  t.fireAt = null;
  touch(t);
}
