import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../lib/ids.ts';
import type { CalendarSpec } from './calendar-math.ts';
import { pickPolicy, reconcileTimers, type ClockHint } from './clock.ts';
import { selectCalendars, selectPolicies } from './repo.ts';
import type { SlaTimerRow } from './schema.ts';
import { applyEscalations } from './escalation.ts';
import {
  findTicketFacts,
  fireDueTimers,
  insertSlaActivities,
  lockTicketSla,
  selectTicketIdsOnClock,
  selectTicketTimers,
  syncTicketSla,
  upsertTimer,
  type FiredTimer,
} from './timers-repo.ts';

/** The pg-boss job that runs the sweep; sent per timer with `startAfter` its fire time. */
export const FIRE_JOB = 'sla.timers.fire';
/** Timers handled per sweep transaction. */
const SWEEP_BATCH = 500;

async function calendarMap(db: DbOrTx, workspaceId: string): Promise<Map<string, CalendarSpec>> {
  return new Map((await selectCalendars(db, workspaceId)).map((c) => [c.id, c]));
}

/**
 * Bring one ticket's SLA timers in line with the ticket and what just
 * happened (`hint`), in one transaction serialised per ticket, keeping
 * `tickets.sla` in step; then queue the fire job for each new fire time.
 */
export async function reconcileTicket(
  ctx: AppContext,
  workspaceId: string,
  ticketId: string,
  hint: ClockHint,
  previousCalendars?: Map<string, CalendarSpec>,
): Promise<SlaTimerRow[]> {
  const changed = await ctx.db.transaction(async (tx) => {
    await lockTicketSla(tx, workspaceId, ticketId);
    const facts = await findTicketFacts(tx, workspaceId, ticketId);
    if (!facts) return [];
    const timers = await selectTicketTimers(tx, workspaceId, ticketId);
    const policies = await selectPolicies(tx, workspaceId);
    const calendars = await calendarMap(tx, workspaceId);
    const policy = pickPolicy(policies, facts);
    if (!policy && !timers.length) return [];
    const rows = reconcileTimers({ facts, timers, policy, calendars, hint, now: new Date(), previousCalendars });
    for (const row of rows) await upsertTimer(tx, row);
    if (rows.length) await syncTicketSla(tx, [{ workspaceId, ticketId }]);
    return rows;
  });
  await scheduleFireJobs(ctx, changed);
  return changed;
}

/**
 * After a policy's or calendar's edit, or a policy's deletion, has
 * committed: re-time every open ticket with a clock on it (targets, warning
 * and calendar as they are now, keeping the business time already used; a
 * ticket the policy no longer matches — or whose policy is gone — re-picks
 * its policy, and with none left its running clocks are cancelled). `previous`: a calendar as it was before its
 * edit, on which the time already used is measured. Each ticket goes through
 * `reconcileTicket`, so new fire times get their jobs and fire exactly once.
 */
export async function retimeTickets(
  ctx: AppContext,
  workspaceId: string,
  by: { policyId?: string; calendarId?: string },
  previous?: CalendarSpec & { id: string },
): Promise<number> {
  const ids = await selectTicketIdsOnClock(ctx.db, workspaceId, by);
  const before = previous ? new Map([[previous.id, previous]]) : undefined;
  for (const id of ids) await reconcileTicket(ctx, workspaceId, id, 'policy_changed', before);
  return ids.length;
}

/** One durable job per fire time; the dedupe key makes a repeated schedule of the same instant a no-op. */
export async function scheduleFireJobs(ctx: AppContext, timers: Pick<SlaTimerRow, 'id' | 'fireAt' | 'status'>[]): Promise<void> {
  for (const t of timers) {
    if (t.status !== 'running' || !t.fireAt) continue;
    await ctx.jobs.send(FIRE_JOB, {}, { dedupeKey: `${t.id}:${t.fireAt.getTime()}`, startAfter: t.fireAt });
  }
}

/**
 * Fire every due warning and breach, exactly once: each batch claims due
 * timers (`FOR UPDATE SKIP LOCKED`), marks them and writes the ticket's
 * `sla` activity and `sla` column in one transaction. A crash before the
 * commit leaves them due for the next sweep; after it, they are no longer
 * due. Events and escalations follow each commit.
 */
export async function sweepSlaTimers(ctx: AppContext): Promise<FiredTimer[]> {
  const all: FiredTimer[] = [];
  for (;;) {
    const { rows: fired, tickets } = await ctx.db.transaction(async (tx) => {
      const rows = await fireDueTimers(tx, SWEEP_BATCH);
      await insertSlaActivities(
        tx,
        rows.map((f) => ({
          workspaceId: f.workspaceId,
          id: newId('ticketActivity'),
          ticketId: f.ticketId,
          data: { event: f.event, target: f.target, dueAt: f.dueAt.toISOString(), timerId: f.id, policyId: f.policyId },
        })),
      );
      const tickets = await syncTicketSla(tx, rows);
      return { rows, tickets };
    });
    all.push(...fired);
    await scheduleFireJobs(
      ctx,
      fired.filter((f) => f.event === 'warning').map((f) => ({ id: f.id, fireAt: f.dueAt, status: 'running' as const })),
    );
    await applyEscalations(ctx, fired, tickets);
    if (fired.length < SWEEP_BATCH) return all;
  }
}
