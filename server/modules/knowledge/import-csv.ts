/**
 * CSV in and out for FAQ import/export: RFC 4180 (quoted fields may hold the
 * delimiter, quotes doubled, and line breaks), the delimiter guessed from the
 * header line (comma, tab or semicolon, as European and Chinese Excel save),
 * and the text decoded from UTF-8 (with or without BOM), UTF-16 (Excel's
 * "Unicode text") or GB18030 (a superset of GBK, what Chinese Excel writes for
 * "CSV (逗号分隔)").
 */

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * Decode a CSV file's bytes, telling which encoding it was in: a BOM decides;
 * otherwise strict UTF-8, and GB18030 when the bytes are not valid UTF-8.
 * @example decodeText(Buffer.from('\ufeffquestion,answer')) // { text: 'question,answer', encoding: 'utf-8-bom' }
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: decode('utf-8', bytes.subarray(3)), encoding: 'utf-8-bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decode('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decode('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decode('gb18030', bytes), encoding: 'gb18030' };
  }
}

function decode(encoding: string, bytes: Uint8Array): string {
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

/** A CSV syntax problem, with the 1-based line where the bad field started. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

const DELIMITERS = [',', '\t', ';'] as const;

/** The delimiter that splits the first line (outside quotes) into the most fields; comma on a tie. */
export function guessDelimiter(text: string): string {
  let inQuotes = false;
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

/**
 * Parse CSV text into rows of fields (RFC 4180; CRLF, LF or CR line ends).
 * Blank lines are dropped. Throws `CsvSyntaxError` for an unterminated quote or
 * text after a closing quote.
 * @example parseCsv('q,a\n"怎么退款","1–3 天, 原路退回"') // [['q', 'a'], ['怎么退款', '1–3 天, 原路退回']]
 */
export function parseCsv(text: string, delimiter = guessDelimiter(text)): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let i = 0;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    field = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      const start = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvSyntaxError('a quoted field is not closed', start);
        const c = text[i++]!;
        if (c === '"') {
          if (text[i] !== '"') break;
          field += '"';
          i++;
        } else {
          if (c === '\n') line++;
          field += c;
        }
      }
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') throw new CsvSyntaxError('text after a closing quote', line);
      continue;
    }
    if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      endRow();
      if (ch === '\r' && text[i + 1] === '\n') i++;
      line++;
    } else field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/**
 * Write rows as CSV (comma, CRLF, fields quoted when they hold a comma, quote or
 * line break), with a UTF-8 BOM so Excel opens Chinese text correctly.
 * @example toCsv([['q', 'a'], ['退款', '1, 2']]) // '\ufeffq,a\r\n退款,"1, 2"\r\n'
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const quote = (f: string) => (/[",\r\n]/.test(f) || /^\s|\s$/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
  return `\ufeff${rows.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
}
