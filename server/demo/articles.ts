import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The demo help-center articles: Markdown under server/demo/articles/<locale>/<category…>/<slug>.md, written by the Kefu team. */
export const DEMO_ARTICLES_DIR = fileURLToPath(new URL('./articles/', import.meta.url));

/**
 * Every demo article as the folder import takes it: the path relative to the
 * articles folder (locale first, then the category folders) and the Markdown.
 *
 * @example readDemoArticles()[0] // { path: 'en/After-sales/Returns & refunds/return-policy.md', markdown: '# Return and exchange policy…' }
 */
export function readDemoArticles(dir = DEMO_ARTICLES_DIR): { path: string; markdown: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => ({ path: file.split(path.sep).join('/'), markdown: readFileSync(path.join(dir, file), 'utf8') }));
}
