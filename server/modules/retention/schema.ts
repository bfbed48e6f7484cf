import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, tstz, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';

export const retentionActions = ['keep', 'delete', 'anonymise'] as const;
export type RetentionAction = (typeof retentionActions)[number];

/**
 * How long a workspace keeps customer data. `keep` (the default for all)
 * keeps forever; a daily job applies the rest in batches.
 */
export const retentionPolicies = pgTable(
  'retention_policies',
  {
    workspaceId: text('workspace_id').primaryKey(),
    /** Resolved conversations, counted from their last change. */
    conversationsAction: text('conversations_action', { enum: retentionActions }).notNull().default('keep'),
    conversationsDays: integer('conversations_days').notNull().default(365),
    /** Closed tickets, counted from closing. */
    ticketsAction: text('tickets_action', { enum: retentionActions }).notNull().default('keep'),
    ticketsYears: integer('tickets_years').notNull().default(3),
    /** Attachment files older than this many days are deleted; null keeps them. */
    attachmentsDays: integer('attachments_days'),
    /** Audit entries older than this many years are deleted; null (the default) keeps them. */
    auditYears: integer('audit_years'),
    updatedBy: text('updated_by'),
    updatedAt: updatedAt(),
  },
  (t) => [foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade')],
);
export type RetentionPolicyRow = typeof retentionPolicies.$inferSelect;

export const exportStatuses = ['queued', 'running', 'ready', 'failed', 'expired'] as const;
export type ExportStatus = (typeof exportStatuses)[number];

/** A data-subject export of one contact: a zip in attachment storage, downloadable until `expires_at`. */
export const contactExports = pgTable(
  'contact_exports',
  {
    ...tenantColumns(),
    contactId: text('contact_id').notNull(),
    status: text('status', { enum: exportStatuses }).notNull().default('queued'),
    requestedBy: text('requested_by'),
    storageKey: text('storage_key'),
    size: integer('size'),
    /** Row counts per file in the zip. */
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
    error: text('error'),
    expiresAt: tstz('expires_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('contact_exports_contact_idx').on(t.workspaceId, t.contactId),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);
export type ContactExportRow = typeof contactExports.$inferSelect;
