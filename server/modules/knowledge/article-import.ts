import MarkdownIt from 'markdown-it';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { inlineText, markdownParseOptions, slugify } from '../../nlu/passages.ts';
import { recordAudit } from '../audit/index.ts';
import { insertArticles, selectArticlesBySlugs, updateArticleRow } from './article-repo.ts';
import { articleStatuses, type ArticleRow } from './article-schema.ts';
import { articleCategory, articleRows, articleSlug, auditedArticle, MAX_ARTICLE_BODY, updatedByOf } from './article-service.ts';
import { knowledgeLocales, type KnowledgeLocale } from './schema.ts';

/**
 * Markdown-folder import: the console reads a folder (`<input webkitdirectory>`)
 * and sends every `.md` file with its relative path. A first folder named
 * `zh-CN` or `en` sets the locale; the other folders are the category path
 * (up to three levels); the first `# heading` is the title (else the file
 * name) and the file name the slug; new files of the same name in both
 * locales become translations of each other. An article with the same slug and locale
 * is updated. All or nothing: one bad file and nothing is written.
 */

export const MAX_IMPORT_FILES = 500;
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export const articleImport = z
  .object({
    files: z
      .array(z.object({ path: z.string().min(1).max(500), markdown: z.string().max(MAX_ARTICLE_BODY) }).strict())
      .min(1)
      .max(MAX_IMPORT_FILES),
    locale: z.enum(knowledgeLocales).default('zh-CN').describe('For files not under a `zh-CN/` or `en/` folder'),
    status: z.enum(articleStatuses).default('draft'),
    dryRun: z.boolean().default(false).describe('Check and preview only; nothing is written'),
  })
  .strict();
export type ArticleImport = z.infer<typeof articleImport>;

export interface ImportItem {
  path: string;
  locale: KnowledgeLocale;
  slug: string;
  title: string;
  category: string[];
  action: 'create' | 'update';
}
export interface ImportResult {
  dryRun: boolean;
  created: number;
  updated: number;
  items: ImportItem[];
  errors: { path: string; message: string }[];
}

interface Parsed extends ImportItem {
  body: string;
}

const parser = new MarkdownIt(markdownParseOptions);
const LOCALE_FOLDERS: Record<string, KnowledgeLocale> = { 'zh-cn': 'zh-CN', zh: 'zh-CN', en: 'en' };

/** Title (first h1, else the file name) and the body without that h1. */
function titleAndBody(markdown: string, fallback: string): { title: string; body: string } {
  const tokens = parser.parse(markdown, {});
  const at = tokens.findIndex((t) => t.type === 'heading_open' && t.tag === 'h1');
  if (at < 0 || !tokens[at]!.map) return { title: fallback, body: markdown.trim() };
  const [start, end] = tokens[at]!.map;
  const lines = markdown.split('\n');
  return { title: inlineText(tokens[at + 1]!) || fallback, body: [...lines.slice(0, start), ...lines.slice(end)].join('\n').trim() };
}

function parseFile(file: ArticleImport['files'][number], defaultLocale: KnowledgeLocale): Parsed | string {
  const parts = file.path.split(/[\\/]+/).filter((p) => p && p !== '.');
  const name = parts.pop() ?? '';
  if (parts.includes('..')) return 'the path must not contain ..';
  if (!/\.(md|markdown)$/i.test(name)) return 'not a Markdown file (.md)';
  const locale = LOCALE_FOLDERS[parts[0]?.toLowerCase() ?? ''];
  if (locale) parts.shift();
  const category = articleCategory.safeParse(parts.map((p) => p.normalize('NFC').trim()));
  if (!category.success) return 'folders nest deeper than three category levels, or a folder name is longer than 60 characters';
  const stem = name.replace(/\.(md|markdown)$/i, '').normalize('NFC');
  const { title, body } = titleAndBody(file.markdown.replace(/\r\n?/g, '\n'), stem.trim());
  if (!body) return 'the file has no text besides its title';
  const slug = articleSlug.safeParse(slugify(stem, 80) || slugify(title, 80));
  if (!slug.success) return 'no slug can be made from the file name or the title';
  return {
    path: file.path,
    locale: locale ?? defaultLocale,
    slug: slug.data,
    title: title.slice(0, 200),
    category: category.data,
    action: 'create',
    body,
  };
}

/** Parse every file; errors per file, and two files with one slug in one locale are both errors. */
function parseAll(input: ArticleImport): { parsed: Parsed[]; errors: ImportResult['errors'] } {
  const parsed: Parsed[] = [];
  const errors: ImportResult['errors'] = [];
  const seen = new Map<string, string>();
  for (const file of input.files) {
    const result = parseFile(file, input.locale);
    if (typeof result === 'string') errors.push({ path: file.path, message: result });
    else if (seen.has(`${result.locale}\u0000${result.slug}`))
      errors.push({ path: file.path, message: `same slug "${result.slug}" as ${seen.get(`${result.locale}\u0000${result.slug}`)}` });
    else {
      seen.set(`${result.locale}\u0000${result.slug}`, file.path);
      parsed.push(result);
    }
  }
  return { parsed, errors };
}

/** Preview (dryRun) or import a folder of Markdown files in one transaction; audited per article; the bot retrains after. */
export async function importArticles(ctx: AppContext, actor: Actor, input: ArticleImport): Promise<ImportResult> {
  const workspaceId = actor.principal.workspaceId;
  const { parsed, errors } = parseAll(input);
  if (errors.length && !input.dryRun) throw appError('import_invalid', errors);
  const result = await ctx.db.transaction(async (tx) => {
    const existing = new Map<string, ArticleRow>();
    for (const locale of knowledgeLocales) {
      const slugs = parsed.filter((p) => p.locale === locale).map((p) => p.slug);
      for (const row of await selectArticlesBySlugs(tx, workspaceId, locale, slugs)) existing.set(`${locale}\u0000${row.slug}`, row);
    }
    for (const p of parsed) if (existing.has(`${p.locale}\u0000${p.slug}`)) p.action = 'update';
    if (!input.dryRun) await writeImport(tx, actor, parsed, existing, input.status);
    const items = parsed.map(({ body: _body, ...item }) => item);
    const created = items.filter((i) => i.action === 'create').length;
    return { dryRun: input.dryRun, created, updated: items.length - created, items, errors };
  });
  if (!input.dryRun) ctx.bus.emit('knowledge.changed', { workspaceId, what: 'article' });
  return result;
}

/** Insert the new articles and update the existing ones, each with its audit row, inside the caller's transaction. */
async function writeImport(tx: DbOrTx, actor: Actor, parsed: Parsed[], existing: Map<string, ArticleRow>, status: ArticleImport['status']) {
  const workspaceId = actor.principal.workspaceId;
  const by = updatedByOf(actor);
  // New files with the same name (slug) in both locales are translations of each other: one key.
  const keys = new Map<string, string>();
  const keyFor = (slug: string) => keys.get(slug) ?? keys.set(slug, newId('article').slice(4).toLowerCase()).get(slug)!;
  for (const p of parsed) {
    const before = existing.get(`${p.locale}\u0000${p.slug}`);
    const fields = { title: p.title, body: p.body, category: p.category, tags: [], status };
    if (before) {
      const after = (await updateArticleRow(tx, workspaceId, before.id, { ...fields, tags: before.tags, updatedBy: by }))!;
      await recordAudit(tx, actor, {
        action: 'article.updated',
        targetType: 'article',
        targetId: after.id,
        before: auditedArticle(before),
        after: { ...auditedArticle(after), via: 'import' },
      });
    } else {
      const [created] = await insertArticles(tx, articleRows(workspaceId, [{ ...fields, locale: p.locale, slug: p.slug, key: keyFor(p.slug) }], by));
      await recordAudit(tx, actor, {
        action: 'article.created',
        targetType: 'article',
        targetId: created!.id,
        after: { ...auditedArticle(created!), via: 'import' },
      });
    }
  }
}
