import { markup, jsonScript, type SafeHtml } from './html.ts';
import { otherLocale, portalStrings, type PortalLocale } from './i18n.ts';

/** Where one help center lives and how its pages link to each other. */
export interface Site {
  /** Absolute origin for canonical and Open Graph URLs (`KEFU_PUBLIC_URL`, else the request's host). */
  origin: string;
  slug: string;
  name: string;
  locale: PortalLocale;
  /** Locales the workspace publishes in. */
  locales: readonly PortalLocale[];
  /** The workspace's widget inbox, when it has one the help center may embed. */
  widgetInboxId: string | null;
  /** Cache-busting version of the CSS and script. */
  assetVersion: string;
}

/** What one page says about itself for search engines and link previews. */
export interface PageMeta {
  title: string;
  description: string;
  /** Path of this page without `?lang=` (`/help/demo-shop/faq/refund-time`). */
  path: string;
  /** The locales this page exists in (translations); the current one is always included. */
  alternates: readonly PortalLocale[];
  /** Path per locale when translations live at different paths (category names differ per language). */
  alternatePaths?: Partial<Record<PortalLocale, string>>;
  type?: 'website' | 'article';
  /** Structured data (schema.org) for rich results. */
  jsonLd?: unknown;
  /** Search pages and error pages stay out of the index. */
  noindex?: boolean;
}

/** `/help/<slug>` plus a path and the page's language, the form every internal link takes. */
export function helpUrl(
  site: Pick<Site, 'slug' | 'locale'>,
  path = '',
  locale: PortalLocale = site.locale,
  query: Record<string, string> = {},
): string {
  const params = new URLSearchParams({ ...query, lang: locale });
  return `/help/${encodeURIComponent(site.slug)}${path}?${params}`;
}

/** A path segment for a category name or key, safe inside a URL. */
export const segment = (value: string) => encodeURIComponent(value);

function head(site: Site, meta: PageMeta): SafeHtml {
  const t = portalStrings(site.locale);
  const abs = (locale: PortalLocale) => `${site.origin}${meta.alternatePaths?.[locale] ?? helpUrl(site, meta.path, locale)}`;
  const fullTitle = meta.path === '' ? `${site.name} ${t.helpCenter}` : `${meta.title} · ${site.name} ${t.helpCenter}`;
  const v = encodeURIComponent(site.assetVersion);
  return markup`<meta charset="utf-8" />
    <meta name="viewport" content="width=device-width,initial-scale=1" />
    <title>${fullTitle}</title>
    <meta name="description" content="${meta.description}" />
    ${meta.noindex ? markup`<meta name="robots" content="noindex" />` : markup`<link rel="canonical" href="${abs(site.locale)}" />`}
    ${meta.alternates.length > 1 ? meta.alternates.map((l) => markup`<link rel="alternate" hreflang="${l}" href="${abs(l)}" /> `) : ''}
    <meta property="og:type" content="${meta.type ?? 'website'}" />
    <meta property="og:site_name" content="${site.name} ${t.helpCenter}" />
    <meta property="og:title" content="${meta.title}" />
    <meta property="og:description" content="${meta.description}" />
    <meta property="og:url" content="${abs(site.locale)}" />
    <meta property="og:locale" content="${site.locale.replace('-', '_')}" />
    <link rel="icon" href="/favicon.svg" />
    <link rel="stylesheet" href="/help/_assets/help.css?v=${v}" />
    <script src="/help/_assets/help.js?v=${v}" defer></script>
    ${meta.jsonLd ? markup`<script type="application/ld+json">${jsonScript(meta.jsonLd)}</script>` : ''}`;
}

/** The search form: a plain GET form that works without JavaScript; help.js adds suggestions as you type. */
export function searchForm(site: Site, query = ''): SafeHtml {
  const t = portalStrings(site.locale);
  const action = `/help/${encodeURIComponent(site.slug)}/search`;
  const api = `/api/v1/public/help/${encodeURIComponent(site.slug)}/search`;
  return markup`<form class="search" role="search" action="${action}" method="get" data-api="${api}" data-no-results="${t.noResults}" data-suggestions="${t.suggestions}">
    <label class="sr-only" for="hc-q">${t.searchLabel}</label>
    <div class="search-box">
      <input id="hc-q" name="q" type="search" value="${query}" placeholder="${t.searchPlaceholder}" autocomplete="off" maxlength="200" required />
      <input type="hidden" name="lang" value="${site.locale}" /><button type="submit">${t.searchButton}</button>
    </div>
  </form>`;
}

/** Home › a › b, as a breadcrumb list. */
export function breadcrumb(site: Site, trail: { label: string; href?: string }[]): SafeHtml {
  const t = portalStrings(site.locale);
  const all = [{ label: t.home, href: helpUrl(site) }, ...trail];
  return markup`<nav class="crumbs" aria-label="breadcrumb">
    <ol>
      ${all.map((c, i) =>
        c.href && i < all.length - 1 ? markup`<li><a href="${c.href}">${c.label}</a></li>` : markup`<li aria-current="page">${c.label}</li>`,
      )}
    </ol>
  </nav>`;
}

/**
 * A whole help center page: head with title, description, canonical,
 * hreflang alternates and Open Graph; header with the language switch and
 * search; the page body; the chat widget.
 */
export function renderPage(site: Site, meta: PageMeta, body: SafeHtml, options: { query?: string } = {}): string {
  const t = portalStrings(site.locale);
  const other = otherLocale(site.locale);
  const switchHref = meta.alternatePaths?.[other] ?? helpUrl(site, meta.alternates.includes(other) ? meta.path : '', other);
  const switcher = site.locales.includes(other)
    ? markup`<a class="lang" href="${switchHref}" hreflang="${other}" lang="${other}">${t.otherLang}</a>`
    : '';
  const widget = site.widgetInboxId
    ? markup`<script src="/widget/kefu-widget.js" data-inbox="${site.widgetInboxId}" data-locale="${site.locale}" async></script>`
    : '';
  return `<!doctype html>
${markup`<html lang="${site.locale}">
  <head>
    ${head(site, meta)}
  </head>
  <body>
    <a class="skip" href="#main">${site.locale === 'en' ? 'Skip to content' : '跳到正文'}</a>
    <header class="top">
      <div class="wrap">
        <a class="brand" href="${helpUrl(site)}">${site.name} <span>${t.helpCenter}</span></a>${switcher}
      </div>
    </header>
    <div class="hero"><div class="wrap">${searchForm(site, options.query)}</div></div>
    <main id="main" class="wrap">${body}</main>
    <footer class="wrap">
      <p>${t.contact}</p>
      <p><a href="${helpUrl(site, '/tickets/new')}">${t.submitTicket}</a> · <a href="${helpUrl(site, '/tickets')}">${t.myTickets}</a></p>
    </footer>
    ${widget}
  </body>
</html>`}
`;
}
