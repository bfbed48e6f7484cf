import { sql } from 'drizzle-orm';
import { foreignKey, index, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, updatedAt } from '../../db/columns.ts';
import { users } from '../users/schema.ts';
import { workspaces } from '../workspaces/schema.ts';

export const cannedScopes = ['workspace', 'personal'] as const;
export type CannedScope = (typeof cannedScopes)[number];
export const cannedLocales = ['zh-CN', 'en'] as const;
export type CannedLocale = (typeof cannedLocales)[number];
/** The text in one or more locales; at least one is set. */
export type CannedContent = Partial<Record<CannedLocale, string>>;

/**
 * A canned response (快捷回复): text an agent inserts by its shortcut
 * (`/refund`), with variables (`{{contact.name}}`) filled at insert time.
 * Workspace responses (`owner_id` null) are shared; personal ones belong to
 * their owner and only they see them. A shortcut is unique per scope: once
 * among the workspace's, once among each person's own.
 */
export const cannedResponses = pgTable(
  'canned_responses',
  {
    ...tenantColumns(),
    scope: text('scope', { enum: cannedScopes }).notNull(),
    ownerId: text('owner_id'),
    title: text('title').notNull(),
    /** Lower case with its leading slash: `/refund`, `/退款`. */
    shortcut: text('shortcut').notNull(),
    content: jsonb('content').$type<CannedContent>().notNull(),
    tags: text('tags').array().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('canned_responses_workspace_shortcut_uq')
      .on(t.workspaceId, t.shortcut)
      .where(sql`${t.ownerId} is null`),
    uniqueIndex('canned_responses_personal_shortcut_uq')
      .on(t.workspaceId, t.ownerId, t.shortcut)
      .where(sql`${t.ownerId} is not null`),
    index('canned_responses_owner_idx').on(t.workspaceId, t.ownerId),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.workspaceId, t.ownerId], foreignColumns: [users.workspaceId, users.id] }).onDelete('cascade'),
  ],
);

export type CannedResponseRow = typeof cannedResponses.$inferSelect;
