import { pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.ts';

/** A tenant. The only table without `workspace_id`: it is the distribution key itself. */
export const workspaces = pgTable('workspaces', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  industry: text('industry').notNull().default('general'),
  defaultLocale: text('default_locale').notNull().default('zh-CN'),
  locales: text('locales').array().notNull().default(['zh-CN', 'en']),
  timezone: text('timezone').notNull().default('Asia/Shanghai'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type WorkspaceRow = typeof workspaces.$inferSelect;
