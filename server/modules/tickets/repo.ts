import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { contacts, openContactFields } from '../contacts/index.ts';
import type { DbOrTx } from '../../db/client.ts';
import {
  ticketActivities,
  ticketConversations,
  ticketCounters,
  ticketLinks,
  tickets,
  type TicketActivityRow,
  type TicketLinkKind,
  type TicketRow,
  type TicketStatus,
} from './schema.ts';

type NewTicket = typeof tickets.$inferInsert;
type NewActivity = typeof ticketActivities.$inferInsert;

/**
 * The next number of the workspace's year, taken under the counter row's
 * lock (an upsert), so two tickets created at the same moment never share one.
 */
export async function takeTicketNumber(tx: DbOrTx, workspaceId: string, year: number): Promise<number> {
  const [row] = await tx
    .insert(ticketCounters)
    .values({ workspaceId, year, lastValue: 1 })
    .onConflictDoUpdate({ target: [ticketCounters.workspaceId, ticketCounters.year], set: { lastValue: sql`${ticketCounters.lastValue} + 1` } })
    .returning({ value: ticketCounters.lastValue });
  return row!.value;
}

/** Takes `count` consecutive numbers of the workspace's year at once; returns the first. */
export async function takeTicketNumbers(tx: DbOrTx, workspaceId: string, year: number, count: number): Promise<number> {
  const [row] = await tx
    .insert(ticketCounters)
    .values({ workspaceId, year, lastValue: count })
    .onConflictDoUpdate({
      target: [ticketCounters.workspaceId, ticketCounters.year],
      set: { lastValue: sql`${ticketCounters.lastValue} + ${count}` },
    })
    .returning({ value: ticketCounters.lastValue });
  return row!.value - count + 1;
}

export async function insertTicketsBulk(tx: DbOrTx, rows: NewTicket[]): Promise<void> {
  if (rows.length) await tx.insert(tickets).values(rows);
}

export async function insertActivitiesBulk(tx: DbOrTx, rows: NewActivity[]): Promise<void> {
  if (rows.length) await tx.insert(ticketActivities).values(rows);
}

export async function insertTicket(tx: DbOrTx, row: NewTicket): Promise<TicketRow> {
  const [created] = await tx.insert(tickets).values(row).returning();
  return created!;
}

export async function selectTicket(db: DbOrTx, workspaceId: string, id: string): Promise<TicketRow | undefined> {
  const [row] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, id)));
  return row;
}

export async function selectTicketByNumber(db: DbOrTx, workspaceId: string, number: string): Promise<TicketRow | undefined> {
  const [row] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.number, number)));
  return row;
}

/** The ticket row, locked for the rest of the transaction (every change to a ticket takes this first). */
export async function lockTicket(tx: DbOrTx, workspaceId: string, id: string): Promise<TicketRow | undefined> {
  const [row] = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, id)))
    .for('update');
  return row;
}

export async function updateTicketRow(tx: DbOrTx, workspaceId: string, id: string, set: Partial<NewTicket>): Promise<TicketRow> {
  const [row] = await tx
    .update(tickets)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, id)))
    .returning();
  return row!;
}

export async function insertActivity(tx: DbOrTx, row: NewActivity): Promise<TicketActivityRow> {
  const [created] = await tx.insert(ticketActivities).values(row).returning();
  return created!;
}

export async function selectActivity(db: DbOrTx, workspaceId: string, id: string): Promise<TicketActivityRow | undefined> {
  const [row] = await db
    .select()
    .from(ticketActivities)
    .where(and(eq(ticketActivities.workspaceId, workspaceId), eq(ticketActivities.id, id)));
  return row;
}

/** The ticket's history, oldest first; `publicOnly` for what the customer may see. */
export async function selectActivities(db: DbOrTx, workspaceId: string, ticketId: string, publicOnly = false): Promise<TicketActivityRow[]> {
  return db
    .select()
    .from(ticketActivities)
    .where(
      and(
        eq(ticketActivities.workspaceId, workspaceId),
        eq(ticketActivities.ticketId, ticketId),
        publicOnly ? eq(ticketActivities.public, true) : undefined,
      ),
    )
    .orderBy(asc(ticketActivities.createdAt), asc(ticketActivities.id));
}

/** Moves a merged ticket's history onto the ticket it was merged into. */
export async function moveActivities(tx: DbOrTx, workspaceId: string, fromTicketId: string, toTicketId: string): Promise<number> {
  const moved = await tx
    .update(ticketActivities)
    .set({ ticketId: toTicketId })
    .where(and(eq(ticketActivities.workspaceId, workspaceId), eq(ticketActivities.ticketId, fromTicketId)))
    .returning({ id: ticketActivities.id });
  return moved.length;
}

/** The kinds of the given activities that belong to the ticket (others are left out). */
export async function selectActivityKinds(db: DbOrTx, workspaceId: string, ticketId: string, ids: string[]) {
  return db
    .select({ id: ticketActivities.id, kind: ticketActivities.kind })
    .from(ticketActivities)
    .where(and(eq(ticketActivities.workspaceId, workspaceId), eq(ticketActivities.ticketId, ticketId), inArray(ticketActivities.id, ids)));
}

export async function moveActivitiesById(tx: DbOrTx, workspaceId: string, ids: string[], toTicketId: string): Promise<void> {
  await tx
    .update(ticketActivities)
    .set({ ticketId: toTicketId })
    .where(and(eq(ticketActivities.workspaceId, workspaceId), inArray(ticketActivities.id, ids)));
}

export async function linkConversation(tx: DbOrTx, workspaceId: string, ticketId: string, conversationId: string): Promise<void> {
  await tx.insert(ticketConversations).values({ workspaceId, ticketId, conversationId }).onConflictDoNothing();
}

export async function selectTicketConversationIds(db: DbOrTx, workspaceId: string, ticketId: string): Promise<string[]> {
  const rows = await db
    .select({ id: ticketConversations.conversationId })
    .from(ticketConversations)
    .where(and(eq(ticketConversations.workspaceId, workspaceId), eq(ticketConversations.ticketId, ticketId)))
    .orderBy(asc(ticketConversations.createdAt));
  return rows.map((r) => r.id);
}

/** Tickets linked to a conversation, newest first (the console shows them beside the conversation). */
export async function selectTicketsOfConversation(db: DbOrTx, workspaceId: string, conversationId: string): Promise<TicketRow[]> {
  return db
    .select({ ticket: tickets })
    .from(ticketConversations)
    .innerJoin(tickets, and(eq(tickets.workspaceId, ticketConversations.workspaceId), eq(tickets.id, ticketConversations.ticketId)))
    .where(and(eq(ticketConversations.workspaceId, workspaceId), eq(ticketConversations.conversationId, conversationId)))
    .orderBy(sql`${tickets.createdAt} desc`)
    .then((rows) => rows.map((r) => r.ticket));
}

export async function moveConversationLinks(tx: DbOrTx, workspaceId: string, fromTicketId: string, toTicketId: string): Promise<void> {
  await tx.execute(sql`
    insert into ticket_conversations (workspace_id, ticket_id, conversation_id, created_at)
    select workspace_id, ${toTicketId}, conversation_id, created_at from ticket_conversations
    where workspace_id = ${workspaceId} and ticket_id = ${fromTicketId}
    on conflict do nothing`);
}

export async function insertLink(
  tx: DbOrTx,
  workspaceId: string,
  a: string,
  b: string,
  kind: TicketLinkKind,
  createdBy: string | null,
): Promise<boolean> {
  const [ticketId, linkedTicketId] = a < b ? [a, b] : [b, a];
  const rows = await tx
    .insert(ticketLinks)
    .values({ workspaceId, ticketId, linkedTicketId, kind, createdBy })
    .onConflictDoNothing()
    .returning({ id: ticketLinks.ticketId });
  return rows.length > 0;
}

export async function deleteLink(tx: DbOrTx, workspaceId: string, a: string, b: string): Promise<boolean> {
  const [ticketId, linkedTicketId] = a < b ? [a, b] : [b, a];
  const rows = await tx
    .delete(ticketLinks)
    .where(and(eq(ticketLinks.workspaceId, workspaceId), eq(ticketLinks.ticketId, ticketId), eq(ticketLinks.linkedTicketId, linkedTicketId)))
    .returning({ id: ticketLinks.ticketId });
  return rows.length > 0;
}

/** A ticket's links (either direction), children and parent, as compact rows for the detail view. */
export async function selectRelated(db: DbOrTx, workspaceId: string, ticket: TicketRow) {
  const links = await db
    .select()
    .from(ticketLinks)
    .where(and(eq(ticketLinks.workspaceId, workspaceId), or(eq(ticketLinks.ticketId, ticket.id), eq(ticketLinks.linkedTicketId, ticket.id))));
  const children = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.parentId, ticket.id)))
    .orderBy(asc(tickets.createdAt));
  const otherIds = [...links.map((l) => (l.ticketId === ticket.id ? l.linkedTicketId : l.ticketId)), ...(ticket.parentId ? [ticket.parentId] : [])];
  const others = otherIds.length
    ? await db
        .select()
        .from(tickets)
        .where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.id, otherIds)))
    : [];
  const byId = new Map(others.map((t) => [t.id, t]));
  return {
    parent: ticket.parentId ? (byId.get(ticket.parentId) ?? null) : null,
    children,
    links: links.flatMap((l) => {
      const other = byId.get(l.ticketId === ticket.id ? l.linkedTicketId : l.ticketId);
      return other ? [{ kind: l.kind, ticket: other }] : [];
    }),
  };
}

export interface TicketFilter {
  status?: TicketStatus[];
  assigneeId?: string | null;
  teamId?: string;
  /** A category and every category under it (the list filters by subtree). */
  categoryIds?: string[];
  contactId?: string;
  priority?: TicketRow['priority'][];
  label?: string;
  /** Subject or number contains this (case-insensitive). */
  q?: string;
  /** Keyset position: rows updated before this one (`updated_at` to the microsecond). */
  before?: { updatedAt: string; id: string };
  limit: number;
}

/** A listed ticket with its requester and its exact keyset position (PostgreSQL's microsecond `updated_at`). */
export interface ListedTicket {
  ticket: TicketRow;
  contact: { id: string; name: string | null; email: string | null };
  position: string;
}

function listConditions(workspaceId: string, f: TicketFilter): SQL | undefined {
  return and(
    eq(tickets.workspaceId, workspaceId),
    f.status?.length ? inArray(tickets.status, f.status) : undefined,
    f.priority?.length ? inArray(tickets.priority, f.priority) : undefined,
    f.assigneeId === null ? sql`${tickets.assigneeId} is null` : f.assigneeId ? eq(tickets.assigneeId, f.assigneeId) : undefined,
    f.teamId ? eq(tickets.teamId, f.teamId) : undefined,
    f.categoryIds?.length === 1 ? eq(tickets.categoryId, f.categoryIds[0]!) : undefined,
    f.categoryIds && f.categoryIds.length > 1 ? inArray(tickets.categoryId, f.categoryIds) : undefined,
    f.contactId ? eq(tickets.contactId, f.contactId) : undefined,
    f.label ? sql`${tickets.labels} @> array[${f.label}]::text[]` : undefined,
    f.q && TICKET_NUMBER.test(f.q) ? eq(tickets.number, f.q.toUpperCase()) : undefined,
    f.q && !TICKET_NUMBER.test(f.q) ? sql`${tickets.subject} ilike ${'%' + escapeLike(f.q) + '%'}` : undefined,
    f.before ? sql`(${tickets.updatedAt}, ${tickets.id}) < (${f.before.updatedAt}::timestamptz, ${f.before.id})` : undefined,
  );
}

/** A ticket number (`T-2026-000123`): looked up exactly, through its unique index. */
const TICKET_NUMBER = /^T-\d{4}-\d{6,}$/i;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One page of tickets, most recently updated first, keyset on (updated_at, id)
 * read backwards off the list indexes; the page is cut first, so the
 * requester join runs for its rows only.
 */
export async function selectTickets(db: DbOrTx, workspaceId: string, filter: TicketFilter): Promise<ListedTicket[]> {
  const page = db
    .select()
    .from(tickets)
    .where(listConditions(workspaceId, filter))
    .orderBy(desc(tickets.updatedAt), desc(tickets.id))
    .limit(filter.limit)
    .as('page');
  const rows = await db
    .select({
      ticket: page._.selectedFields,
      contact: { id: contacts.id, name: contacts.name, email: contacts.email },
      position: sql<string>`to_char(${page.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(page)
    .innerJoin(contacts, and(eq(contacts.workspaceId, page.workspaceId), eq(contacts.id, page.contactId)))
    .orderBy(desc(page.updatedAt), desc(page.id));
  const opened = await openContactFields(
    db,
    workspaceId,
    rows.map((r) => r.contact),
  );
  return rows.map((r, i) => ({ ...r, contact: opened[i]! }));
}

/** The most recent tickets with a category, for training the workspace's ticket classifier. */
export async function selectLabelledTickets(db: DbOrTx, workspaceId: string, limit: number) {
  return db
    .select({
      subject: tickets.subject,
      description: tickets.description,
      categoryId: sql<string>`${tickets.categoryId}`,
      priority: tickets.priority,
    })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), sql`${tickets.categoryId} is not null`, sql`${tickets.mergedIntoId} is null`))
    .orderBy(desc(tickets.updatedAt))
    .limit(limit);
}
