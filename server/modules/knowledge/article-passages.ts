import type { DbOrTx } from '../../db/client.ts';
import { splitPassages } from '../../nlu/passages.ts';
import { getWorkspace } from '../workspaces/index.ts';
import { selectPublishedArticles } from './article-repo.ts';
import type { ArticleRow } from './article-schema.ts';
import type { KnowledgeLocale } from './schema.ts';

/** One passage of a published article, as the bot and agent assist answer from it. */
export interface ArticlePassage {
  /** `<article id>#<passage index>`: stable until the article changes. */
  id: string;
  locale: KnowledgeLocale;
  articleKey: string;
  title: string;
  /** Section headings, outermost first ([] for the text before the first heading). */
  headings: string[];
  text: string;
  /** The section on the help center, absolute when KEFU_PUBLIC_URL is set. */
  url: string;
}

/**
 * The help-center address of an article, or of one of its sections: the one
 * place these links are built (bot answers, agent assist, the portal).
 *
 * @example articleUrl('demo-shop', 'return-policy', '退货条件') // '/help/demo-shop/articles/return-policy#%E9%80%80%E8%B4%A7%E6%9D%A1%E4%BB%B6'
 * @example articleUrl('demo-shop', 'return-policy', '', 'https://kefu.example.com/') // 'https://kefu.example.com/help/demo-shop/articles/return-policy'
 */
export function articleUrl(workspaceSlug: string, articleSlug: string, anchor = '', publicUrl = ''): string {
  const base = publicUrl.replace(/\/+$/, '');
  const hash = anchor ? `#${encodeURIComponent(anchor)}` : '';
  return `${base}/help/${encodeURIComponent(workspaceSlug)}/articles/${encodeURIComponent(articleSlug)}${hash}`;
}

/** The passages of some articles, each linked to its section. */
export function passagesOf(articles: readonly ArticleRow[], workspaceSlug: string, publicUrl?: string): ArticlePassage[] {
  return articles.flatMap((article) =>
    splitPassages(article.body).map((p) => ({
      id: `${article.id}#${p.index}`,
      locale: article.locale,
      articleKey: article.key,
      title: article.title,
      headings: p.headings,
      text: p.text,
      url: articleUrl(workspaceSlug, article.slug, p.anchor, publicUrl),
    })),
  );
}

/** Every published article's passages, for training the bot. */
export async function loadPublishedPassages(db: DbOrTx, workspaceId: string, publicUrl?: string): Promise<ArticlePassage[]> {
  const [workspace, articles] = await Promise.all([getWorkspace(db, workspaceId), selectPublishedArticles(db, workspaceId)]);
  return passagesOf(articles, workspace.slug, publicUrl);
}
