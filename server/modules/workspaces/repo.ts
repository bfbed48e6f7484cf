import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { workspaces, type WorkspaceRow } from './schema.ts';

export async function findWorkspaceById(db: DbOrTx, id: string): Promise<WorkspaceRow | undefined> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  return row;
}

export async function findWorkspaceBySlug(db: DbOrTx, slug: string): Promise<WorkspaceRow | undefined> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.slug, slug));
  return row;
}

export async function insertWorkspace(db: DbOrTx, row: typeof workspaces.$inferInsert): Promise<WorkspaceRow> {
  const [created] = await db.insert(workspaces).values(row).returning();
  return created!;
}

export async function updateWorkspaceRow(
  db: DbOrTx,
  id: string,
  patch: Partial<Pick<WorkspaceRow, 'name' | 'defaultLocale' | 'locales' | 'timezone' | 'industry'>>,
): Promise<WorkspaceRow> {
  const [row] = await db
    .update(workspaces)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(workspaces.id, id))
    .returning();
  return row!;
}
