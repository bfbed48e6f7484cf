import { describe, expect, it } from 'vitest';
import { decodeText, guessDelimiter, parseCsv, toCsv } from './import-csv.ts';

describe('CSV for FAQ import', () => {
  it.each([
    [
      'plain',
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'quoted delimiter, quote and line break',
      'q,a\n"怎么, 退款","说 ""原路""\n退回"',
      [
        ['q', 'a'],
        ['怎么, 退款', '说 "原路"\n退回'],
      ],
    ],
    [
      'blank lines and a missing last line end',
      'a,b\n\n\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'empty fields kept',
      'a,,c\n,,',
      [
        ['a', '', 'c'],
        ['', '', ''],
      ],
    ],
    [
      'old Mac line ends',
      'a,b\rc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'semicolons (European Excel)',
      'q;a\nx;"1;2"',
      [
        ['q', 'a'],
        ['x', '1;2'],
      ],
    ],
    [
      'tabs (Excel Unicode text)',
      'q\ta\nx\ty',
      [
        ['q', 'a'],
        ['x', 'y'],
      ],
    ],
  ])('parses %s', (_, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it.each([
    ['q,a\n"unterminated', 2],
    ['q,a\n"x"y,z', 2],
  ])('reports %j as a syntax error on line %s', (text, line) => {
    expect(() => parseCsv(text)).toThrow(expect.objectContaining({ name: 'CsvSyntaxError', line }));
  });

  it('guesses the delimiter from the header line only', () => {
    expect(guessDelimiter('"a,b";c;d\nx,y,z,w')).toBe(';');
    expect(guessDelimiter('question')).toBe(',');
  });

  it.each([
    ['UTF-8', Buffer.from('问题,答案'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.from('\ufeff问题,答案'), 'utf-8-bom'],
    ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('问题,答案', 'utf16le')]), 'utf-16le'],
    ['GBK', Buffer.from('cecacce22cb4f0b0b8', 'hex'), 'gb18030'],
  ])('decodes %s', (_, bytes, encoding) => {
    expect(decodeText(bytes)).toEqual({ text: '问题,答案', encoding });
  });

  it('writes what it reads back', () => {
    const rows = [
      ['key', 'answer'],
      ['a', ' 前后空格 '],
      ['b', '1, "2"\n3'],
    ];
    const csv = toCsv(rows);
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(parseCsv(decodeText(Buffer.from(csv)).text)).toEqual(rows);
  });
});
