import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import type { Actor } from '../../lib/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { importFields, type ColumnMap, type ImportField } from './import-columns.ts';
import { readImportTable, type ImportTable, type UploadedFile } from './import-file.ts';
import { indexExisting, namedInFile, planImport, type PlannedRow } from './import-plan.ts';
import { selectFaqsNamed } from './import-repo.ts';
import { insertFaqs } from './repo.ts';
import type { FaqRow, KnowledgeLocale } from './schema.ts';
import { applyFaqChange, faqRows } from './service.ts';

export interface ImportPlan {
  filename: string;
  format: ImportTable['format'];
  encoding: ImportTable['encoding'];
  /** Which header each field was read from; fields the file lacks are absent. */
  columns: Partial<Record<ImportField, string>>;
  /** Headers that name no field (left out of the import). */
  ignoredColumns: string[];
  rows: PlannedRow[];
  counts: { rows: number; create: number; update: number; error: number };
}

export interface ImportResult extends Omit<ImportPlan, 'counts'> {
  counts: { rows: number; created: number; updated: number; skipped: number };
  /** The item each good row created or updated. */
  items: { row: number; id: string; key: string; locale: string }[];
}

const INSERT_CHUNK = 500;

/**
 * What importing `file` would do, row by row, without changing anything.
 * Stateless: the console sends the same file again to commit, and the commit
 * plans again against the items as they are then.
 */
export async function previewImport(db: DbOrTx, workspaceId: string, file: UploadedFile, defaultLocale?: KnowledgeLocale): Promise<ImportPlan> {
  const table = await readImportTable(file);
  return planFile(db, workspaceId, file.filename, table, defaultLocale);
}

/**
 * Import the good rows of `file` in one transaction (bad rows are reported and
 * skipped; if anything fails midway nothing is written), with one audit row
 * carrying the counts, then one retrain of the bot.
 */
export async function commitImport(ctx: AppContext, actor: Actor, file: UploadedFile, defaultLocale?: KnowledgeLocale): Promise<ImportResult> {
  const workspaceId = actor.principal.workspaceId;
  const table = await readImportTable(file);
  const result = await ctx.db.transaction(async (tx) => {
    const plan = await planFile(tx, workspaceId, file.filename, table, defaultLocale);
    const items = await applyPlan(tx, actor, plan.rows, file.filename);
    const { counts: planned, ...rest } = plan;
    const counts = { rows: planned.rows, created: planned.create, updated: planned.update, skipped: planned.error };
    await recordAudit(tx, actor, {
      action: 'faq.imported',
      targetType: 'faq_import',
      after: { filename: file.filename, format: table.format, ...counts },
    });
    return { ...rest, counts, items };
  });
  if (result.items.length > 0) ctx.bus.emit('knowledge.changed', { workspaceId, what: 'faq' });
  return result;
}

async function planFile(db: DbOrTx, workspaceId: string, filename: string, table: ImportTable, defaultLocale?: KnowledgeLocale): Promise<ImportPlan> {
  const { columns, keys, questions } = namedInFile(table.rows);
  requireColumns(columns, defaultLocale);
  const existing = indexExisting(await selectFaqsNamed(db, workspaceId, keys, questions));
  const rows = planImport(table.rows, columns, existing, defaultLocale);
  const count = (action: PlannedRow['action']) => rows.filter((r) => r.action === action).length;
  return {
    filename,
    format: table.format,
    encoding: table.encoding,
    columns: Object.fromEntries(importFields.flatMap((f) => (columns.fields[f] === undefined ? [] : [[f, columns.headers[columns.fields[f]]!]]))),
    ignoredColumns: columns.ignored,
    rows,
    counts: { rows: rows.length, create: count('create'), update: count('update'), error: count('error') },
  };
}

/** The question column is always needed; locale too unless the request names a default. */
function requireColumns(columns: ColumnMap, defaultLocale?: KnowledgeLocale): void {
  const missing = (['question', 'answer', ...(defaultLocale ? [] : ['locale'])] as ImportField[]).filter((f) => columns.fields[f] === undefined);
  if (missing.length > 0) {
    throw appError('import_unreadable', {
      reason: 'missing_columns',
      missing,
      hint: 'the first row must name the columns: question/标准问题, answer/答案, locale/语言 (or pass ?locale=)',
      found: columns.headers,
    });
  }
}

/** Insert the new items; change the existing ones as an edit would (a new version and an audit row each, noted with the file's name). */
async function applyPlan(tx: DbOrTx, actor: Actor, rows: PlannedRow[], filename: string): Promise<ImportResult['items']> {
  const workspaceId = actor.principal.workspaceId;
  const items: ImportResult['items'] = [];
  const creates = rows.filter((r) => r.action === 'create');
  for (let i = 0; i < creates.length; i += INSERT_CHUNK) {
    const chunk = creates.slice(i, i + INSERT_CHUNK);
    const toInsert = faqRows(
      workspaceId,
      chunk.map((r) => r.item!),
    );
    const inserted = new Map((await insertFaqs(tx, toInsert)).map((row) => [row.id, row]));
    toInsert.forEach((row, j) => items.push(itemOf(chunk[j]!.row, inserted.get(row.id)!)));
  }
  for (const r of rows) {
    if (r.action !== 'update') continue;
    const { key: _key, locale: _locale, ...patch } = r.item!;
    const row = await applyFaqChange(
      tx,
      actor,
      r.existing!,
      { ...patch, shortAnswer: patch.shortAnswer ?? null },
      { note: `import: ${filename}`.slice(0, 200) },
    );
    items.push(itemOf(r.row, row));
  }
  return items.sort((a, b) => a.row - b.row);
}

const itemOf = (row: number, faq: FaqRow) => ({ row, id: faq.id, key: faq.key, locale: faq.locale });
