import { sql } from 'drizzle-orm';
import { bigint, boolean, foreignKey, index, integer, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
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

/**
 * A staff member's TOTP second factor. `enabledAt` null = enrolment started
 * but not confirmed. `lastStep` is the last 30-second step accepted (a code
 * is never accepted twice); recovery codes are stored as SHA-256 hashes.
 * `secret` is sealed with the workspace's data key (`ENC1:…`, docs/encryption.md).
 */
export const userTwoFactor = pgTable(
  'user_two_factor',
  {
    workspaceId: text('workspace_id').notNull(),
    userId: text('user_id').notNull(),
    secret: text('secret').notNull(),
    enabledAt: tstz('enabled_at'),
    lastStep: bigint('last_step', { mode: 'number' }),
    recoveryCodes: text('recovery_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.workspaceId, t.userId], foreignColumns: [users.workspaceId, users.id] }).onDelete('cascade'),
  ],
);

/** The short-lived step between a correct password and the second factor (or its forced enrolment). */
export const loginChallenges = pgTable(
  'login_challenges',
  {
    ...tenantColumns(),
    userId: text('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    purpose: text('purpose', { enum: ['verify', 'enrol'] }).notNull(),
    failures: integer('failures').notNull().default(0),
    expiresAt: tstz('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique('login_challenges_workspace_token_uq').on(t.workspaceId, t.tokenHash),
    index('login_challenges_expires_idx').on(t.expiresAt),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.workspaceId, t.userId], foreignColumns: [users.workspaceId, users.id] }).onDelete('cascade'),
  ],
);

/** A workspace's sign-in rules. */
export const authSettings = pgTable(
  'auth_settings',
  {
    workspaceId: text('workspace_id').notNull().primaryKey(),
    requireAdminTwoFactor: boolean('require_admin_two_factor').notNull().default(false),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade')],
);

export type TwoFactorRow = typeof userTwoFactor.$inferSelect;
export type LoginChallengeRow = typeof loginChallenges.$inferSelect;
