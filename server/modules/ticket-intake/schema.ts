import { foreignKey, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';

/**
 * How a workspace turns what the bot understood into tickets: which ticket
 * category each intent (or completed flow's request kind) files under.
 * One row per workspace; no row means no mapping.
 */
export const ticketIntakeSettings = pgTable(
  'ticket_intake_settings',
  {
    workspaceId: text('workspace_id').notNull(),
    /** `{ [intentKey or request kind]: categoryId }`. */
    intentCategories: jsonb('intent_categories').$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId] }), foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade')],
);
export type TicketIntakeSettingsRow = typeof ticketIntakeSettings.$inferSelect;

/**
 * One ticket per automatic source (`request:<requestId>`,
 * `handoff:<conversationId>`, `email:<messageId>`): the key is claimed in
 * the transaction that creates the ticket, so a repeated event finds it
 * taken and creates nothing.
 */
export const ticketIntakeKeys = pgTable(
  'ticket_intake_keys',
  {
    workspaceId: text('workspace_id').notNull(),
    key: text('key').notNull(),
    ticketId: text('ticket_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.key] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);
