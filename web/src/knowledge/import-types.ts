/** The shapes of /api/v1/knowledge/imports answers (server/modules/knowledge/import-routes.ts). */
export const importFields = ['key', 'locale', 'status', 'category', 'question', 'similar', 'answer', 'shortAnswer', 'tags'] as const;
export type ImportField = (typeof importFields)[number];

export interface RowError {
  column: ImportField | null;
  header: string | null;
  code: 'required' | 'too_long' | 'too_many' | 'invalid' | 'unknown_locale' | 'unknown_status' | 'duplicate';
  message: string;
}

export interface PreviewRow {
  row: number;
  action: 'create' | 'update' | 'error';
  existingId: string | null;
  values: Partial<Record<ImportField, string>>;
  errors: RowError[];
}

interface FileFacts {
  filename: string;
  format: 'csv' | 'xlsx';
  encoding: string;
  columns: Partial<Record<ImportField, string>>;
  ignoredColumns: string[];
}

export interface ImportPreview extends FileFacts {
  counts: { rows: number; create: number; update: number; error: number };
  rows: PreviewRow[];
}

export interface ImportResult extends FileFacts {
  counts: { rows: number; created: number; updated: number; skipped: number };
  items: { row: number; id: string; key: string; locale: string }[];
  errors: Pick<PreviewRow, 'row' | 'values' | 'errors'>[];
}
