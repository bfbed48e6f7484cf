import { foreignKey, index, jsonb, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';

/** A customer: one person, however many channels they write from. */
export const contacts = pgTable(
  'contacts',
  {
    ...tenantColumns(),
    name: text('name'),
    /** Encrypted (`ENC1:…`, docs/encryption.md); found through `email_hash`. */
    email: text('email'),
    /** Encrypted; found through `phone_hash`. */
    phone: text('phone'),
    /** Blind index (keyed HMAC) of the normalised email, for exact lookups. */
    emailHash: text('email_hash'),
    phoneHash: text('phone_hash'),
    locale: text('locale'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    /** Set when this contact was merged into another; the survivor holds everything. */
    mergedInto: text('merged_into'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('contacts_workspace_email_hash_idx').on(t.workspaceId, t.emailHash),
    index('contacts_workspace_phone_hash_idx').on(t.workspaceId, t.phoneHash),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export const identityKinds = ['widget', 'email', 'phone', 'wechat', 'app'] as const;
export type IdentityKind = (typeof identityKinds)[number];

/** Who the contact is on one channel: a widget visitor id, an email address, a phone number, a WeChat openid, an app user id. */
export const contactIdentities = pgTable(
  'contact_identities',
  {
    ...tenantColumns(),
    contactId: text('contact_id').notNull(),
    kind: text('kind', { enum: identityKinds }).notNull(),
    /** Normalised (lower-case email, E.164-ish phone, `appid:openid` for WeChat), then encrypted. */
    value: text('value').notNull(),
    /** Blind index of the normalised value: what lookups and the unique constraint use (null only before the backfill job). */
    valueHash: text('value_hash'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique('contact_identities_kind_value_hash_uq').on(t.workspaceId, t.kind, t.valueHash),
    index('contact_identities_contact_idx').on(t.workspaceId, t.contactId),
    foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [contacts.workspaceId, contacts.id] }).onDelete('cascade'),
  ],
);

export type ContactRow = typeof contacts.$inferSelect;
export type ContactIdentityRow = typeof contactIdentities.$inferSelect;
