import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type Page } from '../api.ts';
import { rememberLabels, rememberMessage } from './cache.ts';
import { baseParams, filterToQuery, list, matches, newerFirst, PAGE_SIZE, type ListFilter, type Params } from './list-filter.ts';
import { conversationOf, type Conversation } from './model.ts';
import { useRealtimeEvents } from './realtime.tsx';
import { searchConversations, type SearchResult } from './search.ts';

/** Whether the list API filters by label itself; learnt from its first answer. */
const serverFilters: { label?: boolean } = {};
const refused = (err: unknown) => err instanceof ApiError && err.code === 'validation_failed';
/** Ask the server to filter by `key`; when it does not know the parameter, remember that and return null. */
async function tryServer(key: 'label', params: Params): Promise<Page<Conversation> | null> {
  if (serverFilters[key] === false) return null;
  try {
    const page = await list(params);
    serverFilters[key] = true;
    return page;
  } catch (err) {
    if (!refused(err) || serverFilters[key]) throw err;
    serverFilters[key] = false;
    return null;
  }
}

/** One page of the list; labels are filtered here when the server cannot, reading on until a page is full. */
async function fetchPage(filter: ListFilter, meId: string | undefined, cursor: string | null): Promise<Page<Conversation>> {
  if (filter.view === 'team' && !filter.teamId) return { items: [], nextCursor: null }; // an agent in no team
  const params = { ...baseParams(filter, meId), cursor };
  if (!filter.label) return list(params);
  const served = await tryServer('label', { ...params, label: filter.label });
  if (served) return served;
  const items: Conversation[] = [];
  let next: string | null = cursor;
  for (let round = 0; round < 8; round++) {
    const page = await list({ ...params, cursor: next, limit: 100 });
    items.push(...page.items.filter((c) => c.labels.includes(filter.label!)));
    next = page.nextCursor;
    if (!next || items.length >= PAGE_SIZE) break;
  }
  return { items, nextCursor: next };
}

interface ListState {
  items: Conversation[];
  cursor: string | null;
  error: unknown;
  loading: boolean;
  /** While searching: the matching message of each conversation found by its words. */
  snippets: ReadonlyMap<string, string>;
}

export interface ConversationList {
  items: Conversation[];
  snippets: ReadonlyMap<string, string>;
  error: unknown;
  loading: boolean;
  hasMore: boolean;
  loadMore: () => void;
  unread: ReadonlySet<string>;
}

/**
 * The inbox list for `filter`: keyset pages, kept current by the realtime
 * socket (a conversation that starts to match slides in at its place, one
 * that stops matching leaves), refetched after a reconnect.
 */
export function useConversationList(filter: ListFilter, meId: string | undefined, openId: string | null): ConversationList {
  const [state, setState] = useState<ListState>({ items: [], cursor: null, error: null, loading: true, snippets: new Map() });
  const [unread, setUnread] = useState<ReadonlySet<string>>(new Set());
  const [round, setRound] = useState(0);
  const key = `${filterToQuery(filter)}|${meId}`;
  const live = useRef(key);
  const searching = filter.q.trim() !== '';

  useEffect(() => {
    live.current = key;
    setState((s) => ({ ...s, loading: true, error: null }));
    const first: Promise<SearchResult> = searching
      ? searchConversations(filter, meId)
      : fetchPage(filter, meId, null).then((page) => ({ ...page, snippets: new Map<string, string>() }));
    first.then(
      (page) =>
        live.current === key &&
        setState({
          items: page.items,
          cursor: page.nextCursor,
          error: null,
          loading: false,
          snippets: page.snippets,
        }),
      (error: unknown) => live.current === key && setState((s) => ({ ...s, error, loading: false })),
    );
    // `filter` and `meId` are summed up by `key`.
  }, [key, round]);

  const loadMore = useCallback(() => {
    if (!state.cursor || state.loading) return;
    setState((s) => ({ ...s, loading: true }));
    fetchPage(filter, meId, state.cursor).then(
      (page) =>
        live.current === key &&
        setState((s) => {
          const have = new Set(s.items.map((c) => c.id));
          return { ...s, items: [...s.items, ...page.items.filter((c) => !have.has(c.id))], cursor: page.nextCursor, error: null, loading: false };
        }),
      (error: unknown) => live.current === key && setState((s) => ({ ...s, error, loading: false })),
    );
  }, [state.cursor, state.loading, filter, meId, key]);

  useEffect(() => rememberLabels([...new Set(state.items.flatMap((c) => c.labels))]), [state.items]);

  useEffect(() => {
    if (openId) setUnread((u) => (u.has(openId) ? new Set([...u].filter((id) => id !== openId)) : u));
  }, [openId]);

  useRealtimeEvents((event) => {
    if (event.type === 'ready' && event.reconnected) return setRound((r) => r + 1);
    if (event.type === 'message.created' || event.type === 'message.updated') rememberMessage(event.message);
    const arrived =
      event.type === 'message.created' && event.message.type === 'incoming'
        ? event.message.conversationId
        : event.type === 'conversation.assigned' && event.assigneeId === meId
          ? event.conversation.id
          : null;
    if (arrived && arrived !== openId) setUnread((u) => new Set(u).add(arrived));
    const c = conversationOf(event);
    if (!c) return;
    setState((s) => {
      const index = s.items.findIndex((x) => x.id === c.id);
      const keep = matches(c, filter, meId);
      if (index >= 0 && !keep && !searching) return { ...s, items: s.items.filter((x) => x.id !== c.id) };
      if (index >= 0) return { ...s, items: s.items.map((x) => (x.id === c.id ? c : x)).sort(newerFirst) };
      // A newcomer joins unless it sorts after the last loaded row: the next page will bring it.
      const last = s.items.at(-1);
      if (!keep || searching || (s.cursor && last && newerFirst(c, last) > 0)) return s;
      return { ...s, items: [...s.items, c].sort(newerFirst) };
    });
  });

  return {
    items: state.items,
    snippets: state.snippets,
    error: state.error,
    loading: state.loading,
    hasMore: Boolean(state.cursor),
    loadMore,
    unread,
  };
}
