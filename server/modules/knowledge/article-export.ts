import { strToU8, zipSync } from 'fflate';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { MAX_IMPORT_FILES } from './article-import.ts';
import { selectArticles } from './article-repo.ts';
import { articleStatuses } from './article-schema.ts';
import { knowledgeLocales } from './schema.ts';

export const articleExportQuery = z
  .object({
    format: z.enum(['zip', 'json']).default('zip'),
    locale: z.enum(knowledgeLocales).optional(),
    status: z.enum(articleStatuses).optional(),
  })
  .strict();

/** A folder name that is safe in a zip and on every file system, keeping Chinese. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a path
const segment = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || '_';

/**
 * A workspace's articles as the Markdown-folder import reads them:
 * `<locale>/<category…>/<slug>.md`, the title as the first `# heading`.
 * Importing the export gives the same articles back (translations stay
 * linked: they share the file name). As a zip, or `{ files }` — the body
 * `POST /articles/import` takes.
 */
export async function exportArticles(db: DbOrTx, workspaceId: string, query: z.infer<typeof articleExportQuery>) {
  const rows = await selectArticles(db, workspaceId, { ...query, limit: MAX_IMPORT_FILES });
  const files = rows
    .map((r) => ({ path: [r.locale, ...r.category.map(segment), `${r.slug}.md`].join('/'), markdown: `# ${r.title}\n\n${r.body}\n` }))
    .sort((a, b) => a.path.localeCompare(b.path));
  if (query.format === 'json') return { contentType: 'application/json', filename: 'articles.json', data: { files } };
  const zip = zipSync(Object.fromEntries(files.map((f) => [f.path, strToU8(f.markdown)])));
  return { contentType: 'application/zip', filename: 'articles.zip', data: Buffer.from(zip) };
}
