import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { withCipher } from '../encryption/index.ts';
import { openContact, openIdentity } from './repo.ts';
import { contactIdentities, contacts, type ContactIdentityRow, type ContactRow } from './schema.ts';

/** The contact and every contact merged into it, directly or through others. */
export async function selectMergeFamily(db: DbOrTx, workspaceId: string, contactId: string): Promise<ContactRow[]> {
  const family = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
  let frontier = family.map((c) => c.id);
  while (frontier.length && family.length < 1000) {
    const merged = await db
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.mergedInto, frontier)));
    family.push(...merged);
    frontier = merged.map((c) => c.id);
  }
  return withCipher(db, workspaceId, (c) => family.map((row) => openContact(c, row)));
}

export async function selectIdentitiesOf(db: DbOrTx, workspaceId: string, contactIds: string[]): Promise<ContactIdentityRow[]> {
  if (contactIds.length === 0) return [];
  const rows = await db
    .select()
    .from(contactIdentities)
    .where(and(eq(contactIdentities.workspaceId, workspaceId), inArray(contactIdentities.contactId, contactIds)))
    .orderBy(contactIdentities.id);
  return withCipher(db, workspaceId, (c) => rows.map((row) => openIdentity(c, row)));
}

/**
 * Erase who these contacts are: identities deleted, name, email, phone and
 * attributes cleared. The rows stay (conversations and tickets point at
 * them). Returns { contacts, identities } changed.
 */
export async function eraseContactRows(db: DbOrTx, workspaceId: string, contactIds: string[]): Promise<{ contacts: number; identities: number }> {
  if (contactIds.length === 0) return { contacts: 0, identities: 0 };
  const identities = await db
    .delete(contactIdentities)
    .where(and(eq(contactIdentities.workspaceId, workspaceId), inArray(contactIdentities.contactId, contactIds)))
    .returning({ id: contactIdentities.id });
  const rows = await db
    .update(contacts)
    .set({ name: null, email: null, phone: null, attributes: { erased: true }, updatedAt: new Date() })
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, contactIds)))
    .returning({ id: contacts.id });
  return { contacts: rows.length, identities: identities.length };
}
