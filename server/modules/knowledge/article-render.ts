import MarkdownIt from 'markdown-it';
import { headingAnchors, inlineText, markdownParseOptions } from '../../nlu/passages.ts';

/**
 * The one Markdown → HTML renderer for articles (console preview, help
 * center pages). Raw HTML in the Markdown is shown as text, links and images
 * only go to http(s), mail, phone or same-site addresses, and every heading
 * gets the id its passages link to (`#<anchor>`).
 */

/** Same-site paths, fragments, and http(s)/mailto/tel: everything else (javascript:, data:, file:…) is dropped. */
const SAFE_LINK = /^(?:https?:\/\/|mailto:|tel:|\/(?!\/)|#|\.{0,2}\/|[^:/?#]+(?:[/?#]|$))/i;
const SAFE_IMAGE = /^(?:https?:\/\/|\/(?!\/))/i;

const md = new MarkdownIt({ ...markdownParseOptions, typographer: false });
md.validateLink = (url) => SAFE_LINK.test(url.trim());

md.core.ruler.push('heading_anchors', (state) => {
  const anchors = headingAnchors(state.tokens);
  let i = 0;
  for (const token of state.tokens) if (token.type === 'heading_open') token.attrSet('id', anchors[i++]!);
});

const renderLink = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const href = tokens[idx]!.attrGet('href')?.toString() ?? '';
  // Links that leave the site must not pass the page's authority or window to it.
  if (/^https?:\/\//i.test(href)) tokens[idx]!.attrSet('rel', 'nofollow noopener noreferrer');
  return renderLink(tokens, idx, options, env, self);
};

const renderImage = md.renderer.rules.image!;
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  if (!SAFE_IMAGE.test(token.attrGet('src')?.toString() ?? '')) return md.utils.escapeHtml(token.content);
  token.attrSet('loading', 'lazy');
  return renderImage(tokens, idx, options, env, self);
};

/**
 * Renders an article's Markdown to HTML that is safe to put in a page.
 *
 * @example renderArticleHtml('## 退货条件\n签收 7 天内') // '<h2 id="退货条件">退货条件</h2>\n<p>签收 7 天内</p>\n'
 */
export function renderArticleHtml(markdown: string): string {
  return md.render(markdown);
}

/** A rendered article and its headings (for a table of contents; `id` is the heading's anchor). */
export interface RenderedArticle {
  html: string;
  headings: { id: string; text: string; level: number }[];
}

/** Like `renderArticleHtml`, parsing once and also returning the headings. */
export function renderArticle(markdown: string): RenderedArticle {
  const env = {};
  const tokens = md.parse(markdown, env);
  const headings = tokens.flatMap((token, i) =>
    token.type === 'heading_open'
      ? [{ id: token.attrGet('id')?.toString() ?? '', text: inlineText(tokens[i + 1]!), level: Number(token.tag.slice(1)) }]
      : [],
  );
  return { html: md.renderer.render(tokens, md.options, env), headings };
}
