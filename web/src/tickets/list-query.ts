import type { ListedTicket, Ticket } from './ticket-api.ts';
import { activeStatuses } from './ticket-api.ts';

/** A search that is a ticket number finds that ticket exactly; anything else searches subjects (as the server does). */
const TICKET_NUMBER = /^T-\d{4}-\d{6,}$/i;

export type TicketView = 'mine' | 'unassigned' | 'team' | 'all';
export const ticketViews: readonly TicketView[] = ['mine', 'unassigned', 'team', 'all'];

/** The status tabs; each is the set of statuses it lists. */
export const statusTabs = {
  active: [...activeStatuses],
  new: ['new'],
  open: ['open', 'reopened'],
  pending: ['pending_customer', 'pending_third_party'],
  resolved: ['resolved'],
  closed: ['closed'],
} as const satisfies Record<string, readonly string[]>;
export type StatusTab = keyof typeof statusTabs;

export interface ListFilter {
  view: TicketView;
  tab: StatusTab;
  priority: string;
  categoryId: string | null;
  teamId: string;
  label: string;
  q: string;
}

export const defaultFilter: ListFilter = { view: 'all', tab: 'active', priority: '', categoryId: null, teamId: '', label: '', q: '' };

/** The list request for a filter (`me` and `none` are the server's words for the caller and nobody). */
export function listParams(filter: ListFilter, myTeamId: string | null): Record<string, string | undefined> {
  const teamId = filter.view === 'team' ? ((filter.teamId || myTeamId) ?? undefined) : filter.teamId || undefined;
  return {
    status: statusTabs[filter.tab].join(','),
    assigneeId: filter.view === 'mine' ? 'me' : filter.view === 'unassigned' ? 'none' : undefined,
    teamId,
    priority: filter.priority || undefined,
    categoryId: filter.categoryId ?? undefined,
    label: filter.label.trim() || undefined,
    q: filter.q.trim() || undefined,
  };
}

/** Whether `id` is `ancestorId` or lies below it in the category tree. */
export function inCategory(categories: readonly { id: string; parentId: string | null }[], id: string | null, ancestorId: string): boolean {
  const parent = new Map(categories.map((c) => [c.id, c.parentId]));
  for (let at: string | null | undefined = id, depth = 0; at && depth < 5; at = parent.get(at), depth++) if (at === ancestorId) return true;
  return false;
}

/**
 * Whether a ticket (as an event carries it) belongs in the list the filter
 * shows: the server's rules, client-side (a category includes its subtree).
 */
export function matches(
  ticket: Ticket,
  filter: ListFilter,
  meId: string | undefined,
  myTeamId: string | null,
  categories: readonly { id: string; parentId: string | null }[] = [],
): boolean {
  const p = listParams(filter, myTeamId);
  if (!(statusTabs[filter.tab] as readonly string[]).includes(ticket.status)) return false;
  if (p.assigneeId === 'me' && ticket.assigneeId !== meId) return false;
  if (p.assigneeId === 'none' && ticket.assigneeId !== null) return false;
  if (p.teamId && ticket.teamId !== p.teamId) return false;
  if (p.priority && ticket.priority !== p.priority) return false;
  if (p.categoryId && !inCategory(categories, ticket.categoryId, p.categoryId)) return false;
  if (p.label && !ticket.labels.includes(p.label)) return false;
  if (p.q && (TICKET_NUMBER.test(p.q) ? ticket.number !== p.q.toUpperCase() : !ticket.subject.toLowerCase().includes(p.q.toLowerCase())))
    return false;
  return true;
}

/** Put a changed ticket in place (newest update first), keeping the requester already known. */
export function upsert(list: ListedTicket[], ticket: Ticket, contact: ListedTicket['contact']): ListedTicket[] {
  const rest = list.filter((t) => t.id !== ticket.id);
  const row: ListedTicket = { ...ticket, contact };
  const at = rest.findIndex((t) => t.updatedAt < ticket.updatedAt || (t.updatedAt === ticket.updatedAt && t.id < ticket.id));
  return at === -1 ? [...rest, row] : [...rest.slice(0, at), row, ...rest.slice(at)];
}
