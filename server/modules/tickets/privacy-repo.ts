import { and, eq, inArray, lt, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { ticketActivities, tickets, type TicketActivityRow, type TicketRow } from './schema.ts';

/**
 * Rows for data-subject rights and retention (server/flows/contact-erase.ts,
 * contact-export.ts, retention-run.ts): a contact's tickets and their
 * history, stripping their contents, deleting old ones.
 */
export async function selectTicketsOfContacts(db: DbOrTx, workspaceId: string, contactIds: string[]): Promise<TicketRow[]> {
  if (contactIds.length === 0) return [];
  return db
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.contactId, contactIds)))
    .orderBy(tickets.id);
}

/** The history of these tickets, oldest first. */
export async function selectActivitiesOfTickets(db: DbOrTx, workspaceId: string, ticketIds: string[]): Promise<TicketActivityRow[]> {
  if (ticketIds.length === 0) return [];
  return db
    .select()
    .from(ticketActivities)
    .where(and(eq(ticketActivities.workspaceId, workspaceId), inArray(ticketActivities.ticketId, ticketIds)))
    .orderBy(ticketActivities.ticketId, ticketActivities.createdAt, ticketActivities.id);
}

/** Closed tickets closed before `cutoff`; with `unstrippedOnly`, only those that still hold content. */
export async function selectClosedTicketIds(
  db: DbOrTx,
  workspaceId: string,
  cutoff: Date,
  limit: number,
  unstrippedOnly: boolean,
): Promise<string[]> {
  const rows = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(
        eq(tickets.workspaceId, workspaceId),
        eq(tickets.status, 'closed'),
        lt(tickets.closedAt, cutoff),
        unstrippedOnly
          ? or(ne(tickets.description, ''), ne(tickets.subject, tickets.number), sql`${tickets.customFields} <> '{}'::jsonb`)
          : undefined,
      ),
    )
    .orderBy(tickets.id)
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Attachment ids on these tickets and their history. */
export async function selectTicketAttachmentIds(db: DbOrTx, workspaceId: string, ticketIds: string[]): Promise<string[]> {
  if (ticketIds.length === 0) return [];
  const rows = await db.execute<{ id: string }>(sql`
    select distinct e->>'id' as id from ${tickets} t, jsonb_array_elements(t.attachments) e where t.workspace_id = ${workspaceId} and t.id in ${ticketIds}
    union
    select distinct e->>'id' from ${ticketActivities} a, jsonb_array_elements(a.attachments) e where a.workspace_id = ${workspaceId} and a.ticket_id in ${ticketIds}`);
  return rows.rows.map((r) => r.id);
}

/**
 * Keep the tickets (numbers, status, times for reports) without what the
 * requester or staff wrote: the subject becomes the ticket number;
 * description, custom fields, classifier notes, attachments and every
 * history line's text and data are cleared. Returns tickets and lines changed.
 */
export async function stripTickets(db: DbOrTx, workspaceId: string, ticketIds: string[]): Promise<{ tickets: number; activities: number }> {
  if (ticketIds.length === 0) return { tickets: 0, activities: 0 };
  const changed = await db
    .update(tickets)
    .set({ subject: sql`${tickets.number}`, description: '', customFields: {}, attachments: [], classification: null })
    .where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.id, ticketIds)))
    .returning({ id: tickets.id });
  const lines = await db
    .update(ticketActivities)
    .set({ body: '', data: {}, attachments: [] })
    .where(and(eq(ticketActivities.workspaceId, workspaceId), inArray(ticketActivities.ticketId, ticketIds)))
    .returning({ id: ticketActivities.id });
  return { tickets: changed.length, activities: lines.length };
}

/** Delete tickets; their history, links and conversation links go by cascade. */
export async function deleteTickets(db: DbOrTx, workspaceId: string, ticketIds: string[]): Promise<number> {
  if (ticketIds.length === 0) return 0;
  await db
    .update(tickets)
    .set({ parentId: null })
    .where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.parentId, ticketIds)));
  await db
    .update(tickets)
    .set({ mergedIntoId: null })
    .where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.mergedIntoId, ticketIds)));
  const rows = await db
    .delete(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.id, ticketIds)))
    .returning({ id: tickets.id });
  return rows.length;
}
