import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Items } from '../api.ts';
import { rememberMessage } from './cache.ts';
import { conversationOf, type Conversation, type Message } from './model.ts';
import { useRealtimeEvents } from './realtime.tsx';

const FIRST_PAGE = 100;
/** A typing signal that is not renewed fades after this long (a closed tab never says "stopped"). */
const TYPING_FADES_MS = 6000;

/** How far a message got; copies of one message arriving out of order keep the furthest. */
const progress: Record<string, number> = { received: 0, pending: 1, sent: 2, delivered: 3, read: 4, failed: 5 };

/**
 * Messages by seq, each once: a realtime copy and a fetched copy of the same
 * message collapse (the answer to a send can arrive after its "delivered"
 * update, so the copy with the later delivery status wins).
 */
function merge(existing: Message[], incoming: Message[]): Message[] {
  const byId = new Map(existing.map((m) => [m.id, m]));
  for (const m of incoming) {
    const known = byId.get(m.id);
    if (!known || (progress[m.status] ?? 0) >= (progress[known.status] ?? 0)) byId.set(m.id, m);
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

export interface Typing {
  contact: boolean;
  /** Colleagues typing in this conversation. */
  users: string[];
}

export interface OpenConversation {
  conversation: Conversation | null;
  messages: Message[];
  error: unknown;
  hasEarlier: boolean;
  loadEarlier: () => Promise<void>;
  typing: Typing;
  /** Replace the conversation with the server's answer to an action. */
  setConversation: (conversation: Conversation) => void;
  /** Add a message this console just sent (the realtime copy may come before or after). */
  addMessage: (message: Message) => void;
}

/**
 * One conversation and its timeline, live: new messages, delivery ticks,
 * status changes and typing arrive over the socket; after a reconnect it
 * fetches everything after the last message it has.
 */
export function useConversation(id: string, meId: string | undefined): OpenConversation {
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [typing, setTyping] = useState<Typing>({ contact: false, users: [] });
  const timers = useRef(new Map<string, number>());
  const lastSeq = useRef(0);
  lastSeq.current = messages.at(-1)?.seq ?? 0;

  useEffect(() => {
    let live = true;
    setConversation(null);
    setMessages([]);
    setError(null);
    setTyping({ contact: false, users: [] });
    const path = `/api/v1/conversations/${encodeURIComponent(id)}`;
    Promise.all([api<Conversation>('GET', path), api<Items<Message>>('GET', `${path}/messages?limit=${FIRST_PAGE}`)]).then(
      ([c, page]) => {
        if (!live) return;
        setConversation(c);
        setMessages(page.items);
        const last = page.items.at(-1);
        if (last) rememberMessage(last);
      },
      (err: unknown) => live && setError(err),
    );
    const pending = timers.current;
    return () => {
      live = false;
      for (const timer of pending.values()) window.clearTimeout(timer);
      pending.clear();
    };
  }, [id]);

  const catchUp = useCallback(async () => {
    const path = `/api/v1/conversations/${encodeURIComponent(id)}`;
    const [c, page] = await Promise.all([
      api<Conversation>('GET', path),
      api<Items<Message>>('GET', `${path}/messages?afterSeq=${lastSeq.current}&limit=200`),
    ]);
    setConversation(c);
    setMessages((m) => merge(m, page.items));
  }, [id]);

  const showTyping = (who: string, on: boolean) => {
    window.clearTimeout(timers.current.get(who));
    if (on)
      timers.current.set(
        who,
        window.setTimeout(() => showTyping(who, false), TYPING_FADES_MS),
      );
    setTyping((t) =>
      who === 'contact' ? { ...t, contact: on } : { ...t, users: on ? [...new Set([...t.users, who])] : t.users.filter((u) => u !== who) },
    );
  };

  useRealtimeEvents((event) => {
    if (event.type === 'ready' && event.reconnected) return void catchUp().catch(() => undefined);
    if (event.type === 'typing' && event.conversationId === id) {
      if (event.who === 'contact') showTyping('contact', event.typing);
      else if (event.userId && event.userId !== meId) showTyping(event.userId, event.typing);
      return;
    }
    if ((event.type === 'message.created' || event.type === 'message.updated') && event.message.conversationId === id) {
      const { message } = event;
      if (event.type === 'message.created' && message.seq > lastSeq.current + 1) void catchUp().catch(() => undefined);
      setMessages((m) => (event.type === 'message.updated' && !m.some((x) => x.id === message.id) ? m : merge(m, [message])));
      if (message.type === 'incoming') showTyping('contact', false);
      else if (message.senderId) showTyping(message.senderId, false);
    }
    const c = conversationOf(event);
    if (c?.id === id) setConversation(c);
  });

  const loadEarlier = useCallback(async () => {
    const first = messages[0]?.seq;
    if (!first) return;
    const page = await api<Items<Message>>('GET', `/api/v1/conversations/${encodeURIComponent(id)}/messages?beforeSeq=${first}&limit=${FIRST_PAGE}`);
    setMessages((m) => merge(m, page.items));
  }, [id, messages]);

  const addMessage = useCallback((message: Message) => {
    setMessages((m) => merge(m, [message]));
    rememberMessage(message);
  }, []);

  return {
    conversation,
    messages,
    error,
    hasEarlier: (messages[0]?.seq ?? 1) > 1,
    loadEarlier,
    typing,
    setConversation,
    addMessage,
  };
}
