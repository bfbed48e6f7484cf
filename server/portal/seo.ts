import type { ArticleView } from './article-page.ts';
import { articlePath } from './article-page.ts';
import type { Catalog, CategoryNode } from './catalog.ts';
import { escapeHtml } from './html.ts';
import type { PortalLocale } from './i18n.ts';
import { helpUrl, type Site } from './layout.ts';
import { categoryPath, faqPath } from './pages.ts';

interface Entry {
  loc: string;
  lastmod?: Date;
  /** Other-language versions of the same page. */
  alternates: { locale: PortalLocale; loc: string }[];
}

function categoryPaths(node: CategoryNode): string[][] {
  return node.children.flatMap((child) => [child.path, ...categoryPaths(child)]);
}

/**
 * The workspace's sitemap: home, every category and every published FAQ item
 * and article in each language, with `xhtml:link` alternates between
 * translations (Google's hreflang-in-sitemap form).
 */
export function renderSitemap(site: Site, catalog: Catalog, articles: Pick<ArticleView, 'slug' | 'locale' | 'updatedAt'>[]): string {
  const abs = (path: string, locale: PortalLocale) => `${site.origin}${helpUrl(site, path, locale)}`;
  const entries: Entry[] = [];
  const homes = site.locales.map((locale) => ({ locale, loc: abs('', locale) }));
  for (const home of homes) entries.push({ loc: home.loc, alternates: homes });
  for (const locale of site.locales) {
    for (const path of categoryPaths(catalog.tree(locale))) entries.push({ loc: abs(categoryPath(path), locale), alternates: [] });
    for (const item of catalog.items(locale)) {
      const alternates = catalog
        .translations(item.key)
        .map((r) => ({ locale: r.locale as PortalLocale, loc: abs(faqPath(r.key), r.locale as PortalLocale) }));
      entries.push({ loc: abs(faqPath(item.key), locale), lastmod: item.updatedAt, alternates: alternates.length > 1 ? alternates : [] });
    }
  }
  for (const article of articles) entries.push({ loc: abs(articlePath(article.slug), article.locale), lastmod: article.updatedAt, alternates: [] });
  const urls = entries.map(
    (e) =>
      `<url><loc>${escapeHtml(e.loc)}</loc>${e.lastmod ? `<lastmod>${e.lastmod.toISOString()}</lastmod>` : ''}${e.alternates
        .map((a) => `<xhtml:link rel="alternate" hreflang="${a.locale}" href="${escapeHtml(a.loc)}"/>`)
        .join('')}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${urls.join('\n')}
</urlset>
`;
}

/** robots.txt for the workspace's help center: everything but search results, and where the sitemap is. */
export function renderRobots(site: Site): string {
  const base = `/help/${encodeURIComponent(site.slug)}`;
  return `User-agent: *
Allow: ${base}/
Disallow: ${base}/search
Sitemap: ${site.origin}${base}/sitemap.xml
`;
}
