import { and, arrayContains, desc, eq, ilike, inArray, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { kbArticles, type ArticleRow, type ArticleStatus } from './article-schema.ts';
import type { KnowledgeLocale } from './schema.ts';

export type ArticleInsert = typeof kbArticles.$inferInsert;
export type ArticlePatch = Partial<Pick<ArticleRow, 'slug' | 'title' | 'body' | 'category' | 'tags' | 'status'>>;

export interface ArticleFilter {
  locale?: KnowledgeLocale;
  status?: ArticleStatus;
  /** Articles whose category path starts with these levels. */
  category?: string[];
  tag?: string;
  /** Words in the title or the slug. */
  q?: string;
  /** Keyset: ids older than this one (newest first). */
  before?: string;
  limit: number;
}

export async function findArticle(db: DbOrTx, workspaceId: string, id: string): Promise<ArticleRow | undefined> {
  const [row] = await db
    .select()
    .from(kbArticles)
    .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.id, id)));
  return row;
}

export async function findArticleBySlug(db: DbOrTx, workspaceId: string, locale: KnowledgeLocale, slug: string): Promise<ArticleRow | undefined> {
  const [row] = await db
    .select()
    .from(kbArticles)
    .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.locale, locale), eq(kbArticles.slug, slug)));
  return row;
}

/** Newest first; `limit` rows (callers ask for one more to learn whether a next page exists). */
export async function selectArticles(db: DbOrTx, workspaceId: string, filter: ArticleFilter): Promise<ArticleRow[]> {
  const category = filter.category?.length
    ? sql`${kbArticles.category}[1:${filter.category.length}] = ${sql.param(filter.category)}::text[]`
    : undefined;
  const q = filter.q && `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
  return db
    .select()
    .from(kbArticles)
    .where(
      and(
        eq(kbArticles.workspaceId, workspaceId),
        filter.locale ? eq(kbArticles.locale, filter.locale) : undefined,
        filter.status ? eq(kbArticles.status, filter.status) : undefined,
        filter.tag ? arrayContains(kbArticles.tags, [filter.tag]) : undefined,
        q ? or(ilike(kbArticles.title, q), ilike(kbArticles.slug, q)) : undefined,
        category,
        filter.before ? lt(kbArticles.id, filter.before) : undefined,
      ),
    )
    .orderBy(desc(kbArticles.id))
    .limit(filter.limit);
}

/** Every published article of a workspace, for the bot (bounded: 5,000 articles). */
export async function selectPublishedArticles(db: DbOrTx, workspaceId: string): Promise<ArticleRow[]> {
  return db
    .select()
    .from(kbArticles)
    .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.status, 'published')))
    .orderBy(kbArticles.id)
    .limit(5_000);
}

/** Articles with these slugs in one locale (the import's existing ones). */
export async function selectArticlesBySlugs(db: DbOrTx, workspaceId: string, locale: KnowledgeLocale, slugs: string[]): Promise<ArticleRow[]> {
  if (slugs.length === 0) return [];
  return db
    .select()
    .from(kbArticles)
    .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.locale, locale), inArray(kbArticles.slug, slugs)));
}

/** Whether an article of the workspace (only a published one with `published`) links to this attachment. */
export async function articleUses(db: DbOrTx, workspaceId: string, attachmentId: string, { published = false } = {}): Promise<boolean> {
  const [row] = await db
    .select({ id: kbArticles.id })
    .from(kbArticles)
    .where(
      and(
        eq(kbArticles.workspaceId, workspaceId),
        published ? eq(kbArticles.status, 'published') : undefined,
        sql`strpos(${kbArticles.body}, ${`/${attachmentId}`}) > 0`,
      ),
    )
    .limit(1);
  return !!row;
}

export async function insertArticles(db: DbOrTx, rows: ArticleInsert[]): Promise<ArticleRow[]> {
  if (rows.length === 0) return [];
  return db.insert(kbArticles).values(rows).returning();
}

export async function updateArticleRow(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: ArticlePatch & { updatedBy: string | null },
): Promise<ArticleRow | undefined> {
  const [row] = await db
    .update(kbArticles)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.id, id)))
    .returning();
  return row;
}

export async function deleteArticleRow(db: DbOrTx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(kbArticles)
    .where(and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.id, id)))
    .returning({ id: kbArticles.id });
  return rows.length > 0;
}
