import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { contacts } from '../contacts/schema.ts';
import { tickets, type TicketRow } from '../tickets/schema.ts';
import { slaTimers, type SlaTarget, type SlaTimerRow } from './schema.ts';

/** What the SLA clock needs to know about a ticket. */
export interface TicketFacts {
  workspaceId: string;
  id: string;
  status: TicketRow['status'];
  priority: TicketRow['priority'];
  categoryId: string | null;
  createdAt: Date;
  firstRespondedAt: Date | null;
  /** The requester's `tier` attribute, if any. */
  tier: string | null;
}

/** Serialises SLA work on one ticket (listeners may run concurrently); the sweep locks timers, never this. */
export async function lockTicketSla(tx: DbOrTx, workspaceId: string, ticketId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('kefu.sla'), hashtext(${workspaceId} || ':' || ${ticketId}))`);
}

export async function findTicketFacts(db: DbOrTx, workspaceId: string, ticketId: string): Promise<TicketFacts | undefined> {
  const [row] = await db
    .select({
      workspaceId: tickets.workspaceId,
      id: tickets.id,
      status: tickets.status,
      priority: tickets.priority,
      categoryId: tickets.categoryId,
      createdAt: tickets.createdAt,
      firstRespondedAt: tickets.firstRespondedAt,
      tier: sql<string | null>`${contacts.attributes} ->> 'tier'`,
    })
    .from(tickets)
    .leftJoin(contacts, and(eq(contacts.workspaceId, tickets.workspaceId), eq(contacts.id, tickets.contactId)))
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, ticketId)));
  return row;
}

/** The ticket's timers, locked for this transaction. */
export function selectTicketTimers(tx: DbOrTx, workspaceId: string, ticketId: string): Promise<SlaTimerRow[]> {
  return tx
    .select()
    .from(slaTimers)
    .where(and(eq(slaTimers.workspaceId, workspaceId), eq(slaTimers.ticketId, ticketId)))
    .for('update');
}

/** Insert or replace the ticket's timer for one target. */
export async function upsertTimer(tx: DbOrTx, row: typeof slaTimers.$inferInsert): Promise<void> {
  const { workspaceId: _w, id: _i, ticketId: _t, target: _g, createdAt: _c, ...rest } = row;
  await tx
    .insert(slaTimers)
    .values(row)
    .onConflictDoUpdate({ target: [slaTimers.workspaceId, slaTimers.ticketId, slaTimers.target], set: { ...rest, updatedAt: new Date() } });
}

/** A timer the sweep acted on, and what it did. */
export interface FiredTimer {
  workspaceId: string;
  id: string;
  ticketId: string;
  target: SlaTarget;
  policyId: string | null;
  dueAt: Date;
  event: 'warning' | 'breached';
}

/**
 * Claim up to `limit` running timers whose `fire_at` has come (skipping ones
 * another sweeper holds) and record in the same statement what fired: a
 * warning (`warned_at`, next fire at the due time) or a breach (`breached`).
 * Reads the partial index `sla_timers_fire_idx` only.
 */
export async function fireDueTimers(tx: DbOrTx, limit: number): Promise<FiredTimer[]> {
  const { rows } = await tx.execute<{
    workspace_id: string;
    id: string;
    ticket_id: string;
    target: SlaTarget;
    policy_id: string | null;
    due_at: string | Date;
    event: FiredTimer['event'];
  }>(sql`
    with due as (
      select workspace_id, id from sla_timers
      where status = 'running' and fire_at is not null and fire_at <= now()
      order by fire_at limit ${limit}
      for update skip locked
    )
    update sla_timers t set
      status = case when t.due_at <= now() then 'breached' else t.status end,
      breached_at = case when t.due_at <= now() then now() else t.breached_at end,
      warned_at = case when t.due_at > now() then now() else t.warned_at end,
      fire_at = case when t.due_at <= now() then null else t.due_at end,
      updated_at = now()
    from due where t.workspace_id = due.workspace_id and t.id = due.id
    returning t.workspace_id, t.id, t.ticket_id, t.target, t.policy_id, t.due_at,
      case when t.status = 'breached' then 'breached' else 'warning' end as event`);
  return rows.map((r) => ({
    workspaceId: r.workspace_id,
    id: r.id,
    ticketId: r.ticket_id,
    target: r.target,
    policyId: r.policy_id,
    dueAt: new Date(r.due_at),
    event: r.event,
  }));
}

/** One `sla` line on each ticket a timer fired for (system actor, internal), in one statement. */
export async function insertSlaActivities(
  tx: DbOrTx,
  rows: { workspaceId: string; id: string; ticketId: string; data: Record<string, unknown> }[],
): Promise<void> {
  if (!rows.length) return;
  const list = JSON.stringify(rows.map((r) => ({ w: r.workspaceId, i: r.id, t: r.ticketId, d: r.data })));
  await tx.execute(sql`
    insert into ticket_activities (workspace_id, id, ticket_id, kind, actor_type, data)
    select w, i, t, 'sla', 'system', d from jsonb_to_recordset(${list}::jsonb) as k(w text, i text, t text, d jsonb)`);
}

const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Rewrite `tickets.sla` (only that column) from the tickets' timers, so lists
 * and the console read SLA state without a join. Shape: docs/sla.md.
 */
export async function syncTicketSla(tx: DbOrTx, keys: { workspaceId: string; ticketId: string }[]): Promise<TicketRow[]> {
  if (!keys.length) return [];
  const sorted = [...new Map(keys.map((k) => [`${k.workspaceId}:${k.ticketId}`, k])).values()].sort((a, b) => (a.ticketId < b.ticketId ? -1 : 1));
  const list = JSON.stringify(sorted.map((k) => ({ w: k.workspaceId, t: k.ticketId })));
  return tx
    .update(tickets)
    .set({
      sla: sql`coalesce((
        select jsonb_build_object(
          'policyId', max(tm.policy_id),
          'policyName', max(p.name),
          'paused', bool_or(tm.status = 'paused'),
          'breached', bool_or(tm.breached_at is not null),
          'nextDueAt', min(${iso(sql`tm.due_at`)}) filter (where tm.status = 'running'),
          'targets', jsonb_object_agg(tm.target, jsonb_strip_nulls(jsonb_build_object(
            'status', tm.status, 'targetMinutes', tm.target_minutes, 'startedAt', ${iso(sql`tm.started_at`)},
            'dueAt', ${iso(sql`tm.due_at`)}, 'warnAt', ${iso(sql`tm.warn_at`)}, 'warnedAt', ${iso(sql`tm.warned_at`)},
            'breachedAt', ${iso(sql`tm.breached_at`)}, 'metAt', ${iso(sql`tm.met_at`)}, 'remainingMinutes', tm.remaining_minutes))))
        from sla_timers tm left join sla_policies p on p.workspace_id = tm.workspace_id and p.id = tm.policy_id
        where tm.workspace_id = ${tickets.workspaceId} and tm.ticket_id = ${tickets.id} and tm.status <> 'cancelled'
        having count(*) > 0), '{}'::jsonb)`,
    })
    .from(sql`jsonb_to_recordset(${list}::jsonb) as k(w text, t text)`)
    .where(sql`${tickets.workspaceId} = k.w and ${tickets.id} = k.t`)
    .returning();
}

/** Tickets with a running or paused clock on the policy or the calendar: what an edit of either re-times. */
export async function selectTicketIdsOnClock(db: DbOrTx, workspaceId: string, by: { policyId?: string; calendarId?: string }): Promise<string[]> {
  const on = by.policyId ? eq(slaTimers.policyId, by.policyId) : by.calendarId ? eq(slaTimers.calendarId, by.calendarId) : undefined;
  if (!on) return [];
  const rows = await db
    .selectDistinct({ ticketId: slaTimers.ticketId })
    .from(slaTimers)
    .where(and(eq(slaTimers.workspaceId, workspaceId), inArray(slaTimers.status, ['running', 'paused']), on));
  return rows.map((r) => r.ticketId);
}
