import { sql } from 'drizzle-orm';
import { bigint, boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, tstz, updatedAt } from '../../db/columns.ts';
import { contacts } from '../contacts/schema.ts';
import type { AttachmentRef } from '../conversations/schema.ts';
import { priorities, type Priority } from '../conversations/schema.ts';
import { workspaces } from '../workspaces/schema.ts';

export { priorities, type Priority };

/**
 * A ticket's life: `new` until someone works it, `open` while the team works
 * it, waiting on the customer or a third party (SLA clocks pause on
 * `pending_customer`), `resolved` (the customer may still reopen),
 * `closed` (final), `reopened` after a resolve.
 */
export const ticketStatuses = ['new', 'open', 'pending_customer', 'pending_third_party', 'resolved', 'closed', 'reopened'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
/** Where the ticket came from. */
/** Statuses someone still works on; the partial list indexes hold these only (keep in step with `ACTIVE`). */
export const activeTicketStatuses = ['new', 'open', 'pending_customer', 'pending_third_party', 'reopened'] as const satisfies readonly TicketStatus[];
const ACTIVE = sql.raw(`status in (${activeTicketStatuses.map((s) => `'${s}'`).join(', ')})`);

export const ticketSources = ['agent', 'conversation', 'bot', 'email', 'portal', 'widget', 'api', 'automation', 'split'] as const;
export type TicketSource = (typeof ticketSources)[number];

/**
 * The workspace's three-level ticket category tree (e.g. 售后 › 退货 ›
 * 质量问题). Each node may say which team gets its tickets and what priority
 * they start with (dispatch rules); a deeper node's setting wins.
 */
export const ticketCategories = pgTable(
  'ticket_categories',
  {
    ...tenantColumns(),
    parentId: text('parent_id'),
    /** 1, 2 or 3. */
    level: integer('level').notNull(),
    /** Stable machine key, unique among its siblings (`after_sales`, `returns`). */
    key: text('key').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    teamId: text('team_id'),
    skills: text('skills').array().notNull().default([]),
    defaultPriority: text('default_priority', { enum: priorities }),
    position: integer('position').notNull().default(0),
    archived: boolean('archived').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('ticket_categories_sibling_key_uq').on(t.workspaceId, sql`coalesce(${t.parentId}, '')`, t.key),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.workspaceId, t.parentId], foreignColumns: [t.workspaceId, t.id] }).onDelete('cascade'),
  ],
);
export type TicketCategoryRow = typeof ticketCategories.$inferSelect;

export const ticketFieldTypes = ['text', 'number', 'select', 'date', 'checkbox'] as const;
export type TicketFieldType = (typeof ticketFieldTypes)[number];

/** A custom field the workspace adds to its tickets (order number, SKU, refund amount…). */
export const ticketFields = pgTable(
  'ticket_fields',
  {
    ...tenantColumns(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    labelEn: text('label_en'),
    type: text('type', { enum: ticketFieldTypes }).notNull(),
    /** The choices of a `select` field. */
    options: text('options').array().notNull().default([]),
    required: boolean('required').notNull().default(false),
    /** Shown on the customer's ticket form (portal, widget). */
    customerVisible: boolean('customer_visible').notNull().default(false),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('ticket_fields_key_uq').on(t.workspaceId, t.key),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);
export type TicketFieldRow = typeof ticketFields.$inferSelect;

/** The per-workspace, per-year counter behind human-readable numbers (`T-2026-000123`). */
export const ticketCounters = pgTable(
  'ticket_counters',
  {
    workspaceId: text('workspace_id').notNull(),
    year: integer('year').notNull(),
    lastValue: bigint('last_value', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.year] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export const tickets = pgTable(
  'tickets',
  {
    ...tenantColumns(),
    /** Human-readable and unique per workspace: `T-2026-000123`. */
    number: text('number').notNull(),
    subject: text('subject').notNull(),
    description: text('description').notNull().default(''),
    /** The requester. */
    contactId: text('contact_id').notNull(),
    categoryId: text('category_id'),
    priority: text('priority', { enum: priorities }).notNull().default('normal'),
    status: text('status', { enum: ticketStatuses }).notNull().default('new'),
    source: text('source', { enum: ticketSources }).notNull(),
    teamId: text('team_id'),
    assigneeId: text('assignee_id'),
    labels: text('labels').array().notNull().default([]),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    attachments: jsonb('attachments').$type<AttachmentRef[]>().notNull().default([]),
    /** What the classifier predicted at creation (category, priority, confidence, reasons), kept for review and accuracy. */
    classification: jsonb('classification').$type<Record<string, unknown>>(),
    parentId: text('parent_id'),
    /** Set when this ticket was merged into another (it is then closed). */
    mergedIntoId: text('merged_into_id'),
    /** SLA state the SLA module keeps: due times and when each target was met or breached. */
    sla: jsonb('sla').$type<Record<string, unknown>>().notNull().default({}),
    firstRespondedAt: tstz('first_responded_at'),
    resolvedAt: tstz('resolved_at'),
    closedAt: tstz('closed_at'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('tickets_number_uq').on(t.workspaceId, t.number),
    // Keyset lists read backwards on (updated_at, id): all, one status, one assignee, one team, one category, one requester.
    index('tickets_recent_idx').on(t.workspaceId, t.updatedAt, t.id),
    index('tickets_status_idx').on(t.workspaceId, t.status, t.updatedAt, t.id),
    index('tickets_assignee_idx').on(t.workspaceId, t.assigneeId, t.updatedAt, t.id),
    index('tickets_team_idx').on(t.workspaceId, t.teamId, t.updatedAt, t.id),
    index('tickets_category_idx').on(t.workspaceId, t.categoryId, t.updatedAt, t.id),
    index('tickets_contact_idx').on(t.workspaceId, t.contactId, t.updatedAt, t.id),
    // The working lists (active tickets: a few per cent of a mature workspace's) get their own partial indexes, so a
    // rare filter combination on them scans the active tickets only, never the closed million.
    index('tickets_active_idx').on(t.workspaceId, t.updatedAt, t.id).where(ACTIVE),
    index('tickets_active_team_idx').on(t.workspaceId, t.teamId, t.updatedAt, t.id).where(ACTIVE),
    index('tickets_active_assignee_idx').on(t.workspaceId, t.assigneeId, t.updatedAt, t.id).where(ACTIVE),
    // A team's active tickets of one priority ("urgent for my team") read straight off the index, without filtering the team's backlog.
    index('tickets_active_team_priority_idx').on(t.workspaceId, t.teamId, t.priority, t.updatedAt, t.id).where(ACTIVE),
    index('tickets_active_priority_idx').on(t.workspaceId, t.priority, t.updatedAt, t.id).where(ACTIVE),
    index('tickets_parent_idx')
      .on(t.workspaceId, t.parentId)
      .where(sql`${t.parentId} is not null`),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [contacts.workspaceId, contacts.id] }),
    foreignKey({ columns: [t.workspaceId, t.categoryId], foreignColumns: [ticketCategories.workspaceId, ticketCategories.id] }),
  ],
);
export type TicketRow = typeof tickets.$inferSelect;

/** Conversations a ticket came from or was linked to (many to many). */
export const ticketConversations = pgTable(
  'ticket_conversations',
  {
    workspaceId: text('workspace_id').notNull(),
    ticketId: text('ticket_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.ticketId, t.conversationId] }),
    index('ticket_conversations_conversation_idx').on(t.workspaceId, t.conversationId),
    foreignKey({ columns: [t.workspaceId, t.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
  ],
);

export const ticketLinkKinds = ['related', 'duplicate'] as const;
export type TicketLinkKind = (typeof ticketLinkKinds)[number];

/** A link between two tickets, stored once with the lower id first. Parent/child lives on `tickets.parent_id`. */
export const ticketLinks = pgTable(
  'ticket_links',
  {
    workspaceId: text('workspace_id').notNull(),
    ticketId: text('ticket_id').notNull(),
    linkedTicketId: text('linked_ticket_id').notNull(),
    kind: text('kind', { enum: ticketLinkKinds }).notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.ticketId, t.linkedTicketId] }),
    index('ticket_links_linked_idx').on(t.workspaceId, t.linkedTicketId),
    foreignKey({ columns: [t.workspaceId, t.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.workspaceId, t.linkedTicketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
  ],
);

/**
 * What happened to a ticket, in order: `reply` (to the customer, who sees it),
 * `note` (internal), `change` (fields before → after), and the system's
 * lines (`created`, `merged`, `split`, `linked`, `sla`, `rule`…).
 */
export const ticketActivityKinds = [
  'created',
  'reply',
  'customer_reply',
  'note',
  'change',
  'merged',
  'split',
  'linked',
  'sla',
  'rule',
  'survey',
] as const;
export type TicketActivityKind = (typeof ticketActivityKinds)[number];
export const ticketActorTypes = ['user', 'contact', 'bot', 'system', 'api'] as const;
export type TicketActorType = (typeof ticketActorTypes)[number];

export const ticketActivities = pgTable(
  'ticket_activities',
  {
    ...tenantColumns(),
    ticketId: text('ticket_id').notNull(),
    kind: text('kind', { enum: ticketActivityKinds }).notNull(),
    actorType: text('actor_type', { enum: ticketActorTypes }).notNull(),
    actorId: text('actor_id'),
    /** The customer sees this line on the portal (replies, status progress). */
    public: boolean('public').notNull().default(false),
    body: text('body').notNull().default(''),
    /** For `change`: `{ field: [before, after] }`; other kinds keep their facts here. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    attachments: jsonb('attachments').$type<AttachmentRef[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('ticket_activities_ticket_idx').on(t.workspaceId, t.ticketId, t.createdAt),
    foreignKey({ columns: [t.workspaceId, t.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
  ],
);
export type TicketActivityRow = typeof ticketActivities.$inferSelect;
