import { foreignKey, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';

/** Who did what to which object, written in the same transaction as the change. */
export const auditEvents = pgTable(
  'audit_events',
  {
    ...tenantColumns(),
    actorType: text('actor_type', { enum: ['user', 'api_key', 'system'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    /** Changed fields only; secrets are never stored, sensitive values appear as "[redacted]". */
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    requestId: text('request_id'),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('audit_events_target_idx').on(t.workspaceId, t.targetId),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
