import type { AppContext } from '../context.ts';
import { findArticleBySlug, renderArticle, selectPublishedArticles, type ArticleRow } from '../modules/knowledge/index.ts';
import type { ArticleSource, ArticleView } from './article-page.ts';
import type { PortalLocale } from './i18n.ts';

const LOCALES: PortalLocale[] = ['zh-CN', 'en'];

/** The knowledge module's published articles, as the help center shows them (drafts and archived ones are not found). */
export function knowledgeArticles(ctx: AppContext): ArticleSource {
  const published = (row: ArticleRow | undefined): row is ArticleRow => row?.status === 'published';
  return {
    async find(workspaceId, slug, locale): Promise<ArticleView | undefined> {
      const rows = await Promise.all(LOCALES.map((l) => findArticleBySlug(ctx.db, workspaceId, l, slug)));
      const row = rows[LOCALES.indexOf(locale)];
      if (!published(row)) return undefined;
      const { html, headings } = renderArticle(row.body);
      return {
        slug: row.slug,
        locale,
        title: row.title,
        html,
        headings,
        category: row.category,
        updatedAt: row.updatedAt,
        translations: LOCALES.filter((_, i) => published(rows[i])),
      };
    },
    async list(workspaceId) {
      const rows = await selectPublishedArticles(ctx.db, workspaceId);
      return rows.map((r) => ({ slug: r.slug, locale: r.locale, updatedAt: r.updatedAt }));
    },
  };
}
