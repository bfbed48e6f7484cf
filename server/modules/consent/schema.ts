import { foreignKey, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns } from '../../db/columns.ts';
import { contacts } from '../contacts/schema.ts';

export const consentPurposes = ['proactive', 'marketing', 'survey'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];
/** A channel (identity kind) the record is about, or `any` for every channel. */
export const consentChannels = ['any', 'widget', 'email', 'phone', 'wechat', 'app'] as const;
export type ConsentChannel = (typeof consentChannels)[number];
export const consentStatuses = ['granted', 'withdrawn'] as const;
export type ConsentStatus = (typeof consentStatuses)[number];
/** Where the record came from: staff on the customer's word, the customer themselves (widget, portal, a link), an import or the API. */
export const consentSources = ['agent', 'customer', 'unsubscribe_link', 'import', 'api'] as const;
export type ConsentSource = (typeof consentSources)[number];

/**
 * One consent decision of a contact, append-only: the latest record for a
 * purpose (on the channel, or `any`) is what holds; earlier ones stay as proof.
 */
export const consentRecords = pgTable(
  'consent_records',
  {
    ...tenantColumns(),
    contactId: text('contact_id').notNull(),
    channel: text('channel', { enum: consentChannels }).notNull(),
    purpose: text('purpose', { enum: consentPurposes }).notNull(),
    status: text('status', { enum: consentStatuses }).notNull(),
    source: text('source', { enum: consentSources }).notNull(),
    /** The staff user or API key that recorded it; null when the customer did. */
    recordedBy: text('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('consent_records_contact_idx').on(t.workspaceId, t.contactId, t.purpose, t.id),
    foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [contacts.workspaceId, contacts.id] }).onDelete('cascade'),
  ],
);

export type ConsentRecordRow = typeof consentRecords.$inferSelect;
