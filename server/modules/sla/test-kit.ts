/** Test helpers for the SLA module: ticket rows made directly (the tickets service is written elsewhere) and their events. */
import { and, eq, sql } from 'drizzle-orm';
import type { TestKefu } from '../../test/harness.ts';
import { newId } from '../../lib/ids.ts';
import { contacts } from '../contacts/schema.ts';
import { ticketActivities, tickets, type TicketActivityKind, type TicketRow } from '../tickets/schema.ts';

let counter = 0;

/** A ticket (and its requester, with an optional `tier`), announced with `ticket.created`; SLA listeners have run on return. */
export async function buildTicket(
  kefu: TestKefu,
  workspaceId: string,
  over: Partial<Pick<TicketRow, 'priority' | 'categoryId' | 'status' | 'createdAt'>> & { tier?: string } = {},
): Promise<TicketRow> {
  const contactId = newId('contact');
  await kefu.ctx.db.insert(contacts).values({ workspaceId, id: contactId, name: '客户', attributes: over.tier ? { tier: over.tier } : {} });
  const { tier: _tier, ...fields } = over;
  const [ticket] = await kefu.ctx.db
    .insert(tickets)
    .values({ workspaceId, id: newId('ticket'), number: `T-SLA-${process.pid}-${++counter}`, subject: '退货', contactId, source: 'agent', ...fields })
    .returning();
  kefu.ctx.bus.emit('ticket.created', { workspaceId, ticket: ticket! });
  await settle(kefu);
  return ticket!;
}

/** Change ticket fields as the tickets service would, then emit `ticket.updated`. */
export async function changeTicket(kefu: TestKefu, ticket: TicketRow, patch: Partial<Pick<TicketRow, 'priority' | 'categoryId' | 'status'>>) {
  const changes = Object.keys(patch) as (keyof typeof patch)[];
  const previous = Object.fromEntries(changes.map((k) => [k, ticket[k]]));
  const [row] = await kefu.ctx.db
    .update(tickets)
    .set(patch)
    .where(and(eq(tickets.workspaceId, ticket.workspaceId), eq(tickets.id, ticket.id)))
    .returning();
  kefu.ctx.bus.emit('ticket.updated', { workspaceId: ticket.workspaceId, ticket: row!, changes, previous });
  if (patch.status === 'resolved') kefu.ctx.bus.emit('ticket.resolved', { workspaceId: ticket.workspaceId, ticket: row! });
  await settle(kefu);
  return row!;
}

/** Add a reply / customer reply / note and emit `ticket.activity_added` (an agent's first reply sets first_responded_at). */
export async function addActivity(kefu: TestKefu, ticket: TicketRow, kind: TicketActivityKind) {
  const [activity] = await kefu.ctx.db
    .insert(ticketActivities)
    .values({
      workspaceId: ticket.workspaceId,
      id: newId('ticketActivity'),
      ticketId: ticket.id,
      kind,
      actorType: kind === 'customer_reply' ? 'contact' : 'user',
      body: '…',
    })
    .returning();
  if (kind === 'reply' && !ticket.firstRespondedAt)
    await kefu.ctx.db
      .update(tickets)
      .set({ firstRespondedAt: new Date() })
      .where(and(eq(tickets.workspaceId, ticket.workspaceId), eq(tickets.id, ticket.id)));
  kefu.ctx.bus.emit('ticket.activity_added', { workspaceId: ticket.workspaceId, ticket, activity: activity! });
  await settle(kefu);
}

/** Let listeners and the jobs they queued finish. */
export async function settle(kefu: TestKefu): Promise<void> {
  await kefu.ctx.bus.drain();
  await kefu.drainJobs();
  await kefu.ctx.bus.drain();
}

export async function readTicket(kefu: TestKefu, ticket: Pick<TicketRow, 'workspaceId' | 'id'>): Promise<TicketRow> {
  const [row] = await kefu.ctx.db
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, ticket.workspaceId), eq(tickets.id, ticket.id)));
  return row!;
}

/** The ticket's `sla` activity lines (one per warning or breach that fired). */
export async function slaLines(kefu: TestKefu, ticket: Pick<TicketRow, 'workspaceId' | 'id'>) {
  return kefu.ctx.db
    .select({ data: ticketActivities.data })
    .from(ticketActivities)
    .where(and(eq(ticketActivities.workspaceId, ticket.workspaceId), eq(ticketActivities.ticketId, ticket.id), eq(ticketActivities.kind, 'sla')));
}

/**
 * Move a running timer so it is due `ms` from now (the warning treated as
 * given, or due `warnMs` from now when set): what a short target would do,
 * without waiting minutes in a test.
 */
export async function moveTimer(kefu: TestKefu, ticket: Pick<TicketRow, 'workspaceId' | 'id'>, target: string, ms: number, warnMs?: number) {
  await kefu.ctx.db.execute(sql`
    update sla_timers set
      due_at = now() + ${ms} * interval '1 millisecond',
      warn_at = ${warnMs === undefined ? null : sql`now() + ${warnMs} * interval '1 millisecond'`},
      warned_at = ${warnMs === undefined ? sql`now()` : null},
      fire_at = now() + ${warnMs ?? ms} * interval '1 millisecond'
    where workspace_id = ${ticket.workspaceId} and ticket_id = ${ticket.id} and target = ${target}`);
}
