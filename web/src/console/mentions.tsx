import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, query } from '../api.ts';
import { useSession } from '../session.tsx';
import { useRealtimeEvents } from './realtime.tsx';

/** A note that @mentioned me, as GET /api/v1/mentions lists it. */
export interface Mention {
  messageId: string;
  conversationId: string;
  authorId: string | null;
  excerpt: string;
  createdAt: string;
  readAt: string | null;
  conversationStatus: string;
  assigneeId: string | null;
  contactName: string | null;
}

export interface MentionPage {
  items: Mention[];
  nextCursor: string | null;
  unread: { mentions: number; conversations: number };
}

interface Mentions {
  /** Conversations holding a note that named me and that I have not opened since. */
  unreadIds: ReadonlySet<string>;
  /** Mark those of one conversation (or all) read. */
  markRead: (conversationId?: string) => Promise<void>;
  /** Bumped on every new mention, so an open list reloads. */
  version: number;
}

const MentionsContext = createContext<Mentions | null>(null);

export function fetchMentions(params: { unread?: boolean; cursor?: string | null; limit?: number }): Promise<MentionPage> {
  return api<MentionPage>(
    'GET',
    `/api/v1/mentions${query({ unread: params.unread ? 'true' : undefined, cursor: params.cursor, limit: params.limit })}`,
  );
}

/**
 * The signed-in person's unread @mentions: read once, then kept by the
 * socket's `note.mentioned` (which reaches only the named person). The
 * sidebar's badge and the inbox (opening a conversation reads its mentions)
 * share it.
 */
export function MentionsProvider({ children }: { children: ReactNode }) {
  const { me, can } = useSession();
  const person = Boolean(me?.user) && can('conversations.read');
  const [unreadIds, setUnreadIds] = useState<ReadonlySet<string>>(new Set());
  const [version, setVersion] = useState(0);
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (!person) return;
    let live = true;
    fetchMentions({ unread: true, limit: 100 }).then(
      (page) => live && setUnreadIds(new Set(page.items.map((m) => m.conversationId))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [person, round]);

  useRealtimeEvents((event) => {
    if (event.type === 'ready' && event.reconnected) setRound((r) => r + 1);
    if (event.type !== 'note.mentioned') return;
    setUnreadIds((ids) => new Set(ids).add(event.conversation.id));
    setVersion((v) => v + 1);
  });

  const markRead = useCallback(async (conversationId?: string) => {
    setUnreadIds((ids) => (conversationId ? new Set([...ids].filter((id) => id !== conversationId)) : new Set()));
    await api('POST', '/api/v1/mentions/read', conversationId ? { conversationId } : {});
    setVersion((v) => v + 1);
  }, []);

  const value = useMemo(() => ({ unreadIds, markRead, version }), [unreadIds, markRead, version]);
  return <MentionsContext.Provider value={value}>{children}</MentionsContext.Provider>;
}

const none: Mentions = { unreadIds: new Set(), markRead: async () => undefined, version: 0 };

export function useMentions(): Mentions {
  return useContext(MentionsContext) ?? none;
}
