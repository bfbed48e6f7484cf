import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

/**
 * Reads a JSON Lines file and validates every line with `schema`. Blank lines
 * are skipped; a bad line fails the whole read with its file and line number,
 * so a broken dataset is found at once rather than half-scored.
 *
 * @example
 * const rows = await readJsonl('train.jsonl', z.object({ text: z.string(), label: z.string() }));
 */
export async function readJsonl<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>[]> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const rows: z.infer<T>[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      throw new Error(`${path}:${i + 1}: not JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${path}:${i + 1}: ${issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'invalid'}`);
    }
    rows.push(parsed.data);
  });
  return rows;
}
