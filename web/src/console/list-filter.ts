import { api, query, type Page } from '../api.ts';
import { rememberListed, type ListedConversation } from './cache.ts';
import { conversationStatuses, type Conversation, type ConversationStatus } from './model.ts';

/** The inbox list's filter: what the address holds, how the list API is asked, and which conversations match. */

export const PAGE_SIZE = 25;

export type View = 'mine' | 'unassigned' | 'team' | 'all';
export const views: readonly View[] = ['mine', 'unassigned', 'team', 'all'];

/** Which conversations the list shows; lives in the address (?view=&team=&status=&inbox=&label=&q=). */
export interface ListFilter {
  view: View;
  /** The team whose conversations the `team` view lists (one of the agent's teams). */
  teamId: string | null;
  status: ConversationStatus | 'all';
  inboxId: string | null;
  label: string | null;
  q: string;
}

export function filterFromQuery(params: URLSearchParams): ListFilter {
  const view = params.get('view');
  const status = params.get('status');
  return {
    view: views.includes(view as View) ? (view as View) : 'mine',
    teamId: params.get('team'),
    status: status === 'all' || conversationStatuses.includes(status as ConversationStatus) ? (status as ListFilter['status']) : 'open',
    inboxId: params.get('inbox'),
    label: params.get('label'),
    q: params.get('q') ?? '',
  };
}

export function filterToQuery(filter: ListFilter): string {
  const team = filter.view === 'team' ? filter.teamId : null;
  return query({ view: filter.view, team, status: filter.status, inbox: filter.inboxId, label: filter.label, q: filter.q.trim() || null });
}

/** Does `c` belong in the list? (Search results are the server's answer and are not re-judged here.) */
export function matches(c: Conversation, filter: ListFilter, meId: string | undefined): boolean {
  if (filter.status !== 'all' && c.status !== filter.status) return false;
  if (filter.inboxId && c.inboxId !== filter.inboxId) return false;
  if (filter.view === 'mine' && c.assigneeId !== meId) return false;
  if (filter.view === 'unassigned' && c.assigneeId !== null) return false;
  if (filter.view === 'team' && (!filter.teamId || c.teamId !== filter.teamId)) return false;
  return !filter.label || c.labels.includes(filter.label);
}

/** Newest activity first, then id: the list API's keyset order. */
export const newerFirst = (a: Conversation, b: Conversation) => b.lastMessageAt.localeCompare(a.lastMessageAt) || b.id.localeCompare(a.id);

export type Params = Record<string, string | number | null | undefined>;
/** One page of GET /api/v1/conversations; its rows' contacts and last messages go to the cache for the list to show. */
export async function list(params: Params): Promise<Page<Conversation>> {
  const page = await api<Page<ListedConversation>>('GET', `/api/v1/conversations${query(params)}`);
  rememberListed(page.items);
  return page;
}

/** The list API's parameters for the view, status and inbox of `filter`. */
export function baseParams(filter: ListFilter, meId: string | undefined): Params {
  const assigneeId = filter.view === 'mine' ? meId : filter.view === 'unassigned' ? 'none' : undefined;
  const teamId = filter.view === 'team' ? filter.teamId : undefined;
  return { status: filter.status === 'all' ? undefined : filter.status, inboxId: filter.inboxId, assigneeId, teamId, limit: PAGE_SIZE };
}

/** The `team` view without a team in the address shows the agent's first team (none: the view stays empty). */
export function withDefaultTeam(filter: ListFilter, myTeamIds: string[]): ListFilter {
  if (filter.view !== 'team' || (filter.teamId && myTeamIds.includes(filter.teamId))) return filter;
  return { ...filter, teamId: myTeamIds[0] ?? null };
}
