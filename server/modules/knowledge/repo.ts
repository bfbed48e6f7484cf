import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { faqItems, type FaqRow, type FaqStatus, type KnowledgeLocale } from './schema.ts';

export async function findFaq(db: DbOrTx, workspaceId: string, id: string): Promise<FaqRow | undefined> {
  const [row] = await db
    .select()
    .from(faqItems)
    .where(and(eq(faqItems.workspaceId, workspaceId), eq(faqItems.id, id)));
  return row;
}

export async function selectFaqs(
  db: DbOrTx,
  workspaceId: string,
  filter: { locale?: KnowledgeLocale; status?: FaqStatus; after?: string; limit: number },
): Promise<FaqRow[]> {
  return db
    .select()
    .from(faqItems)
    .where(
      and(
        eq(faqItems.workspaceId, workspaceId),
        filter.locale ? eq(faqItems.locale, filter.locale) : undefined,
        filter.status ? eq(faqItems.status, filter.status) : undefined,
        filter.after ? gt(faqItems.id, filter.after) : undefined,
      ),
    )
    .orderBy(asc(faqItems.id))
    .limit(filter.limit);
}

/** Every published item of a workspace, for training (bounded: 50,000 items). */
export async function selectPublishedFaqs(db: DbOrTx, workspaceId: string): Promise<FaqRow[]> {
  return db
    .select()
    .from(faqItems)
    .where(and(eq(faqItems.workspaceId, workspaceId), eq(faqItems.status, 'published')))
    .orderBy(asc(faqItems.id))
    .limit(50_000);
}

export async function insertFaqs(db: DbOrTx, rows: (typeof faqItems.$inferInsert)[]): Promise<FaqRow[]> {
  if (rows.length === 0) return [];
  return db.insert(faqItems).values(rows).returning();
}

export async function updateFaqRow(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<FaqRow, 'question' | 'similar' | 'answer' | 'shortAnswer' | 'category' | 'tags' | 'status'>>,
): Promise<FaqRow | undefined> {
  const [row] = await db
    .update(faqItems)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(faqItems.workspaceId, workspaceId), eq(faqItems.id, id)))
    .returning();
  return row;
}

export async function deleteFaqRows(db: DbOrTx, workspaceId: string, ids: string[]): Promise<number> {
  const rows = await db
    .delete(faqItems)
    .where(and(eq(faqItems.workspaceId, workspaceId), inArray(faqItems.id, ids)))
    .returning({ id: faqItems.id });
  return rows.length;
}
