import { and, desc, eq, ilike, isNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { withCipher, workspaceCipher, type Cipher } from '../encryption/index.ts';
import { normalizeEmail, normalizePhone } from './normalize.ts';
import { contactIdentities, contacts, type ContactIdentityRow, type ContactRow, type IdentityKind } from './schema.ts';

/*
 * Contacts' email and phone and identities' values are stored encrypted
 * (docs/encryption.md) and found by their blind-index hashes. Every function
 * here takes and returns plaintext: callers never see ciphertext.
 */

export const EMAIL = 'contacts.email';
export const PHONE = 'contacts.phone';
export const IDENTITY = 'contact_identities.value';
const identityHashColumn = (kind: IdentityKind) => `contact_identities.${kind}`;

/** A stored contact with its email and phone decrypted. */
export function openContact(cipher: Cipher, row: ContactRow): ContactRow {
  return { ...row, email: cipher.openNullable(EMAIL, row.email), phone: cipher.openNullable(PHONE, row.phone) };
}

export function openIdentity(cipher: Cipher, row: ContactIdentityRow): ContactIdentityRow {
  return { ...row, value: cipher.open(IDENTITY, row.value) };
}

/**
 * Email and phone of contact rows another module read by hand (a join),
 * decrypted; rows without those fields pass through.
 *
 * @example const [listed] = await openContactFields(db, ws, [{ id, name, email }]);
 */
export async function openContactFields<T extends { email?: string | null; phone?: string | null }>(
  db: DbOrTx,
  workspaceId: string,
  rows: T[],
): Promise<T[]> {
  return withCipher(db, workspaceId, (c) =>
    rows.map((r) => ({
      ...r,
      ...(r.email !== undefined ? { email: c.openNullable(EMAIL, r.email) } : {}),
      ...(r.phone !== undefined ? { phone: c.openNullable(PHONE, r.phone) } : {}),
    })),
  );
}

/** Decrypted rows of one workspace (undefined stays undefined). */
async function opened<T extends ContactRow | undefined>(db: DbOrTx, workspaceId: string, row: T): Promise<T> {
  return row ? ((await withCipher(db, workspaceId, (c) => openContact(c, row))) as T) : row;
}

/**
 * The hash an identity is looked up by (the widget finds its visitor with it).
 *
 * @example await identityHash(db, 'wsp_1', 'email', 'a@b.cn') // 'x7…'
 */
export async function identityHash(db: DbOrTx, workspaceId: string, kind: IdentityKind, value: string): Promise<string> {
  return (await workspaceCipher(db, workspaceId)).hash(identityHashColumn(kind), value);
}

export async function findContact(db: DbOrTx, workspaceId: string, id: string): Promise<ContactRow | undefined> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  return opened(db, workspaceId, row);
}

export async function lockContact(db: DbOrTx, workspaceId: string, id: string): Promise<ContactRow | undefined> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
    .for('update');
  return opened(db, workspaceId, row);
}

/** The contact behind a channel identity, in one query (the inbound hot path). */
export async function findContactByIdentity(db: DbOrTx, workspaceId: string, kind: IdentityKind, value: string): Promise<ContactRow | undefined> {
  const hash = await identityHash(db, workspaceId, kind, value);
  const [row] = await db
    .select({ contact: contacts })
    .from(contactIdentities)
    .innerJoin(contacts, and(eq(contacts.workspaceId, contactIdentities.workspaceId), eq(contacts.id, contactIdentities.contactId)))
    .where(and(eq(contactIdentities.workspaceId, workspaceId), eq(contactIdentities.kind, kind), eq(contactIdentities.valueHash, hash)));
  return opened(db, workspaceId, row?.contact);
}

export async function findIdentity(db: DbOrTx, workspaceId: string, kind: IdentityKind, value: string): Promise<ContactIdentityRow | undefined> {
  const hash = await identityHash(db, workspaceId, kind, value);
  const [row] = await db
    .select()
    .from(contactIdentities)
    .where(and(eq(contactIdentities.workspaceId, workspaceId), eq(contactIdentities.kind, kind), eq(contactIdentities.valueHash, hash)));
  return row ? withCipher(db, workspaceId, (c) => openIdentity(c, row)) : undefined;
}

/** Insert an identity unless it exists; returns the row that is there afterwards. */
export async function ensureIdentity(db: DbOrTx, row: typeof contactIdentities.$inferInsert): Promise<ContactIdentityRow> {
  const cipher = await workspaceCipher(db, row.workspaceId);
  const sealed = { ...row, value: cipher.seal(IDENTITY, row.value), valueHash: cipher.hash(identityHashColumn(row.kind), row.value) };
  await db.insert(contactIdentities).values(sealed).onConflictDoNothing();
  return (await findIdentity(db, row.workspaceId, row.kind, row.value))!;
}

export async function selectIdentities(db: DbOrTx, workspaceId: string, contactId: string): Promise<ContactIdentityRow[]> {
  const rows = await db
    .select()
    .from(contactIdentities)
    .where(and(eq(contactIdentities.workspaceId, workspaceId), eq(contactIdentities.contactId, contactId)))
    .orderBy(contactIdentities.id);
  return withCipher(db, workspaceId, (c) => rows.map((r) => openIdentity(c, r)));
}

export async function moveIdentities(db: DbOrTx, workspaceId: string, fromContactId: string, toContactId: string): Promise<void> {
  await db
    .update(contactIdentities)
    .set({ contactId: toContactId })
    .where(and(eq(contactIdentities.workspaceId, workspaceId), eq(contactIdentities.contactId, fromContactId)));
}

type ContactFields = Partial<Pick<ContactRow, 'email' | 'phone'>>;

/** Email and phone as stored: encrypted, with their hashes (only the fields present in `fields`). */
function sealContactFields(cipher: Cipher, fields: ContactFields) {
  return {
    ...(fields.email !== undefined ? { email: cipher.sealNullable(EMAIL, fields.email), emailHash: cipher.hashNullable(EMAIL, fields.email) } : {}),
    ...(fields.phone !== undefined ? { phone: cipher.sealNullable(PHONE, fields.phone), phoneHash: cipher.hashNullable(PHONE, fields.phone) } : {}),
  };
}

export async function insertContact(db: DbOrTx, row: typeof contacts.$inferInsert): Promise<ContactRow> {
  const cipher = await workspaceCipher(db, row.workspaceId);
  const [created] = await db
    .insert(contacts)
    .values({ ...row, ...sealContactFields(cipher, row) })
    .returning();
  return openContact(cipher, created!);
}

export async function updateContactRow(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<ContactRow, 'name' | 'email' | 'phone' | 'locale' | 'attributes' | 'mergedInto'>>,
): Promise<ContactRow> {
  const cipher = await workspaceCipher(db, workspaceId);
  const [row] = await db
    .update(contacts)
    .set({ ...patch, ...sealContactFields(cipher, patch), updatedAt: new Date() })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
    .returning();
  return withCipher(db, workspaceId, (c) => openContact(c, row!));
}

/** A live (not merged) contact with this (normalised) email or phone, to join a second channel to the same person. */
export async function findContactByEmailOrPhone(db: DbOrTx, workspaceId: string, email?: string, phone?: string): Promise<ContactRow | undefined> {
  const cipher = await workspaceCipher(db, workspaceId);
  const match = [
    email ? eq(contacts.emailHash, cipher.hash(EMAIL, email)) : undefined,
    phone ? eq(contacts.phoneHash, cipher.hash(PHONE, phone)) : undefined,
  ];
  if (!email && !phone) return undefined;
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), isNull(contacts.mergedInto), or(...match)))
    .orderBy(contacts.id)
    .limit(1);
  return opened(db, workspaceId, row);
}

/**
 * Contacts, newest first. `q` matches part of the name, or a whole email or
 * phone number (they are encrypted: only an exact, normalised match is possible).
 */
export async function selectContacts(db: DbOrTx, workspaceId: string, query: { before?: string; limit: number; q?: string }): Promise<ContactRow[]> {
  const cipher = await workspaceCipher(db, workspaceId);
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const email = normalizeEmail(query.q);
  const phone = normalizePhone(query.q);
  const rows = await db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        isNull(contacts.mergedInto),
        query.before ? lt(contacts.id, query.before) : undefined,
        pattern
          ? or(
              ilike(contacts.name, pattern),
              email ? eq(contacts.emailHash, cipher.hash(EMAIL, email)) : undefined,
              phone ? eq(contacts.phoneHash, cipher.hash(PHONE, phone)) : undefined,
            )
          : undefined,
      ),
    )
    .orderBy(desc(contacts.id))
    .limit(query.limit);
  return withCipher(db, workspaceId, (c) => rows.map((r) => openContact(c, r)));
}
