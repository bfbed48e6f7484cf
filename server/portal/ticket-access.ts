import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { ContactRow } from '../modules/contacts/index.ts';
import { canReopen, getReopenDays, teamNamesOf, type PortalSessionRow } from '../modules/portal-access/index.ts';
import { getTicketDetail, listTickets, type TicketRow } from '../modules/tickets/index.ts';
import { sendPage } from './respond.ts';
import type { Loaded } from './site.ts';
import type { TicketActions, TicketPageData } from './ticket-pages.ts';
import { buildTimeline, expectedTime, teamIdsOf } from './ticket-view.ts';

/** The signed-in customer on a ticket page: whose session and what it may open. */
export interface Customer {
  session: PortalSessionRow;
  contact: ContactRow;
}

/** Ticket pages are private: never stored by a cache, never indexed. */
export const sendPrivate = (reply: FastifyReply, status: number, body: string) => sendPage(reply, status, body, 'no-store');

/** The customer's own tickets, newest activity first (a ticket-link session sees none: it opens one ticket only). */
export async function ticketsOfCustomer(ctx: AppContext, workspaceId: string, customer: Customer): Promise<TicketRow[]> {
  if (customer.session.ticketId) return [];
  const page = await listTickets(ctx.db, workspaceId, '', { contactId: customer.contact.id, limit: 100 });
  return page.items.map((i) => i.ticket);
}

/**
 * The ticket with this number if this customer may open it: it is theirs
 * (same workspace, same contact) and, for a ticket-link session, the linked
 * one. Anything else is undefined, answered like a page that does not exist.
 */
export async function ticketOfCustomer(ctx: AppContext, workspaceId: string, customer: Customer, number: string): Promise<TicketRow | undefined> {
  if (!/^T-\d{4}-\d{6,}$/.test(number)) return undefined;
  const page = await listTickets(ctx.db, workspaceId, '', { contactId: customer.contact.id, q: number, limit: 5 });
  const ticket = page.items.map((i) => i.ticket).find((k) => k.number === number && k.contactId === customer.contact.id);
  if (!ticket || (customer.session.ticketId && customer.session.ticketId !== ticket.id)) return undefined;
  return ticket;
}

/** What the customer may do now: reply unless closed or past the reopen window; reopen a resolved ticket within it. */
export async function actionsOn(ctx: AppContext, workspaceId: string, ticket: TicketRow, now = new Date()): Promise<TicketActions> {
  const reopenDays = await getReopenDays(ctx.db, workspaceId);
  if (ticket.status === 'closed') return { reply: false, reopen: 'no', reopenDays };
  if (ticket.status !== 'resolved') return { reply: true, reopen: 'no', reopenDays };
  const open = canReopen(ticket, reopenDays, now);
  return { reply: open, reopen: open ? 'allowed' : 'expired', reopenDays };
}

/** Everything the customer's ticket page shows: public history only. */
export async function ticketPageData(ctx: AppContext, loaded: Loaded, ticket: TicketRow): Promise<TicketPageData> {
  const workspaceId = loaded.workspace.id;
  const detail = await getTicketDetail(ctx.db, workspaceId, ticket.id, { publicOnly: true });
  const teams = await teamNamesOf(ctx.db, workspaceId, teamIdsOf(detail.activities));
  const locale = loaded.site.locale;
  return {
    ticket: detail.ticket,
    categoryNames: detail.categoryPath.map((c) => (locale === 'en' && c.nameEn ? c.nameEn : c.name)),
    timeline: buildTimeline(detail.activities, teams, locale),
    expected: expectedTime(detail.ticket, locale),
    actions: await actionsOn(ctx, workspaceId, detail.ticket),
    timeZone: loaded.workspace.timezone,
  };
}

/** Attachment ids the customer may download from this ticket: the ticket's own and those on public lines. */
export async function publicFileIds(ctx: AppContext, workspaceId: string, ticket: TicketRow): Promise<Set<string>> {
  const detail = await getTicketDetail(ctx.db, workspaceId, ticket.id, { publicOnly: true });
  return new Set([...detail.ticket.attachments, ...detail.activities.flatMap((a) => a.attachments)].map((f) => f.id));
}

/** The language a form post asks for (`?lang=` on the action URL). */
export const langOf = (req: FastifyRequest) => (req.query as { lang?: string } | undefined)?.lang;
