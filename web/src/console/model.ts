/**
 * The agent console's shapes, mirroring the server's presenters
 * (conversations, contacts, inboxes, routing — see /api/docs).
 */

export const conversationStatuses = ['open', 'pending', 'snoozed', 'resolved', 'bot'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];
export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];
export const presences = ['online', 'away', 'offline'] as const;
export type Presence = (typeof presences)[number];

export interface Conversation {
  id: string;
  inboxId: string;
  contactId: string;
  status: ConversationStatus;
  assigneeId: string | null;
  teamId: string | null;
  priority: Priority;
  labels: string[];
  subject: string | null;
  snoozedUntil: string | null;
  lastSeq: number;
  lastMessageAt: string;
  createdAt: string;
}

export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export type MessageType = 'incoming' | 'outgoing' | 'note' | 'activity';
export type SenderType = 'contact' | 'user' | 'bot' | 'system';

export interface Message {
  id: string;
  conversationId: string;
  inboxId: string;
  seq: number;
  type: MessageType;
  senderType: SenderType;
  senderId: string | null;
  content: string;
  contentAttributes: Record<string, unknown>;
  attachments: Attachment[];
  status: string;
  error: string | null;
  createdAt: string;
}

export interface Identity {
  id: string;
  kind: string;
  value: string;
  createdAt: string;
}

export interface Contact {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  attributes: Record<string, unknown>;
  mergedInto: string | null;
  createdAt: string;
  updatedAt: string;
  identities?: Identity[];
}

export interface Inbox {
  id: string;
  channel: string;
  name: string;
  enabled: boolean;
  botEnabled: boolean;
}

/** GET /api/v1/routing/me */
export interface RoutingMe {
  userId: string;
  presence: Presence;
  skills: string[];
  capacity: number;
  activeCount: number;
}

/** GET /api/v1/routing/agents */
export interface RoutingAgent extends RoutingMe {
  name: string;
  email: string;
  idleSince: string | null;
}

export interface Team {
  id: string;
  name: string;
  memberIds: string[];
  skills: string[];
}

export interface RoutingRule {
  inboxId: string;
  teamId: string | null;
  skills: string[];
}

export interface QueueItem {
  conversationId: string;
  inboxId: string;
  teamId: string | null;
  priority: Priority;
  waitingSince: string;
  position: number;
  expectedWaitSeconds: number | null;
  skills: string[];
}

/** What the console hears on GET /api/v1/realtime (server/realtime/fanout.ts and the routing events). */
export type RealtimeEvent =
  | { type: 'ready'; workspaceId: string; reconnected: boolean }
  | { type: 'message.created'; message: Message; conversation: Conversation }
  | { type: 'message.updated'; message: Message }
  | { type: 'conversation.created' | 'conversation.updated'; conversation: Conversation }
  | { type: 'conversation.assigned'; conversation: Conversation; assigneeId: string | null; previousAssigneeId: string | null; reason: string }
  | { type: 'conversation.queued'; conversationId: string; position: number }
  | { type: 'agent.presence_changed'; userId: string; presence: Presence }
  | { type: 'note.mentioned'; conversation: Conversation; message: Message; authorId: string | null }
  | { type: 'typing'; conversationId: string; who: 'contact' | 'user'; userId?: string; typing: boolean };

/** The conversation carried by an event, when it carries one. */
export function conversationOf(event: RealtimeEvent): Conversation | null {
  return 'conversation' in event ? event.conversation : null;
}

/** Display name for a contact: its name, else email, phone or a short id. */
export function contactLabel(contact: Pick<Contact, 'id' | 'name' | 'email' | 'phone'> | undefined, fallback: string): string {
  if (!contact) return fallback;
  return contact.name || contact.email || contact.phone || `${fallback} ${contact.id.slice(-4)}`;
}
