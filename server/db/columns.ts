import { text, timestamp } from 'drizzle-orm/pg-core';

/** Columns every tenant table starts with: the workspace and the row's own prefixed id. */
export const tenantColumns = () => ({
  workspaceId: text('workspace_id').notNull(),
  id: text('id').notNull(),
});

export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
