import writeXlsxFile from 'write-excel-file/node';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { faqCells, fieldHeaders, importFields, splitCategory } from './import-columns.ts';
import { toCsv } from './import-csv.ts';
import { selectFaqsForExport } from './import-repo.ts';
import { faqStatuses, knowledgeLocales, type FaqRow } from './schema.ts';

export const exportQuery = z
  .object({
    format: z.enum(['csv', 'xlsx']).default('csv'),
    locale: z.enum(knowledgeLocales).optional(),
    status: z.enum(faqStatuses).optional(),
    category: z.string().trim().max(200).optional().describe('A category path (`Level 1 > Level 2`): items in it or below it'),
    headers: z.enum(knowledgeLocales).default('en').describe('The language of the header row; import reads both'),
  })
  .strict();
export type ExportQuery = z.infer<typeof exportQuery>;

export interface ExportFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * All FAQ items matching the filters as a CSV or XLSX file in the import
 * format (one row per item and locale), so `import(export(x))` gives `x` back.
 */
export async function exportFaqs(db: DbOrTx, workspaceId: string, query: ExportQuery): Promise<ExportFile> {
  const rows = inCategory(await selectFaqsForExport(db, workspaceId, query), query.category);
  const table = [importFields.map((f) => fieldHeaders[f][query.headers]), ...rows.map(faqCells)];
  const filename = `faq-${new Date().toISOString().slice(0, 10)}.${query.format}`;
  const data =
    query.format === 'csv'
      ? Buffer.from(toCsv(table), 'utf8')
      : await writeXlsxFile(table, { sheet: 'FAQ', columns: importFields.map((f) => ({ width: WIDTHS[f] })) }).toBuffer();
  return { filename, contentType: CONTENT_TYPES[query.format], data };
}

const WIDTHS: Record<(typeof importFields)[number], number> = {
  key: 24,
  locale: 8,
  status: 10,
  category: 30,
  question: 40,
  similar: 40,
  answer: 60,
  shortAnswer: 40,
  tags: 20,
};

/** Items whose category path starts with the given levels. */
function inCategory(rows: FaqRow[], category: string | undefined): FaqRow[] {
  const levels = category ? splitCategory(category) : [];
  if (levels.length === 0) return rows;
  return rows.filter((row) => levels.every((level, i) => row.category[i] === level));
}
