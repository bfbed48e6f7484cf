import { sql } from 'drizzle-orm';
import { boolean, foreignKey, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';

export const keyPurposes = ['data', 'index'] as const;
export type KeyPurpose = (typeof keyPurposes)[number];
export const keyStatuses = ['active', 'retiring', 'retired'] as const;
export type KeyStatus = (typeof keyStatuses)[number];

/**
 * A workspace's keys, each wrapped (AES-256-GCM) under the master key:
 * `data` keys encrypt values (one active; older ones `retiring` until the
 * re-encryption job has moved every row, then `retired`), the `index` key
 * makes blind-index hashes and is never rotated (its hashes would change).
 */
export const encryptionKeys = pgTable(
  'encryption_keys',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    purpose: text('purpose', { enum: keyPurposes }).notNull(),
    status: text('status', { enum: keyStatuses }).notNull(),
    /** `ENC1:<masterId>:<iv>:<key+tag>`: the key under the master key named by its fingerprint. */
    wrapped: text('wrapped').notNull(),
    createdAt: createdAt(),
    retiredAt: tstz('retired_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('encryption_keys_one_active_uq')
      .on(t.workspaceId, t.purpose)
      .where(sql`status = 'active'`),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

/** Per-workspace encryption settings: whether message content is encrypted (off for new workspaces). */
export const encryptionSettings = pgTable(
  'encryption_settings',
  {
    workspaceId: text('workspace_id').primaryKey(),
    encryptMessages: boolean('encrypt_messages').notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade')],
);

export type EncryptionKeyRow = typeof encryptionKeys.$inferSelect;
