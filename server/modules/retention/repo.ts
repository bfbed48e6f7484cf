import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { contactExports, retentionPolicies, type ContactExportRow, type RetentionPolicyRow } from './schema.ts';

export async function findRetentionPolicy(db: DbOrTx, workspaceId: string): Promise<RetentionPolicyRow | undefined> {
  const [row] = await db.select().from(retentionPolicies).where(eq(retentionPolicies.workspaceId, workspaceId));
  return row;
}

export async function upsertRetentionPolicy(db: DbOrTx, row: typeof retentionPolicies.$inferInsert): Promise<RetentionPolicyRow> {
  const { workspaceId: _, ...set } = row;
  const [saved] = await db
    .insert(retentionPolicies)
    .values(row)
    .onConflictDoUpdate({ target: retentionPolicies.workspaceId, set: { ...set, updatedAt: new Date() } })
    .returning();
  return saved!;
}

/** Workspaces that set any policy other than keeping everything. */
export async function selectActiveRetentionPolicies(db: DbOrTx): Promise<RetentionPolicyRow[]> {
  return db.select().from(retentionPolicies);
}

export async function insertContactExport(db: DbOrTx, row: typeof contactExports.$inferInsert): Promise<ContactExportRow> {
  const [created] = await db.insert(contactExports).values(row).returning();
  return created!;
}

export async function findContactExport(db: DbOrTx, workspaceId: string, id: string): Promise<ContactExportRow | undefined> {
  const [row] = await db
    .select()
    .from(contactExports)
    .where(and(eq(contactExports.workspaceId, workspaceId), eq(contactExports.id, id)));
  return row;
}

export async function updateContactExport(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<ContactExportRow, 'status' | 'storageKey' | 'size' | 'counts' | 'error' | 'expiresAt'>>,
): Promise<void> {
  await db
    .update(contactExports)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(contactExports.workspaceId, workspaceId), eq(contactExports.id, id)));
}

export async function selectContactExports(db: DbOrTx, workspaceId: string, contactIds: string[]): Promise<ContactExportRow[]> {
  if (contactIds.length === 0) return [];
  return db
    .select()
    .from(contactExports)
    .where(and(eq(contactExports.workspaceId, workspaceId), inArray(contactExports.contactId, contactIds)))
    .orderBy(desc(contactExports.id));
}

export async function deleteContactExportRows(db: DbOrTx, workspaceId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db
    .delete(contactExports)
    .where(and(eq(contactExports.workspaceId, workspaceId), inArray(contactExports.id, ids)))
    .returning({ id: contactExports.id });
  return rows.length;
}

/** Ready exports whose download time is over (their files are deleted by the retention job). */
export async function selectExpiredExports(db: DbOrTx, workspaceId: string, now: Date): Promise<ContactExportRow[]> {
  return db
    .select()
    .from(contactExports)
    .where(and(eq(contactExports.workspaceId, workspaceId), eq(contactExports.status, 'ready'), lt(contactExports.expiresAt, now)));
}
