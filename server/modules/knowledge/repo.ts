import { and, asc, eq, gt, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { faqItems, type FaqRow, type FaqStatus, type KnowledgeLocale } from './schema.ts';

export interface FaqFilter {
  locale?: KnowledgeLocale;
  status?: FaqStatus;
  /** Words anywhere in the question, similar questions or answer. */
  q?: string;
  /** A category path prefix: the items of this category and its subcategories. */
  category?: string[];
  after?: string;
  limit: number;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** `category` starts with `path` (path non-empty). */
export function categoryUnder(path: string[]): SQL {
  const literal = sql.join(
    path.map((p) => sql`${p}`),
    sql`, `,
  );
  return sql`${faqItems.category}[1:${path.length}] = array[${literal}]::text[]`;
}

/** Published, and inside its validity dates at `now`. */
function answering(now: Date): SQL {
  return and(
    eq(faqItems.status, 'published'),
    or(isNull(faqItems.validFrom), lte(faqItems.validFrom, now)),
    or(isNull(faqItems.validUntil), gt(faqItems.validUntil, now)),
  )!;
}

export async function findFaq(db: DbOrTx, workspaceId: string, id: string, options: { lock?: boolean } = {}): Promise<FaqRow | undefined> {
  const query = db
    .select()
    .from(faqItems)
    .where(and(eq(faqItems.workspaceId, workspaceId), eq(faqItems.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function selectFaqs(db: DbOrTx, workspaceId: string, filter: FaqFilter): Promise<FaqRow[]> {
  const pattern = filter.q ? likePattern(filter.q) : undefined;
  return db
    .select()
    .from(faqItems)
    .where(
      and(
        eq(faqItems.workspaceId, workspaceId),
        filter.locale ? eq(faqItems.locale, filter.locale) : undefined,
        filter.status ? eq(faqItems.status, filter.status) : undefined,
        filter.category?.length ? categoryUnder(filter.category) : undefined,
        pattern
          ? or(
              sql`${faqItems.question} ilike ${pattern}`,
              sql`${faqItems.answer} ilike ${pattern}`,
              sql`array_to_string(${faqItems.similar}, ' ') ilike ${pattern}`,
            )
          : undefined,
        filter.after ? gt(faqItems.id, filter.after) : undefined,
      ),
    )
    .orderBy(asc(faqItems.id))
    .limit(filter.limit);
}

/** Every item that answers customers at `now` (published, inside its validity), for training (bounded: 50,000 items). */
export async function selectPublishedFaqs(db: DbOrTx, workspaceId: string, now = new Date()): Promise<FaqRow[]> {
  return db
    .select()
    .from(faqItems)
    .where(and(eq(faqItems.workspaceId, workspaceId), answering(now)))
    .orderBy(asc(faqItems.id))
    .limit(50_000);
}

/** The next moment after `now` when a published item starts or stops answering (null: none planned). */
export async function nextValidityChange(db: DbOrTx, workspaceId: string, now = new Date()): Promise<Date | null> {
  const [row] = await db
    .select({
      at: sql<Date | null>`least(min(${faqItems.validFrom}) filter (where ${faqItems.validFrom} > ${now}),
                                 min(${faqItems.validUntil}) filter (where ${faqItems.validUntil} > ${now}))`.mapWith((v) =>
        v === null ? null : new Date(v as string),
      ),
    })
    .from(faqItems)
    .where(and(eq(faqItems.workspaceId, workspaceId), eq(faqItems.status, 'published')));
  return row?.at ?? null;
}

/** The other locales' items with the same key. */
export async function selectTranslations(db: DbOrTx, workspaceId: string, row: Pick<FaqRow, 'id' | 'key'>): Promise<FaqRow[]> {
  return db
    .select()
    .from(faqItems)
    .where(and(eq(faqItems.workspaceId, workspaceId), eq(faqItems.key, row.key), ne(faqItems.id, row.id)))
    .orderBy(asc(faqItems.locale));
}

/** How many items each category path holds. */
export async function countByCategory(db: DbOrTx, workspaceId: string, locale?: KnowledgeLocale): Promise<{ category: string[]; count: number }[]> {
  return db
    .select({ category: faqItems.category, count: sql<number>`count(*)::int` })
    .from(faqItems)
    .where(and(eq(faqItems.workspaceId, workspaceId), locale ? eq(faqItems.locale, locale) : undefined))
    .groupBy(faqItems.category);
}

/** The items of a category and its subcategories, locked for a bulk change. */
export async function lockFaqsInCategory(db: DbOrTx, workspaceId: string, path: string[], locale?: KnowledgeLocale): Promise<FaqRow[]> {
  return db
    .select()
    .from(faqItems)
    .where(and(eq(faqItems.workspaceId, workspaceId), categoryUnder(path), locale ? eq(faqItems.locale, locale) : undefined))
    .orderBy(asc(faqItems.id))
    .for('update');
}

export async function insertFaqs(db: DbOrTx, rows: (typeof faqItems.$inferInsert)[]): Promise<FaqRow[]> {
  if (rows.length === 0) return [];
  return db.insert(faqItems).values(rows).returning();
}

export type FaqFields = Pick<
  FaqRow,
  'question' | 'similar' | 'answer' | 'shortAnswer' | 'category' | 'tags' | 'status' | 'validFrom' | 'validUntil' | 'version'
>;

export async function updateFaqRow(db: DbOrTx, workspaceId: string, id: string, patch: Partial<FaqFields>): Promise<FaqRow | undefined> {
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
