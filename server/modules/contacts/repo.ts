import { and, desc, eq, ilike, isNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { contactIdentities, contacts, type ContactIdentityRow, type ContactRow, type IdentityKind } from './schema.ts';

export async function findContact(db: DbOrTx, workspaceId: string, id: string): Promise<ContactRow | undefined> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  return row;
}

export async function lockContact(db: DbOrTx, workspaceId: string, id: string): Promise<ContactRow | undefined> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
    .for('update');
  return row;
}

/** The contact behind a channel identity, in one query (the inbound hot path). */
export async function findContactByIdentity(db: DbOrTx, workspaceId: string, kind: IdentityKind, value: string): Promise<ContactRow | undefined> {
  const [row] = await db
    .select({ contact: contacts })
    .from(contactIdentities)
    .innerJoin(contacts, and(eq(contacts.workspaceId, contactIdentities.workspaceId), eq(contacts.id, contactIdentities.contactId)))
    .where(and(eq(contactIdentities.workspaceId, workspaceId), eq(contactIdentities.kind, kind), eq(contactIdentities.value, value)));
  return row?.contact;
}

export async function findIdentity(db: DbOrTx, workspaceId: string, kind: IdentityKind, value: string): Promise<ContactIdentityRow | undefined> {
  const [row] = await db
    .select()
    .from(contactIdentities)
    .where(and(eq(contactIdentities.workspaceId, workspaceId), eq(contactIdentities.kind, kind), eq(contactIdentities.value, value)));
  return row;
}

/** Insert an identity unless it exists; returns the row that is there afterwards. */
export async function ensureIdentity(db: DbOrTx, row: typeof contactIdentities.$inferInsert): Promise<ContactIdentityRow> {
  await db.insert(contactIdentities).values(row).onConflictDoNothing();
  return (await findIdentity(db, row.workspaceId, row.kind, row.value))!;
}

export async function selectIdentities(db: DbOrTx, workspaceId: string, contactId: string): Promise<ContactIdentityRow[]> {
  return db
    .select()
    .from(contactIdentities)
    .where(and(eq(contactIdentities.workspaceId, workspaceId), eq(contactIdentities.contactId, contactId)))
    .orderBy(contactIdentities.id);
}

export async function moveIdentities(db: DbOrTx, workspaceId: string, fromContactId: string, toContactId: string): Promise<void> {
  await db
    .update(contactIdentities)
    .set({ contactId: toContactId })
    .where(and(eq(contactIdentities.workspaceId, workspaceId), eq(contactIdentities.contactId, fromContactId)));
}

export async function insertContact(db: DbOrTx, row: typeof contacts.$inferInsert): Promise<ContactRow> {
  const [created] = await db.insert(contacts).values(row).returning();
  return created!;
}

export async function updateContactRow(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<ContactRow, 'name' | 'email' | 'phone' | 'locale' | 'attributes' | 'mergedInto'>>,
): Promise<ContactRow> {
  const [row] = await db
    .update(contacts)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
    .returning();
  return row!;
}

/** A live (not merged) contact with this email or phone, to join a second channel to the same person. */
export async function findContactByEmailOrPhone(db: DbOrTx, workspaceId: string, email?: string, phone?: string): Promise<ContactRow | undefined> {
  const match = [email ? eq(contacts.email, email) : undefined, phone ? eq(contacts.phone, phone) : undefined].filter((c) => c !== undefined);
  if (match.length === 0) return undefined;
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), isNull(contacts.mergedInto), or(...match)))
    .orderBy(contacts.id)
    .limit(1);
  return row;
}

export async function selectContacts(db: DbOrTx, workspaceId: string, query: { before?: string; limit: number; q?: string }): Promise<ContactRow[]> {
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        isNull(contacts.mergedInto),
        query.before ? lt(contacts.id, query.before) : undefined,
        pattern ? or(ilike(contacts.name, pattern), ilike(contacts.email, pattern), ilike(contacts.phone, pattern)) : undefined,
      ),
    )
    .orderBy(desc(contacts.id))
    .limit(query.limit);
}
