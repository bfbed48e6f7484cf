import { foreignKey, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';

/**
 * Links that let a customer in without a password: `sign_in` (15 minutes,
 * single use, opens "My tickets") and `ticket` (long-lived, opens one ticket).
 * Only the SHA-256 of the random 256-bit token is kept.
 */
export const portalGrantKinds = ['sign_in', 'ticket'] as const;
export type PortalGrantKind = (typeof portalGrantKinds)[number];

export const portalGrants = pgTable(
  'portal_grants',
  {
    tokenHash: text('token_hash').primaryKey(),
    workspaceId: text('workspace_id').notNull(),
    kind: text('kind', { enum: portalGrantKinds }).notNull(),
    contactId: text('contact_id').notNull(),
    /** Set for `ticket` grants: the one ticket the link opens. */
    ticketId: text('ticket_id'),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('portal_grants_expiry_idx').on(t.expiresAt),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);
export type PortalGrantRow = typeof portalGrants.$inferSelect;

/** A signed-in customer on the help center (cookie holds the token; only its hash is stored). */
export const portalSessions = pgTable(
  'portal_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    workspaceId: text('workspace_id').notNull(),
    contactId: text('contact_id').notNull(),
    /** Set when the session came from a per-ticket link: it opens that ticket only. */
    ticketId: text('ticket_id'),
    expiresAt: tstz('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('portal_sessions_expiry_idx').on(t.expiresAt),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);
export type PortalSessionRow = typeof portalSessions.$inferSelect;

/** Per-workspace help center ticket settings. */
export const portalSettings = pgTable(
  'portal_settings',
  {
    workspaceId: text('workspace_id').primaryKey(),
    /** Days after a resolve during which the customer may reopen the ticket. */
    reopenDays: integer('reopen_days').notNull().default(7),
    updatedAt: updatedAt(),
  },
  (t) => [foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade')],
);
export type PortalSettingsRow = typeof portalSettings.$inferSelect;
