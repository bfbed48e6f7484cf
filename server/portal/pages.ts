import type { FaqRow } from '../modules/knowledge/index.ts';
import { itemsUnder, snippet, type Catalog, type CategoryNode, type SearchHit } from './catalog.ts';
import { markup, textParagraphs, type SafeHtml } from './html.ts';
import { otherLocale, portalStrings, type PortalLocale } from './i18n.ts';
import { breadcrumb, helpUrl, renderPage, segment, type Site } from './layout.ts';

export const categoryPath = (path: readonly string[]) => `/categories/${path.map(segment).join('/')}`;
export const faqPath = (key: string) => `/faq/${segment(key)}`;

function itemLink(site: Site, item: FaqRow): SafeHtml {
  return markup`<a href="${helpUrl(site, faqPath(item.key))}"${item.locale !== site.locale ? markup` lang="${item.locale}"` : ''}>${item.question}</a>`;
}

function categoryList(site: Site, nodes: CategoryNode[], depth = 0): SafeHtml | '' {
  if (nodes.length === 0) return '';
  const t = portalStrings(site.locale);
  return markup`<ul class="${depth === 0 ? 'tree' : 'sub'}">
    ${nodes.map(
      (n) =>
        markup`<li>
          <a href="${helpUrl(site, categoryPath(n.path))}">${n.name}</a>
          <span class="count">${t.items(n.total)}</span>${depth < 1 ? categoryList(site, n.children, depth + 1) : ''}
        </li>`,
    )}
  </ul>`;
}

/** The home page: search, the category tree, and popular items (most found helpful, then the first published). */
export function renderHome(site: Site, catalog: Catalog, popularKeys: readonly string[]): string {
  const t = portalStrings(site.locale);
  const tree = catalog.tree(site.locale);
  const popular = [...popularKeys.map((k) => catalog.item(k, site.locale)), ...catalog.items(site.locale)]
    .filter((item): item is FaqRow => item !== undefined)
    .filter((item, i, all) => all.findIndex((o) => o.key === item.key) === i)
    .slice(0, 8);
  const body = markup`<h1>${site.name} ${t.helpCenter}</h1>
    <div class="columns">
      <section aria-labelledby="hc-cats">
        <h2 id="hc-cats">${t.categories}</h2>
        ${categoryList(site, tree.children)}
        ${
          tree.items.length
            ? markup`<ul class="items">
                ${tree.items.map((i) => markup`<li>${itemLink(site, i)}</li>`)}
              </ul>`
            : ''
        }
      </section>
      <section aria-labelledby="hc-pop">
        <h2 id="hc-pop">${t.popular}</h2>
        <ol class="items">
          ${popular.map((i) => markup`<li>${itemLink(site, i)}</li>`)}
        </ol>
      </section>
    </div>`;
  return renderPage(site, { title: `${site.name} ${t.helpCenter}`, description: t.description(site.name), path: '', alternates: site.locales }, body);
}

/** A category: its sub-categories and every item in it and below. */
export function renderCategory(site: Site, catalog: Catalog, node: CategoryNode): string {
  const items = itemsUnder(node);
  const trail = node.path.map((name, i) => ({ label: name, href: helpUrl(site, categoryPath(node.path.slice(0, i + 1))) }));
  const body = markup`${breadcrumb(site, trail)}
    <h1>${node.name}</h1>
    ${categoryList(site, node.children)}
    <ul class="items cards">
      ${items.map(
        (i) =>
          markup`<li>
            ${itemLink(site, i)}
            <p>${snippet(i.answer)}</p>
          </li>`,
      )}
    </ul>`;
  const alternatePaths = translatedCategoryPaths(site, catalog, items, node.path.length);
  return renderPage(
    site,
    {
      title: node.name,
      description: `${node.path.join(' › ')}: ${items
        .slice(0, 3)
        .map((i) => i.question)
        .join(' ')}`.slice(0, 300),
      path: categoryPath(node.path),
      alternates: [site.locale, ...Object.keys(alternatePaths).filter((l) => l !== site.locale)] as PortalLocale[],
      alternatePaths,
    },
    body,
  );
}

/** The same category in the other language: the category of a translation of one of its items. */
function translatedCategoryPaths(site: Site, catalog: Catalog, items: FaqRow[], depth: number): Partial<Record<PortalLocale, string>> {
  const other = otherLocale(site.locale);
  if (!site.locales.includes(other)) return {};
  for (const item of items) {
    const translation = catalog.translations(item.key).find((r) => r.locale === other);
    if (translation && translation.category.length >= depth) {
      return { [other]: helpUrl(site, categoryPath(translation.category.slice(0, depth)), other) };
    }
  }
  return {};
}

/** Where the visitor is in the "was this helpful?" exchange on an item page. */
export type FeedbackState = 'ask' | 'thanks' | 'comment';

/** The "was this helpful?" box: two submit buttons in a plain form; after a "no", a comment form. */
export function feedbackBox(site: Site, action: string, state: FeedbackState): SafeHtml {
  const t = portalStrings(site.locale);
  if (state === 'thanks') return markup`<section class="feedback" id="feedback" aria-live="polite"><p>${t.thanks}</p></section>`;
  if (state === 'comment') {
    return markup`<section class="feedback" id="feedback" aria-live="polite">
      <p>${t.thanks}</p>
      <form method="post" action="${action}">
        <input type="hidden" name="helpful" value="no" /><input type="hidden" name="lang" value="${site.locale}" />
        <label for="hc-comment">${t.tellUs}</label><textarea id="hc-comment" name="comment" rows="3" maxlength="2000"></textarea>
        <button type="submit">${t.send}</button>
      </form>
    </section>`;
  }
  return markup`<section class="feedback" id="feedback" aria-labelledby="hc-fb">
    <h2 id="hc-fb">${t.helpful}</h2>
    <form method="post" action="${action}">
      <input type="hidden" name="lang" value="${site.locale}" /> <button type="submit" name="helpful" value="yes">${t.yes}</button>
      <button type="submit" name="helpful" value="no">${t.no}</button>
    </form>
  </section>`;
}

/** One FAQ item: question, answer, when it changed, "was this helpful?", and others from its category. */
export function renderFaq(site: Site, catalog: Catalog, item: FaqRow, feedback: FeedbackState): string {
  const t = portalStrings(site.locale);
  const trail = item.category.map((name, i) => ({
    label: name,
    href: helpUrl({ ...site, locale: item.locale }, categoryPath(item.category.slice(0, i + 1))),
  }));
  const node = item.category.length ? catalog.category(item.locale, item.category) : undefined;
  const related = (node ? itemsUnder(node) : []).filter((r) => r.key !== item.key).slice(0, 6);
  const action = `/help/${segment(site.slug)}${faqPath(item.key)}/feedback`;
  const body = markup`${breadcrumb(site, [...trail, { label: item.question }])}
    <article lang="${item.locale}">
      <h1>${item.question}</h1>
      <div class="answer">${textParagraphs(item.answer)}</div>
      <p class="meta">${t.updated} <time datetime="${item.updatedAt.toISOString()}">${item.updatedAt.toISOString().slice(0, 10)}</time></p>
    </article>
    ${feedbackBox(site, action, feedback)}
    ${
      related.length
        ? markup`<section aria-labelledby="hc-rel">
            <h2 id="hc-rel">${t.related}</h2>
            <ul class="items">
              ${related.map((r) => markup`<li>${itemLink(site, r)}</li>`)}
            </ul>
          </section>`
        : ''
    }`;
  const alternates = catalog.translations(item.key).map((r) => r.locale as PortalLocale);
  return renderPage(
    site,
    {
      title: item.question,
      description: snippet(item.answer),
      path: faqPath(item.key),
      alternates: alternates.includes(site.locale) ? alternates : [site.locale, ...alternates],
      type: 'article',
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'FAQPage',
        mainEntity: [{ '@type': 'Question', name: item.question, acceptedAnswer: { '@type': 'Answer', text: item.answer } }],
      },
    },
    body,
  );
}

/** Search results for `?q=`, rendered on the server so search works without JavaScript. */
export function renderSearch(site: Site, query: string, hits: SearchHit[]): string {
  const t = portalStrings(site.locale);
  const list = hits.length
    ? markup`<ol class="items cards results">
        ${hits.map(
          (h) =>
            markup`<li>
              ${itemLink(site, h.item)}
              <p>${h.snippet}</p>
            </li>`,
        )}
      </ol>`
    : markup`<p class="empty">${t.noResults}</p>`;
  const body = query
    ? markup`<h1>${t.results(query, hits.length)}</h1>
        ${list}`
    : markup`<h1>${t.searchButton}</h1>
        <p class="empty">${t.emptySearch}</p>`;
  return renderPage(
    site,
    {
      title: query ? t.results(query, hits.length) : t.searchButton,
      description: t.description(site.name),
      path: '/search',
      alternates: [site.locale],
      noindex: true,
    },
    body,
    { query },
  );
}

/** The 404 page, in the help center's look when the workspace is known. */
export function renderNotFound(site: Site): string {
  const t = portalStrings(site.locale);
  const body = markup`<h1>${t.notFound}</h1>
    <p>${t.notFoundBody}</p>
    <p><a href="${helpUrl(site)}">${t.backHome}</a></p>`;
  return renderPage(site, { title: t.notFound, description: t.notFoundBody, path: '', alternates: [site.locale], noindex: true }, body);
}
