import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { getConversation } from '../conversations/index.ts';
import { selectCategories, selectCategoryPath } from './config-repo.ts';
import { selectTeamMemberIds } from './people-repo.ts';
import {
  selectActivities,
  selectRelated,
  selectTicketConversationIds,
  selectTickets,
  selectTicketsOfConversation,
  type ListedTicket,
} from './repo.ts';
import { priorities, ticketStatuses, type TicketRow } from './schema.ts';
import { getTicket } from './service.ts';

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));

export const ticketListQuery = z
  .object({
    /** One status or several, comma-separated (`new,open,reopened`). */
    status: csv(ticketStatuses).optional(),
    priority: csv(priorities).optional(),
    /** A user id, `me`, or `none` (unassigned). */
    assigneeId: z.string().max(64).optional(),
    teamId: z.string().max(64).optional(),
    categoryId: z.string().max(64).optional(),
    contactId: z.string().max(64).optional(),
    label: z.string().trim().min(1).max(50).optional(),
    /** Subject contains this, or the exact ticket number. */
    q: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(200).optional(),
  })
  .strict();

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function encodeCursor(row: ListedTicket): string {
  return Buffer.from(JSON.stringify([row.position, row.ticket.id])).toString('base64url');
}

function decodeCursor(cursor: string): { updatedAt: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at !== 'string' || !CURSOR_TIME.test(at) || Number.isNaN(Date.parse(at))) throw new Error('bad cursor');
    if (typeof id !== 'string' || !/^tkt_[0-9a-z]{26}$/.test(id)) throw new Error('bad cursor');
    return { updatedAt: at, id };
  } catch {
    throw appError('validation_failed', [{ in: 'querystring', path: ['cursor'], message: 'invalid cursor' }]);
  }
}

/** The category and every category below it (the tree has 3 levels), as ids. */
async function categorySubtree(db: DbOrTx, workspaceId: string, id: string): Promise<string[]> {
  const all = await selectCategories(db, workspaceId);
  const ids = [id];
  for (let i = 0; i < ids.length; i++) for (const c of all) if (c.parentId === ids[i]) ids.push(c.id);
  return ids;
}

/**
 * Most recently updated first, keyset-paginated on (updated_at, id); `me`
 * means the caller; a category filter includes its subcategories.
 */
export async function listTickets(db: DbOrTx, workspaceId: string, callerId: string, query: z.infer<typeof ticketListQuery>) {
  const assigneeId = query.assigneeId === 'none' ? null : query.assigneeId === 'me' ? callerId : query.assigneeId;
  const rows = await selectTickets(db, workspaceId, {
    status: query.status,
    priority: query.priority,
    assigneeId,
    teamId: query.teamId,
    categoryIds: query.categoryId ? await categorySubtree(db, workspaceId, query.categoryId) : undefined,
    contactId: query.contactId,
    label: query.label,
    q: query.q,
    before: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  return { items, nextCursor: rows.length > query.limit ? encodeCursor(items.at(-1)!) : null };
}

/** Everything the ticket page shows: the ticket, its category path, history, conversations, parent, children and links. */
export async function getTicketDetail(db: DbOrTx, workspaceId: string, id: string, options: { publicOnly?: boolean } = {}) {
  const ticket = await getTicket(db, workspaceId, id);
  const [activities, conversationIds, related, categoryPath] = await Promise.all([
    selectActivities(db, workspaceId, id, options.publicOnly),
    selectTicketConversationIds(db, workspaceId, id),
    selectRelated(db, workspaceId, ticket),
    ticket.categoryId ? selectCategoryPath(db, workspaceId, ticket.categoryId) : Promise.resolve([]),
  ]);
  return { ticket, activities, conversationIds, related, categoryPath };
}

/** Tickets linked to a conversation (the console shows them beside it); `not_found` for another workspace's conversation. */
export async function listTicketsOfConversation(db: DbOrTx, workspaceId: string, conversationId: string): Promise<TicketRow[]> {
  await getConversation(db, workspaceId, conversationId);
  return selectTicketsOfConversation(db, workspaceId, conversationId);
}

/**
 * Who a notice about a ticket is for: its assignee, else every member of its
 * team, else nobody in particular (the ticket list still shows it).
 */
export async function ticketWatcherIds(ctx: AppContext, ticket: Pick<TicketRow, 'workspaceId' | 'assigneeId' | 'teamId'>): Promise<string[]> {
  if (ticket.assigneeId) return [ticket.assigneeId];
  return ticket.teamId ? selectTeamMemberIds(ctx.db, ticket.workspaceId, ticket.teamId) : [];
}
