import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, pageQuery, toPage } from '../../lib/pagination.ts';
import { isSystemActor, type Actor } from '../../lib/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { slugify } from '../../nlu/passages.ts';
import {
  deleteArticleRow,
  findArticle,
  findArticleBySlug,
  insertArticles,
  selectArticles,
  updateArticleRow,
  type ArticleInsert,
} from './article-repo.ts';
import { articleStatuses, type ArticleRow } from './article-schema.ts';
import { knowledgeLocales, type KnowledgeLocale } from './schema.ts';

/** Lower-case letters (any script, so Chinese slugs work) and digits, in dash-separated words. */
export const articleSlug = z
  .string()
  .max(80)
  .regex(/^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u, 'lower-case letters and digits in words joined by dashes');
const articleKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
export const articleCategory = z.array(z.string().trim().min(1).max(60)).max(3);
export const MAX_ARTICLE_BODY = 100_000;

export const articleCreate = z
  .object({
    key: articleKey.optional().describe('Links translations: articles with the same key in other locales; generated when omitted'),
    locale: z.enum(knowledgeLocales),
    slug: articleSlug.optional().describe('The address on the help center; made from the title when omitted'),
    title: z.string().trim().min(1).max(200),
    body: z.string().max(MAX_ARTICLE_BODY).describe('Markdown'),
    category: articleCategory.default([]),
    tags: z.array(z.string().trim().min(1).max(32)).max(20).default([]),
    status: z.enum(articleStatuses).default('draft'),
  })
  .strict();
export type ArticleCreate = z.infer<typeof articleCreate>;

export const articlePatch = articleCreate.omit({ key: true, locale: true }).partial().strict();

export const listArticlesQuery = pageQuery.extend({
  locale: z.enum(knowledgeLocales).optional(),
  status: z.enum(articleStatuses).optional(),
  category: z.string().max(200).optional().describe('Category path, levels joined by `/` (e.g. `售后服务/退换货`): the articles under it'),
  tag: z.string().max(32).optional(),
  q: z.string().trim().min(1).max(100).optional().describe('Words in the title or slug'),
});

/** A new article's slug: the one given, else the title's, else the key. */
function slugFor(item: ArticleCreate, key: string): string {
  return item.slug ?? (slugify(item.title, 80) || key);
}

/** Rows to insert for new articles (also used by the import and the demo seed). */
export function articleRows(workspaceId: string, items: ArticleCreate[], updatedBy: string | null): ArticleInsert[] {
  return items.map((item) => {
    const key = item.key ?? newId('article').slice(4).toLowerCase();
    return { ...item, workspaceId, id: newId('article'), key, slug: slugFor(item, key), updatedBy };
  });
}

export const updatedByOf = (actor: Actor) => (isSystemActor(actor) ? null : actor.principal.id);

export async function getArticle(db: DbOrTx, workspaceId: string, id: string): Promise<ArticleRow> {
  const row = await findArticle(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

/** Newest first, one page (`cursor` from the previous page's `nextCursor`). */
export async function listArticles(db: DbOrTx, workspaceId: string, query: z.infer<typeof listArticlesQuery>) {
  const rows = await selectArticles(db, workspaceId, {
    ...query,
    category: query.category?.split('/').filter(Boolean),
    before: decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  return toPage(rows, query.limit);
}

async function assertSlugFree(db: DbOrTx, workspaceId: string, locale: KnowledgeLocale, slug: string, self?: string): Promise<void> {
  const other = await findArticleBySlug(db, workspaceId, locale, slug);
  if (other && other.id !== self) throw appError('slug_taken', [{ path: ['slug'], message: `"${slug}" is used by ${other.id}` }]);
}

/** What an audit row keeps of an article: everything but the body, which is summarised by its length. */
export function auditedArticle(row: ArticleRow) {
  return {
    key: row.key,
    locale: row.locale,
    slug: row.slug,
    title: row.title,
    category: row.category,
    tags: row.tags,
    status: row.status,
    bodyLength: row.body.length,
  };
}

/** Add an article (audited); the bot retrains after the commit. A taken slug is `slug_taken`. */
export async function createArticle(ctx: AppContext, actor: Actor, item: ArticleCreate): Promise<ArticleRow> {
  const workspaceId = actor.principal.workspaceId;
  const [insert] = articleRows(workspaceId, [item], updatedByOf(actor));
  const row = await ctx.db.transaction(async (tx) => {
    await assertSlugFree(tx, workspaceId, item.locale, insert!.slug);
    const [created] = await insertArticles(tx, [insert!]);
    await recordAudit(tx, actor, { action: 'article.created', targetType: 'article', targetId: created!.id, after: auditedArticle(created!) });
    return created!;
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'article' });
  return row;
}

export async function updateArticle(ctx: AppContext, actor: Actor, id: string, patch: z.infer<typeof articlePatch>): Promise<ArticleRow> {
  const workspaceId = actor.principal.workspaceId;
  const row = await ctx.db.transaction(async (tx) => {
    const before = await getArticle(tx, workspaceId, id);
    if (patch.slug) await assertSlugFree(tx, workspaceId, before.locale, patch.slug, id);
    const after = (await updateArticleRow(tx, workspaceId, id, { ...patch, updatedBy: updatedByOf(actor) }))!;
    await recordAudit(tx, actor, {
      action: 'article.updated',
      targetType: 'article',
      targetId: id,
      before: auditedArticle(before),
      after: auditedArticle(after),
    });
    return after;
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'article' });
  return row;
}

export async function deleteArticle(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const workspaceId = actor.principal.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await getArticle(tx, workspaceId, id);
    await deleteArticleRow(tx, workspaceId, id);
    await recordAudit(tx, actor, { action: 'article.deleted', targetType: 'article', targetId: id, before: auditedArticle(before) });
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'article' });
}
