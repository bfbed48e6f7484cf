import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { encryptionKeys, encryptionSettings, type EncryptionKeyRow, type KeyStatus } from './schema.ts';

export async function selectWorkspaceKeys(db: DbOrTx, workspaceId: string): Promise<EncryptionKeyRow[]> {
  return db.select().from(encryptionKeys).where(eq(encryptionKeys.workspaceId, workspaceId)).orderBy(encryptionKeys.id);
}

/** Every wrapped key of every workspace (boot: check and re-wrap under the master key). */
export async function selectAllWrapped(db: DbOrTx): Promise<Pick<EncryptionKeyRow, 'workspaceId' | 'id' | 'wrapped'>[]> {
  return db.select({ workspaceId: encryptionKeys.workspaceId, id: encryptionKeys.id, wrapped: encryptionKeys.wrapped }).from(encryptionKeys);
}

/** Insert a key; nothing when the workspace already has an active key of that purpose (a concurrent first use). */
export async function insertKey(db: DbOrTx, row: typeof encryptionKeys.$inferInsert): Promise<void> {
  await db.insert(encryptionKeys).values(row).onConflictDoNothing();
}

export async function updateWrapped(db: DbOrTx, workspaceId: string, id: string, wrapped: string): Promise<void> {
  await db
    .update(encryptionKeys)
    .set({ wrapped })
    .where(and(eq(encryptionKeys.workspaceId, workspaceId), eq(encryptionKeys.id, id)));
}

/** Move every data key in `from` status to `to`; returns their ids. */
export async function setDataKeyStatus(db: DbOrTx, workspaceId: string, from: KeyStatus, to: KeyStatus, onlyId?: string): Promise<string[]> {
  const rows = await db
    .update(encryptionKeys)
    .set({ status: to, ...(to === 'retired' ? { retiredAt: new Date() } : {}) })
    .where(
      and(
        eq(encryptionKeys.workspaceId, workspaceId),
        eq(encryptionKeys.purpose, 'data'),
        eq(encryptionKeys.status, from),
        onlyId ? eq(encryptionKeys.id, onlyId) : undefined,
      ),
    )
    .returning({ id: encryptionKeys.id });
  return rows.map((r) => r.id);
}

export async function selectEncryptMessages(db: DbOrTx, workspaceId: string): Promise<boolean> {
  const [row] = await db.select().from(encryptionSettings).where(eq(encryptionSettings.workspaceId, workspaceId));
  return row?.encryptMessages ?? false;
}

export async function upsertEncryptMessages(db: DbOrTx, workspaceId: string, on: boolean): Promise<void> {
  await db
    .insert(encryptionSettings)
    .values({ workspaceId, encryptMessages: on })
    .onConflictDoUpdate({ target: encryptionSettings.workspaceId, set: { encryptMessages: on, updatedAt: sql`now()` } });
}

/** Workspaces with a data key still waiting for its rows to move (a rotation to resume at boot). */
export async function selectWorkspacesRetiring(db: DbOrTx): Promise<string[]> {
  const rows = await db.selectDistinct({ workspaceId: encryptionKeys.workspaceId }).from(encryptionKeys).where(eq(encryptionKeys.status, 'retiring'));
  return rows.map((r) => r.workspaceId);
}
