import { useEffect, useSyncExternalStore } from 'react';
import { api, type Items } from '../api.ts';
import type { Contact, Conversation, Message } from './model.ts';

/**
 * What the inbox list shows beside each conversation: the contact's name and
 * the last message. The list API carries both (`rememberListed`); realtime
 * events keep them fresh; a row the list did not describe (a search hit, a
 * realtime newcomer) is fetched once per id, a few at a time.
 */
let version = 0;
const listeners = new Set<() => void>();
const changed = () => {
  version++;
  for (const listener of listeners) listener();
};
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const useVersion = () => useSyncExternalStore(subscribe, () => version);

const MAX_IN_FLIGHT = 4;
let inFlight = 0;
const waiting: (() => void)[] = [];

/** Run `task` when fewer than four lookups are on their way: a long list must not starve the open conversation's requests. */
async function throttled<T>(task: () => Promise<T>): Promise<T> {
  if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
  inFlight++;
  try {
    return await task();
  } finally {
    inFlight--;
    waiting.shift()?.();
  }
}

const contacts = new Map<string, Contact>();
const contactRequests = new Set<string>();

/** Keep a contact fetched elsewhere (the customer panel) so the list shows it too. */
export function rememberContact(contact: Contact): void {
  contacts.set(contact.id, contact);
  changed();
}

/** The contact, fetched on first use; undefined until it arrives. */
export function useContact(id: string | null | undefined): Contact | undefined {
  useVersion();
  useEffect(() => {
    if (!id || contacts.has(id) || contactRequests.has(id)) return;
    contactRequests.add(id);
    void throttled(() => api<Contact>('GET', `/api/v1/contacts/${encodeURIComponent(id)}`)).then(rememberContact, () => undefined);
  }, [id]);
  return id ? contacts.get(id) : undefined;
}

type ContactSummary = Pick<Contact, 'id' | 'name' | 'email' | 'phone'>;
/** Contacts as the list API names them, for rows whose full contact was never fetched. */
const listedContacts = new Map<string, ContactSummary>();

/** The contact's name (and email, phone) for a list row: from the list when it said, else fetched. */
export function useContactSummary(id: string): ContactSummary | undefined {
  const listed = listedContacts.get(id);
  const fetched = useContact(listed ? null : id);
  return contacts.get(id) ?? listed ?? fetched;
}

export interface Preview {
  text: string;
  type: Message['type'];
  senderType: Message['senderType'];
  senderId: string | null;
  attachments: number;
}

const previewOf = (m: Message): Preview => ({
  text: m.content,
  type: m.type,
  senderType: m.senderType,
  senderId: m.senderId,
  attachments: m.attachments.length,
});

/** Per conversation: the last message worth showing, and the last seq known to be reflected in it. */
const previews = new Map<string, { preview: Preview | null; seq: number }>();
const previewRequests = new Set<string>();

const visible = (m: Message) => m.type !== 'activity';

/** Record a message that just arrived (or was just sent) as its conversation's latest. */
export function rememberMessage(message: Message): void {
  const known = previews.get(message.conversationId);
  if (known && known.seq >= message.seq) return;
  const preview = visible(message) ? previewOf(message) : (known?.preview ?? null);
  previews.set(message.conversationId, { preview, seq: message.seq });
  changed();
}

/** A row of GET /api/v1/conversations: the conversation with its contact and last message (absent from older servers). */
export interface ListedConversation extends Conversation {
  contact?: ContactSummary;
  lastMessage?: {
    type: Message['type'];
    senderType: Message['senderType'];
    senderId: string | null;
    content: string;
    attachmentCount: number;
  } | null;
}

/** Keep what a list page says about each conversation's contact and last message, so its rows need no request of their own. */
export function rememberListed(items: readonly ListedConversation[]): void {
  for (const c of items) {
    if (c.contact) listedContacts.set(c.contact.id, c.contact);
    const known = previews.get(c.id);
    if (c.lastMessage === undefined || (known && known.seq >= c.lastSeq)) continue;
    const m = c.lastMessage;
    previews.set(c.id, {
      preview: m && { text: m.content, type: m.type, senderType: m.senderType, senderId: m.senderId, attachments: m.attachmentCount },
      seq: c.lastSeq,
    });
  }
  if (items.length > 0) changed();
}

/** The last customer, bot or agent line of `conversation`, fetched when the list does not know it yet. */
export function usePreview(conversation: Conversation): Preview | null | undefined {
  useVersion();
  const known = previews.get(conversation.id);
  const stale = !known || known.seq < conversation.lastSeq;
  const key = `${conversation.id}:${conversation.lastSeq}`;
  useEffect(() => {
    if (!stale || previewRequests.has(key) || conversation.lastSeq === 0) return;
    previewRequests.add(key);
    void throttled(() => api<Items<Message>>('GET', `/api/v1/conversations/${encodeURIComponent(conversation.id)}/messages?limit=5`)).then(
      ({ items }) => {
        const last = items.findLast(visible);
        const seq = items.at(-1)?.seq ?? 0;
        const current = previews.get(conversation.id);
        if (current && current.seq >= seq) return;
        previews.set(conversation.id, {
          preview: last ? previewOf(last) : null,
          seq,
        });
        changed();
      },
      () => undefined,
    );
  }, [stale, key, conversation.id, conversation.lastSeq]);
  return known?.preview;
}

const LABELS_KEY = 'kefu.console.labels';
let labels: string[] = (() => {
  try {
    const saved: unknown = JSON.parse(window.localStorage.getItem(LABELS_KEY) ?? '[]');
    return Array.isArray(saved) ? saved.filter((l): l is string => typeof l === 'string').slice(0, 100) : [];
  } catch {
    return [];
  }
})();

/** Note labels seen on conversations, so the label filter can offer them (the API has no label list). */
export function rememberLabels(seen: readonly string[]): void {
  const fresh = seen.filter((l) => !labels.includes(l));
  if (fresh.length === 0) return;
  labels = [...labels, ...fresh].sort((a, b) => a.localeCompare(b)).slice(0, 100);
  window.localStorage.setItem(LABELS_KEY, JSON.stringify(labels));
  changed();
}

/** Labels this browser has seen, sorted. */
export function useKnownLabels(): readonly string[] {
  useVersion();
  return labels;
}
