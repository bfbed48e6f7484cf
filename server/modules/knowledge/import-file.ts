import { readSheet } from 'read-excel-file/node';
import { appError } from '../../lib/errors.ts';
import { CsvSyntaxError, decodeText, parseCsv, type TextEncoding } from './import-csv.ts';

/** Upload limits: big enough for a whole knowledge base, small enough to parse in one request. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 5_000;

export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A spreadsheet as text cells: header first. */
export interface ImportTable {
  format: 'csv' | 'xlsx';
  /** How CSV bytes were decoded; XLSX is always UTF-8 inside. */
  encoding: TextEncoding;
  rows: string[][];
}

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // a ZIP file
const XLS_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]; // the old binary Excel format
const startsWith = (data: Buffer, magic: number[]) => magic.every((b, i) => data[i] === b);

/**
 * Read an uploaded CSV or XLSX file (told apart by its bytes, not its name)
 * into text rows. Unreadable files, the old .xls format and too many rows are
 * catalogued 4xx errors with details that say what to do.
 */
export async function readImportTable(file: UploadedFile): Promise<ImportTable> {
  if (file.data.length === 0) throw appError('import_unreadable', { reason: 'empty_file' });
  if (startsWith(file.data, XLS_MAGIC)) throw appError('import_unsupported_file', { reason: 'xls', hint: 'save the workbook as .xlsx or .csv' });
  const table = startsWith(file.data, XLSX_MAGIC) ? await readXlsx(file.data) : readCsv(file.data);
  if (table.rows.length < 2) throw appError('import_unreadable', { reason: 'no_rows', hint: 'a header row and at least one item row' });
  if (table.rows.length - 1 > MAX_IMPORT_ROWS) throw appError('import_too_many_rows', { rows: table.rows.length - 1, max: MAX_IMPORT_ROWS });
  return table;
}

function readCsv(data: Buffer): ImportTable {
  const { text, encoding } = decodeText(data);
  if (text.includes('\u0000')) throw appError('import_unsupported_file', { reason: 'binary', hint: 'send a CSV or XLSX file' });
  try {
    return { format: 'csv', encoding, rows: parseCsv(text) };
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw appError('import_unreadable', { reason: 'csv_syntax', line: err.line, message: err.message });
    throw err;
  }
}

async function readXlsx(data: Buffer): Promise<ImportTable> {
  let sheet: unknown[][];
  try {
    sheet = await readSheet(data);
  } catch {
    throw appError('import_unreadable', { reason: 'xlsx', hint: 'the workbook could not be opened; save it again from Excel as .xlsx' });
  }
  const rows = sheet.map((row) => row.map(cellText)).filter((row) => row.some((cell) => cell.trim() !== ''));
  return { format: 'xlsx', encoding: 'utf-8', rows };
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  return String(cell);
}
