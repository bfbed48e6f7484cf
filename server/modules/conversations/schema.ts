import { sql } from 'drizzle-orm';
import { bigint, customType, foreignKey, index, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, tstz, updatedAt } from '../../db/columns.ts';
import { contacts } from '../contacts/schema.ts';
import { inboxes } from '../inboxes/schema.ts';

export const conversationStatuses = ['bot', 'open', 'pending', 'snoozed', 'resolved'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];
export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

export const conversations = pgTable(
  'conversations',
  {
    ...tenantColumns(),
    inboxId: text('inbox_id').notNull(),
    contactId: text('contact_id').notNull(),
    status: text('status', { enum: conversationStatuses }).notNull().default('open'),
    assigneeId: text('assignee_id'),
    teamId: text('team_id'),
    priority: text('priority', { enum: priorities }).notNull().default('normal'),
    labels: text('labels').array().notNull().default([]),
    subject: text('subject'),
    snoozedUntil: tstz('snoozed_until'),
    /** Sequence of the last message; bumped under the row lock, so message seqs follow commit order. */
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
    lastMessageAt: tstz('last_message_at').notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // The inbox list's keyset order is (last_message_at, id) descending, read backwards off these: all statuses,
    // one status, one assignee (mine, unassigned) and one team — so no page sorts the workspace's conversations.
    index('conversations_recent_idx').on(t.workspaceId, t.lastMessageAt, t.id),
    index('conversations_inbox_list_idx').on(t.workspaceId, t.status, t.lastMessageAt, t.id),
    index('conversations_assignee_list_idx').on(t.workspaceId, t.assigneeId, t.lastMessageAt, t.id),
    index('conversations_team_list_idx').on(t.workspaceId, t.teamId, t.lastMessageAt, t.id),
    index('conversations_contact_idx').on(t.workspaceId, t.contactId),
    foreignKey({ columns: [t.workspaceId, t.inboxId], foreignColumns: [inboxes.workspaceId, inboxes.id] }),
    foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [contacts.workspaceId, contacts.id] }),
  ],
);

export const messageTypes = ['incoming', 'outgoing', 'note', 'activity'] as const;
export type MessageType = (typeof messageTypes)[number];
export const senderTypes = ['contact', 'user', 'bot', 'system'] as const;
export type SenderType = (typeof senderTypes)[number];
export const deliveryStatuses = ['received', 'pending', 'sent', 'delivered', 'read', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface AttachmentRef {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export const messages = pgTable(
  'messages',
  {
    ...tenantColumns(),
    conversationId: text('conversation_id').notNull(),
    inboxId: text('inbox_id').notNull(),
    /** Position in its conversation (1, 2, 3… in commit order): realtime clients resume with "everything after N". */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type', { enum: messageTypes }).notNull(),
    senderType: text('sender_type', { enum: senderTypes }).notNull(),
    senderId: text('sender_id'),
    /** Plain text, stored as sent; every surface renders it escaped. */
    content: text('content').notNull().default(''),
    /** Channel facts: email subject and headers, voice call metadata, WeChat message type… */
    contentAttributes: jsonb('content_attributes').$type<Record<string, unknown>>().notNull().default({}),
    attachments: jsonb('attachments').$type<AttachmentRef[]>().notNull().default([]),
    /** The channel's own id for this message (client message id, WeChat MsgId, email Message-ID): the idempotency key. */
    sourceId: text('source_id'),
    status: text('status', { enum: deliveryStatuses }).notNull(),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('messages_source_uq')
      .on(t.workspaceId, t.inboxId, t.sourceId)
      .where(sql`${t.sourceId} is not null`),
    uniqueIndex('messages_conversation_seq_uq').on(t.workspaceId, t.conversationId, t.seq),
    // The bot's replies that carry a knowledge-gap signal, for gap mining (modules/gaps); other messages are not in it.
    index('messages_gap_idx')
      .on(t.workspaceId, t.createdAt)
      .where(sql`${t.contentAttributes} ? 'gap'`),
    foreignKey({ columns: [t.workspaceId, t.conversationId], foreignColumns: [conversations.workspaceId, conversations.id] }).onDelete('cascade'),
  ],
);

/** PostgreSQL's text-search vector; Kefu fills it from `searchTerms()` (nlu/search-terms.ts) with the `simple` configuration. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * What the console's search finds messages by: one row per message with
 * text, written in the same statement as the message (so search never misses
 * a stored message), kept beside `messages` so message reads do not carry it.
 */
export const messageSearch = pgTable(
  'message_search',
  {
    workspaceId: text('workspace_id').notNull(),
    messageId: text('message_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    /** The message's time to the millisecond, the precision of the search cursor. */
    createdAt: createdAt(),
    terms: tsvector('terms').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.messageId] }),
    index('message_search_terms_idx').using('gin', t.terms),
    /** Newest first, for a common word: walk the recent messages and stop at a page of matches. */
    index('message_search_recent_idx').on(t.workspaceId, t.createdAt, t.messageId),
    foreignKey({ columns: [t.workspaceId, t.messageId], foreignColumns: [messages.workspaceId, messages.id] }).onDelete('cascade'),
  ],
);

export const attachments = pgTable(
  'attachments',
  {
    ...tenantColumns(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    /** The data key the stored bytes are encrypted under; null for a file stored before encryption. */
    keyId: text('key_id'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/**
 * Who a private note named (@mention): one row per note and colleague, with
 * when they read it — the "Mentions" list of each agent and its unread badge.
 * The note itself also carries the ids (`content_attributes.mentionedUserIds`).
 */
export const noteMentions = pgTable(
  'note_mentions',
  {
    workspaceId: text('workspace_id').notNull(),
    userId: text('user_id').notNull(),
    messageId: text('message_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    authorId: text('author_id'),
    createdAt: createdAt(),
    readAt: tstz('read_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId, t.messageId] }),
    /** A person's mentions, newest first (the list), and the unread ones (the badge). */
    index('note_mentions_recent_idx').on(t.workspaceId, t.userId, t.createdAt, t.messageId),
    index('note_mentions_unread_idx')
      .on(t.workspaceId, t.userId, t.conversationId)
      .where(sql`${t.readAt} is null`),
    foreignKey({ columns: [t.workspaceId, t.messageId], foreignColumns: [messages.workspaceId, messages.id] }).onDelete('cascade'),
  ],
);

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;
export type NoteMentionRow = typeof noteMentions.$inferSelect;
