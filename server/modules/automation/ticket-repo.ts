import { and, asc, eq, notInArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { contacts, type ContactRow } from '../contacts/schema.ts';
import { openContactFields } from '../contacts/index.ts';
import { ticketCategories, tickets, type TicketCategoryRow, type TicketRow } from '../tickets/schema.ts';

/** A ticket with what rules read beside it: its category and its contact. */
export interface TicketSubjectRow {
  ticket: TicketRow;
  category: Pick<TicketCategoryRow, 'id' | 'key' | 'name' | 'nameEn'> | null;
  contact: Pick<ContactRow, 'id' | 'name' | 'email' | 'attributes'> | null;
}

/**
 * Read-only: the automation engine's view of a ticket. Writes go through the
 * tickets module's service (flows/automation-ticket.ts `provideTicketWriter`).
 */
export async function selectTicketSubject(db: DbOrTx, workspaceId: string, id: string): Promise<TicketSubjectRow | undefined> {
  const [row] = await db
    .select({
      ticket: tickets,
      category: { id: ticketCategories.id, key: ticketCategories.key, name: ticketCategories.name, nameEn: ticketCategories.nameEn },
      contact: { id: contacts.id, name: contacts.name, email: contacts.email, attributes: contacts.attributes },
    })
    .from(tickets)
    .leftJoin(ticketCategories, and(eq(ticketCategories.workspaceId, tickets.workspaceId), eq(ticketCategories.id, tickets.categoryId)))
    .leftJoin(contacts, and(eq(contacts.workspaceId, tickets.workspaceId), eq(contacts.id, tickets.contactId)))
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, id)));
  if (!row?.contact) return row;
  const [contact] = await openContactFields(db, workspaceId, [row.contact]);
  return { ...row, contact: contact! };
}

/** Tickets the time sweep looks at: not resolved or closed, least recently touched first. */
export async function selectSweepTickets(db: DbOrTx, workspaceId: string, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), notInArray(tickets.status, ['resolved', 'closed'])))
    .orderBy(asc(tickets.updatedAt))
    .limit(limit);
  return rows.map((r) => r.id);
}
