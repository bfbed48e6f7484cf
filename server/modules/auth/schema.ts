import { foreignKey, index, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, tstz } from '../../db/columns.ts';
import { users } from '../users/schema.ts';
import { workspaces } from '../workspaces/schema.ts';

/** Console sessions; only the SHA-256 of the token's secret is stored. */
export const sessions = pgTable(
  'sessions',
  {
    ...tenantColumns(),
    userId: text('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    lastUsedAt: tstz('last_used_at').notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique('sessions_workspace_token_uq').on(t.workspaceId, t.tokenHash),
    index('sessions_expires_idx').on(t.expiresAt),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.workspaceId, t.userId], foreignColumns: [users.workspaceId, users.id] }).onDelete('cascade'),
  ],
);

export type SessionRow = typeof sessions.$inferSelect;
