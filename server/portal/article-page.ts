import { markup, trustedHtml } from './html.ts';
import { portalStrings, type PortalLocale } from './i18n.ts';
import { breadcrumb, helpUrl, renderPage, segment, type Site } from './layout.ts';
import { categoryPath, feedbackBox, type FeedbackState } from './pages.ts';

/** What the help center needs to show one article (Markdown already rendered by the articles module). */
export interface ArticleView {
  slug: string;
  locale: PortalLocale;
  title: string;
  /**
   * The body as HTML from the articles module's Markdown renderer. It must be
   * rendered with raw HTML disabled (markdown-it `html: false`) and safe link
   * schemes only: it is inserted as is.
   */
  html: string;
  /** Section headings for the table of contents; `id` is the anchor the renderer put on the heading. */
  headings: { id: string; text: string; level: number }[];
  category: string[];
  updatedAt: Date;
  /** Locales this article is published in (its translations share the slug). */
  translations?: PortalLocale[];
}

/**
 * Where the help center reads articles from: the knowledge module's
 * published articles in the app (article-source.ts); none by default, so
 * that the portal's own tests need no articles.
 */
export interface ArticleSource {
  find(workspaceId: string, slug: string, locale: PortalLocale): Promise<ArticleView | undefined>;
  /** Every published article (slug, locale, updatedAt) for the sitemap. */
  list(workspaceId: string): Promise<Pick<ArticleView, 'slug' | 'locale' | 'updatedAt'>[]>;
}

export const noArticles: ArticleSource = {
  find: async () => undefined,
  list: async () => [],
};

export const articlePath = (slug: string) => `/articles/${segment(slug)}`;

/** An article page: breadcrumb, title, table of contents, body, "was this helpful?". */
export function renderArticlePage(site: Site, article: ArticleView, feedback: FeedbackState): string {
  const t = portalStrings(site.locale);
  const trail = article.category.map((name, i) => ({ label: name, href: helpUrl(site, categoryPath(article.category.slice(0, i + 1))) }));
  const toc = article.headings.filter((h) => h.level <= 3);
  const action = `/help/${segment(site.slug)}${articlePath(article.slug)}/feedback`;
  const body = markup`${breadcrumb(site, [...trail, { label: article.title }])}
    <article lang="${article.locale}">
      <h1>${article.title}</h1>
      <p class="meta">${t.updated} <time datetime="${article.updatedAt.toISOString()}">${article.updatedAt.toISOString().slice(0, 10)}</time></p>
      ${
        toc.length > 1
          ? markup`<nav class="toc" aria-label="${t.contents}">
              <h2>${t.contents}</h2>
              <ol>
                ${toc.map((h) => markup`<li class="l${h.level}"><a href="#${h.id}">${h.text}</a></li>`)}
              </ol>
            </nav>`
          : ''
      }
      <div class="answer">${trustedHtml(article.html)}</div>
    </article>
    ${feedbackBox(site, action, feedback)}`;
  const translations = article.translations ?? [article.locale];
  return renderPage(
    site,
    {
      title: article.title,
      description: article.html
        .replace(/<[^>]*>|&[a-z0-9#]+;/gi, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 160),
      path: articlePath(article.slug),
      alternates: translations.includes(site.locale) ? translations : [site.locale, ...translations],
      type: 'article',
    },
    body,
  );
}
