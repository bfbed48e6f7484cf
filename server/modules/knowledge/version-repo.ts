import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { faqVersions, type FaqVersionRow } from './schema.ts';

export type FaqVersionInsert = typeof faqVersions.$inferInsert;

export async function insertVersions(db: DbOrTx, rows: FaqVersionInsert[]): Promise<void> {
  if (rows.length > 0) await db.insert(faqVersions).values(rows);
}

/** An item's versions, newest first. */
export async function selectVersions(db: DbOrTx, workspaceId: string, faqId: string, limit: number): Promise<FaqVersionRow[]> {
  return db
    .select()
    .from(faqVersions)
    .where(and(eq(faqVersions.workspaceId, workspaceId), eq(faqVersions.faqId, faqId)))
    .orderBy(desc(faqVersions.version))
    .limit(limit);
}

export async function findVersion(db: DbOrTx, workspaceId: string, faqId: string, version: number): Promise<FaqVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(faqVersions)
    .where(and(eq(faqVersions.workspaceId, workspaceId), eq(faqVersions.faqId, faqId), eq(faqVersions.version, version)));
  return row;
}

/** Of these items, the ones with at least one version (items added before history or by bulk inserts have none). */
export async function faqsWithVersions(db: DbOrTx, workspaceId: string, faqIds: string[]): Promise<Set<string>> {
  if (faqIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ faqId: faqVersions.faqId })
    .from(faqVersions)
    .where(and(eq(faqVersions.workspaceId, workspaceId), inArray(faqVersions.faqId, faqIds)));
  return new Set(rows.map((r) => r.faqId));
}
