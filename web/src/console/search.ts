import { api, ApiError, query, type Page } from '../api.ts';
import { baseParams, list, matches, newerFirst, type ListFilter } from './list-filter.ts';
import type { Contact, Conversation, Message } from './model.ts';

export interface SearchResult extends Page<Conversation> {
  /** For conversations found by their words: the message that matched. */
  snippets: Map<string, string>;
}

/** "Nothing to search here" answers (no such endpoint on this server, or a query with no searchable word) count as no hits. */
const noHits = (err: unknown) => err instanceof ApiError && (err.status === 404 || err.code === 'validation_failed');

/** Conversations of the customers whose name, email or phone matches. */
async function byCustomer(filter: ListFilter, meId: string | undefined, q: string): Promise<Conversation[]> {
  const found = await api<Page<Contact>>('GET', `/api/v1/contacts${query({ q, limit: 10 })}`);
  const pages = await Promise.all(found.items.map((c) => list({ ...baseParams(filter, meId), contactId: c.id, limit: 10 })));
  return pages.flatMap((p) => p.items);
}

/** Conversations whose messages contain every word of `q` (GET /api/v1/messages/search), with the message that matched. */
async function byWords(filter: ListFilter, q: string): Promise<{ conversation: Conversation; message: Message }[]> {
  const params = { q, status: filter.status === 'all' ? undefined : filter.status, inboxId: filter.inboxId, limit: 50 };
  try {
    return (await api<Page<{ conversation: Conversation; message: Message }>>('GET', `/api/v1/messages/search${query(params)}`)).items;
  } catch (err) {
    if (noHits(err)) return [];
    throw err;
  }
}

/**
 * The search box: customers by name, email or phone, and conversations by
 * what was written in them (Chinese and English words), in the current
 * view, newest activity first.
 */
export async function searchConversations(filter: ListFilter, meId: string | undefined): Promise<SearchResult> {
  const q = filter.q.trim();
  const [customers, words] = await Promise.all([byCustomer(filter, meId, q), byWords(filter, q)]);
  const found = new Map<string, Conversation>();
  const snippets = new Map<string, string>();
  for (const c of customers) found.set(c.id, c);
  for (const hit of words) {
    if (!found.has(hit.conversation.id)) found.set(hit.conversation.id, hit.conversation);
    if (!snippets.has(hit.conversation.id)) snippets.set(hit.conversation.id, hit.message.content);
  }
  const items = [...found.values()].filter((c) => matches(c, { ...filter, status: 'all', inboxId: null }, meId));
  return { items: items.sort(newerFirst), nextCursor: null, snippets };
}
