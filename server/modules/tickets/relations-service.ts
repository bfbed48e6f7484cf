import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import {
  deleteLink,
  insertActivity,
  insertLink,
  lockTicket,
  moveActivities,
  moveActivitiesById,
  moveConversationLinks,
  selectActivityKinds,
  updateTicketRow,
} from './repo.ts';
import { ticketLinkKinds, type TicketRow } from './schema.ts';
import { applyTicketPatch, emitChange, insertNewTicket, type TicketActor, type TicketChange } from './service.ts';

/**
 * Merges a duplicate into the ticket that stays: the duplicate's history and
 * conversations move over, it is closed with `mergedIntoId` set, and both
 * tickets say so in their history. Locks both rows in id order, so two
 * opposite merges at the same moment cannot both succeed.
 */
export async function mergeTickets(ctx: AppContext, workspaceId: string, by: TicketActor, sourceId: string, targetId: string) {
  if (sourceId === targetId) throw appError('ticket_merge_invalid');
  const result = await ctx.db.transaction(async (tx) => {
    const [first, second] = sourceId < targetId ? [sourceId, targetId] : [targetId, sourceId];
    const a = await lockTicket(tx, workspaceId, first);
    const b = await lockTicket(tx, workspaceId, second);
    if (!a || !b) throw appError('not_found');
    const source = a.id === sourceId ? a : b;
    const target = a.id === targetId ? a : b;
    if (source.mergedIntoId || target.mergedIntoId || target.status === 'closed') throw appError('ticket_merge_invalid');
    const moved = await moveActivities(tx, workspaceId, source.id, target.id);
    await moveConversationLinks(tx, workspaceId, source.id, target.id);
    await insertLink(tx, workspaceId, source.id, target.id, 'duplicate', by.id);
    const closed = await applyTicketPatch(tx, workspaceId, by, source.id, { status: 'closed' });
    const merged = await updateTicketRow(tx, workspaceId, source.id, { mergedIntoId: target.id });
    for (const [ticket, other, role] of [
      [source, target, 'into'],
      [target, source, 'from'],
    ] as const) {
      await insertActivity(tx, {
        workspaceId,
        id: newId('ticketActivity'),
        ticketId: ticket.id,
        kind: 'merged',
        actorType: by.type,
        actorId: by.id,
        public: true,
        data: { [role]: { id: other.id, number: other.number }, movedActivities: role === 'from' ? moved : 0 },
      });
    }
    const touched = await applyTicketPatch(tx, workspaceId, by, target.id, {});
    return { source: merged, target: touched.ticket, closed: { ...closed, ticket: merged } };
  });
  emitChange(ctx, workspaceId, result.closed);
  return { source: result.source, target: result.target };
}

export const splitBody = z
  .object({
    subject: z.string().trim().min(1).max(200),
    /** The replies and notes that move to the new ticket. */
    activityIds: z.array(z.string().max(64)).min(1).max(200),
  })
  .strict();

/**
 * Splits part of a ticket's conversation into a new ticket for the same
 * requester (same category, priority and team), linked to the original as
 * related; the chosen replies and notes move to it.
 */
export async function splitTicket(
  ctx: AppContext,
  workspaceId: string,
  by: TicketActor,
  id: string,
  body: z.infer<typeof splitBody>,
): Promise<TicketRow> {
  const created = await ctx.db.transaction(async (tx) => {
    const source = await lockTicket(tx, workspaceId, id);
    if (!source) throw appError('not_found');
    const chosen = await selectActivityKinds(tx, workspaceId, id, body.activityIds);
    if (chosen.length !== new Set(body.activityIds).size || chosen.some((c) => !['reply', 'customer_reply', 'note'].includes(c.kind))) {
      throw appError('validation_failed', [{ in: 'body', path: ['activityIds'], message: 'only replies and notes of this ticket can move' }]);
    }
    const ticket = await insertNewTicket(tx, workspaceId, by, 'split', {
      subject: body.subject,
      contactId: source.contactId,
      categoryId: source.categoryId,
      priority: source.priority,
      teamId: source.teamId,
      assigneeId: source.assigneeId,
    });
    await moveActivitiesById(tx, workspaceId, body.activityIds, ticket.id);
    await insertLink(tx, workspaceId, source.id, ticket.id, 'related', by.id);
    await insertActivity(tx, {
      workspaceId,
      id: newId('ticketActivity'),
      ticketId: source.id,
      kind: 'split',
      actorType: by.type,
      actorId: by.id,
      data: { to: { id: ticket.id, number: ticket.number }, movedActivities: chosen.length },
    });
    return ticket;
  });
  ctx.bus.emit('ticket.created', { workspaceId, ticket: created });
  return created;
}

export const linkBody = z.object({ ticketId: z.string().max(64), kind: z.enum(ticketLinkKinds).default('related') }).strict();

/** Links two tickets of the workspace (stored once, either direction); linking again is a no-op. */
export async function linkTickets(
  ctx: AppContext,
  workspaceId: string,
  by: TicketActor,
  id: string,
  body: z.infer<typeof linkBody>,
): Promise<boolean> {
  if (id === body.ticketId) throw appError('validation_failed', [{ in: 'body', path: ['ticketId'], message: 'a ticket cannot link to itself' }]);
  return ctx.db.transaction(async (tx) => {
    const a = await lockTicket(tx, workspaceId, id < body.ticketId ? id : body.ticketId);
    const b = await lockTicket(tx, workspaceId, id < body.ticketId ? body.ticketId : id);
    if (!a || !b) throw appError('not_found');
    const created = await insertLink(tx, workspaceId, id, body.ticketId, body.kind, by.id);
    if (created) {
      const other = a.id === id ? b : a;
      await insertActivity(tx, {
        workspaceId,
        id: newId('ticketActivity'),
        ticketId: id,
        kind: 'linked',
        actorType: by.type,
        actorId: by.id,
        data: { kind: body.kind, ticket: { id: other.id, number: other.number } },
      });
    }
    return created;
  });
}

export async function unlinkTickets(ctx: AppContext, workspaceId: string, id: string, otherId: string): Promise<void> {
  const removed = await ctx.db.transaction((tx) => deleteLink(tx, workspaceId, id, otherId));
  if (!removed) throw appError('not_found');
}

export type { TicketChange };
