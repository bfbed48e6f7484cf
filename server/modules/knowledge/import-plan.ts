import type { z } from 'zod';
import { mapColumns, parseLocale, parseStatus, splitCategory, splitSimilar, splitTags, type ColumnMap, type ImportField } from './import-columns.ts';
import type { FaqRow, KnowledgeLocale } from './schema.ts';
import { faqCreate, type FaqCreate } from './service.ts';

/** Why a cell was refused; the console translates `code`, `message` is for API users. */
export interface RowError {
  column: ImportField | null;
  /** The header as written in the file, when the column exists. */
  header: string | null;
  code: 'required' | 'too_long' | 'too_many' | 'invalid' | 'unknown_locale' | 'unknown_status' | 'duplicate';
  message: string;
}

export type RowAction = 'create' | 'update' | 'error';

/** One data row: what the import would do with it. `row` is the spreadsheet row number (the header is row 1). */
export interface PlannedRow {
  row: number;
  action: RowAction;
  /** The cells as read, for the preview table. */
  values: Partial<Record<ImportField, string>>;
  /** The validated item (absent on error rows). */
  item?: FaqCreate & { key?: string };
  /** The item an update changes. */
  existing?: FaqRow;
  errors: RowError[];
}

/** Existing items a file may update: by key and by identical standard question, per locale. */
export interface ExistingFaqs {
  byKey: Map<string, FaqRow>;
  byQuestion: Map<string, FaqRow>;
}

export const localeKey = (locale: string, text: string) => `${locale}\u0001${text}`;

/** Index existing rows for `planImport`. */
export function indexExisting(rows: readonly FaqRow[]): ExistingFaqs {
  const existing: ExistingFaqs = { byKey: new Map(), byQuestion: new Map() };
  for (const row of rows) {
    existing.byKey.set(localeKey(row.locale, row.key), row);
    if (!existing.byQuestion.has(localeKey(row.locale, row.question))) existing.byQuestion.set(localeKey(row.locale, row.question), row);
  }
  return existing;
}

/** The keys and questions a file names (trimmed), to look up the items it may update. */
export function namedInFile(rows: readonly string[][]): { columns: ColumnMap; keys: string[]; questions: string[] } {
  const columns = mapColumns(rows[0] ?? []);
  const pick = (field: ImportField) => {
    const at = columns.fields[field];
    return at === undefined ? [] : [...new Set(rows.slice(1).map((r) => (r[at] ?? '').trim()))].filter(Boolean);
  };
  return { columns, keys: pick('key'), questions: pick('question') };
}

/**
 * Decide row by row: a row with a key updates the item with that key and
 * locale (or creates it); a row without one updates the item whose standard
 * question is identical in that locale (or creates a new item). Columns the
 * file does not have keep their current values on update. Every problem is
 * reported with its row and column; a row repeating an earlier row's key or
 * question is refused.
 */
export function planImport(rows: readonly string[][], columns: ColumnMap, existing: ExistingFaqs, defaultLocale?: KnowledgeLocale): PlannedRow[] {
  const seen = new Map<string, number>();
  return rows.slice(1).map((cells, i) => {
    const planned = planRow(i + 2, cells, columns, existing, defaultLocale);
    const names: [ImportField, string | undefined][] = [
      ['key', planned.item?.key],
      ['question', planned.item?.question],
    ];
    for (const [field, name] of names) {
      if (!planned.item || name === undefined) continue;
      const id = `${field}\u0001${localeKey(planned.item.locale, name)}`;
      const earlier = seen.get(id);
      if (earlier) duplicate(planned, field, columns, earlier);
      else seen.set(id, planned.row);
    }
    return planned;
  });
}

function duplicate(planned: PlannedRow, field: ImportField, columns: ColumnMap, earlier: number): void {
  planned.errors.push(rowError(columns, field, 'duplicate', `the same ${field} as row ${earlier}`));
  planned.action = 'error';
  delete planned.item;
  delete planned.existing;
}

function planRow(row: number, cells: readonly string[], columns: ColumnMap, existing: ExistingFaqs, defaultLocale?: KnowledgeLocale): PlannedRow {
  const values: PlannedRow['values'] = {};
  for (const [field, at] of Object.entries(columns.fields) as [ImportField, number][]) values[field] = (cells[at] ?? '').trim();
  const errors: RowError[] = [];
  const locale = values.locale ? parseLocale(values.locale) : defaultLocale;
  if (!locale) {
    const code = values.locale ? 'unknown_locale' : 'required';
    errors.push(rowError(columns, 'locale', code, values.locale ? `unknown locale "${values.locale}" (zh-CN or en)` : 'a locale is required'));
    return { row, action: 'error', values, errors };
  }
  const found = values.key
    ? existing.byKey.get(localeKey(locale, values.key))
    : values.question
      ? existing.byQuestion.get(localeKey(locale, values.question))
      : undefined;
  const candidate = candidateItem(values, columns, locale, found, errors);
  const parsed = faqCreate.safeParse(candidate);
  if (!parsed.success) errors.push(...parsed.error.issues.map((issue) => zodRowError(columns, issue)));
  if (errors.length > 0 || !parsed.success) return { row, action: 'error', values, errors };
  return { row, action: found ? 'update' : 'create', values, item: parsed.data, ...(found ? { existing: found } : {}), errors };
}

/** The item the row describes: its cells where the file has the column, else the existing item's values. */
function candidateItem(
  values: PlannedRow['values'],
  columns: ColumnMap,
  locale: KnowledgeLocale,
  found: FaqRow | undefined,
  errors: RowError[],
): Record<string, unknown> {
  const has = (field: ImportField) => columns.fields[field] !== undefined;
  let status = found?.status;
  if (values.status) {
    status = parseStatus(values.status);
    if (!status) errors.push(rowError(columns, 'status', 'unknown_status', `unknown status "${values.status}" (published, draft, archived)`));
  }
  const candidate: Record<string, unknown> = {
    locale,
    question: values.question ?? found?.question ?? '',
    answer: has('answer') ? values.answer : found?.answer,
    similar: has('similar') ? splitSimilar(values.similar!) : found?.similar,
    shortAnswer: has('shortAnswer') ? values.shortAnswer || null : found?.shortAnswer,
    category: has('category') ? splitCategory(values.category!) : found?.category,
    tags: has('tags') ? splitTags(values.tags!) : found?.tags,
    status,
  };
  if (found) candidate.key = found.key;
  else if (values.key) candidate.key = values.key;
  for (const k of Object.keys(candidate)) if (candidate[k] === undefined) delete candidate[k];
  return candidate;
}

function rowError(columns: ColumnMap, column: ImportField | null, code: RowError['code'], message: string): RowError {
  const at = column ? columns.fields[column] : undefined;
  return { column, header: at === undefined ? null : (columns.headers[at] ?? null), code, message };
}

function zodRowError(columns: ColumnMap, issue: z.core.$ZodIssue): RowError {
  const column = (typeof issue.path[0] === 'string' ? issue.path[0] : null) as ImportField | null;
  const where = issue.path.length > 1 ? ` (item ${Number(issue.path[1]) + 1})` : '';
  let code: RowError['code'] = 'invalid';
  if (issue.code === 'too_small') code = issue.origin === 'string' ? 'required' : 'invalid';
  if (issue.code === 'too_big') code = issue.origin === 'array' ? 'too_many' : 'too_long';
  if (issue.code === 'invalid_type' && issue.input === undefined) code = 'required';
  return rowError(columns, column, code, `${issue.message}${where}`);
}
