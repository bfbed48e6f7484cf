import { sql } from 'drizzle-orm';
import { bigint, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, tstz, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';
import type { FlowDefinition, FlowLocale, Localized } from './flow-schema.ts';

export const intentActions = ['answer', 'flow', 'handoff'] as const;
export type IntentAction = (typeof intentActions)[number];

/** What customers may want, with example utterances per locale; trains the classifier. */
export const botIntents = pgTable(
  'bot_intents',
  {
    ...tenantColumns(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    examples: jsonb('examples').$type<{ 'zh-CN': string[]; en: string[] }>().notNull(),
    response: jsonb('response').$type<Localized | null>(),
    action: text('action', { enum: intentActions }).notNull().default('answer'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('bot_intents_name_uq').on(t.workspaceId, t.name),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

/** Slot-filling flows, one JSON definition each (see flow-schema.ts). */
export const botFlows = pgTable(
  'bot_flows',
  {
    ...tenantColumns(),
    name: text('name').notNull(),
    definition: jsonb('definition').$type<FlowDefinition>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('bot_flows_name_uq').on(t.workspaceId, t.name),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

/** Domain words for the Chinese tokenizer; `product` words are also recognised as products. */
export const botDictionary = pgTable(
  'bot_dictionary',
  {
    workspaceId: text('workspace_id').notNull(),
    word: text('word').notNull(),
    type: text('type', { enum: ['product', 'term'] })
      .notNull()
      .default('term'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.word] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

/**
 * The bot's memory of one conversation (turns, slots, the flow in progress).
 * `version` makes each turn's write conditional on the state it started from.
 */
export const botSessions = pgTable(
  'bot_sessions',
  {
    workspaceId: text('workspace_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    state: jsonb('state').$type<Record<string, unknown>>().notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.conversationId] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export const requestStatuses = ['open', 'done', 'cancelled'] as const;

/** A service request a bot flow completed (a return, a password reset, an appointment), numbered per workspace. */
export const botRequests = pgTable(
  'bot_requests',
  {
    ...tenantColumns(),
    number: text('number').notNull(),
    kind: text('kind').notNull(),
    conversationId: text('conversation_id').notNull(),
    contactId: text('contact_id').notNull(),
    /** The customer message whose turn completed the flow: a turn that runs twice creates one request. */
    messageId: text('message_id').notNull(),
    slots: jsonb('slots').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: requestStatuses }).notNull().default('open'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('bot_requests_number_uq').on(t.workspaceId, t.number),
    uniqueIndex('bot_requests_message_uq').on(t.workspaceId, t.messageId),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

/** Per-workspace counters for human-readable numbers (R-2026-000123). */
export const botCounters = pgTable(
  'bot_counters',
  {
    workspaceId: text('workspace_id').notNull(),
    name: text('name').notNull(),
    value: bigint('value', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.name] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

/** The key that signs a workspace's flow webhooks (`X-Kefu-Signature`); made on first use, rotated on request. */
export const botWebhookSecrets = pgTable(
  'bot_webhook_secrets',
  {
    workspaceId: text('workspace_id').primaryKey(),
    secret: text('secret').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade')],
);

export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/**
 * One POST of a completed flow to a business's system, with its outcome.
 * Keyed by the customer message and the webhook's position among the flow's
 * webhooks, so a message handled twice sends once.
 */
export const botWebhookDeliveries = pgTable(
  'bot_webhook_deliveries',
  {
    ...tenantColumns(),
    conversationId: text('conversation_id').notNull(),
    messageId: text('message_id').notNull(),
    /** Position of this webhook among the flow's webhook actions. */
    actionIndex: integer('action_index').notNull(),
    flow: text('flow').notNull(),
    locale: text('locale').$type<FlowLocale>().notNull(),
    url: text('url').notNull(),
    slots: jsonb('slots').$type<Record<string, unknown>>().notNull(),
    requestNumber: text('request_number'),
    status: text('status', { enum: webhookDeliveryStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** HTTP status of the last answer; null when none came (network error, timeout, refused address). */
    responseStatus: integer('response_status'),
    /** While an attempt runs: a second job for the same delivery waits instead of sending again. */
    lockedUntil: tstz('locked_until'),
    deliveredAt: tstz('delivered_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('bot_webhook_deliveries_message_uq').on(t.workspaceId, t.messageId, t.actionIndex),
    index('bot_webhook_deliveries_pending_idx')
      .on(t.updatedAt)
      .where(sql`${t.status} = 'pending'`),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export type IntentRow = typeof botIntents.$inferSelect;
export type FlowRow = typeof botFlows.$inferSelect;
export type BotRequestRow = typeof botRequests.$inferSelect;
export type WebhookDeliveryRow = typeof botWebhookDeliveries.$inferSelect;
