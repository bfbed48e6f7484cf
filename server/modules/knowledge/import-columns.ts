import type { FaqRow } from './schema.ts';
import { faqStatuses, type FaqStatus, type KnowledgeLocale } from './schema.ts';

/**
 * The spreadsheet format of FAQ items, shared by import and export: one row per
 * item and locale, list cells split on the separators people type in Excel.
 */
export const importFields = ['key', 'locale', 'status', 'category', 'question', 'similar', 'answer', 'shortAnswer', 'tags'] as const;
export type ImportField = (typeof importFields)[number];

/** Header names written on export, per header language. */
export const fieldHeaders: Record<ImportField, { en: string; 'zh-CN': string }> = {
  key: { en: 'key', 'zh-CN': '键' },
  locale: { en: 'locale', 'zh-CN': '语言' },
  status: { en: 'status', 'zh-CN': '状态' },
  category: { en: 'category', 'zh-CN': '分类' },
  question: { en: 'question', 'zh-CN': '标准问题' },
  similar: { en: 'similar', 'zh-CN': '相似问题' },
  answer: { en: 'answer', 'zh-CN': '答案' },
  shortAnswer: { en: 'short answer', 'zh-CN': '简短答案' },
  tags: { en: 'tags', 'zh-CN': '标签' },
};

/** Every header accepted on import (compared lower-cased, without spaces, `_` or `-`). */
const HEADER_ALIASES: Record<ImportField, string[]> = {
  key: ['key', '键', '标识', '编号'],
  locale: ['locale', 'language', 'lang', '语言', '语种'],
  status: ['status', '状态'],
  category: ['category', 'categories', '分类', '类目'],
  question: ['question', 'standardquestion', '标准问题', '标准问', '问题'],
  similar: ['similar', 'similarquestions', '相似问题', '相似问法', '相似问'],
  answer: ['answer', '答案', '回答'],
  shortAnswer: ['shortanswer', 'short', '简短答案', '短答案', '简短回答'],
  tags: ['tags', 'tag', '标签'],
};

const normalizeHeader = (h: string) => h.toLowerCase().replace(/[\s_-]/g, '');
const FIELD_OF_HEADER = new Map(importFields.flatMap((f) => HEADER_ALIASES[f].map((alias) => [alias, f] as const)));

/** Which column holds which field; unknown headers are reported, not fatal. */
export interface ColumnMap {
  fields: Partial<Record<ImportField, number>>;
  headers: string[];
  ignored: string[];
}

/** Map a header row to fields (the first column wins when two name the same field). */
export function mapColumns(header: readonly string[]): ColumnMap {
  const fields: ColumnMap['fields'] = {};
  const ignored: string[] = [];
  header.forEach((raw, column) => {
    const field = FIELD_OF_HEADER.get(normalizeHeader(raw));
    if (field && fields[field] === undefined) fields[field] = column;
    else if (raw.trim()) ignored.push(raw.trim());
  });
  return { fields, headers: [...header], ignored };
}

const LOCALES: Record<string, KnowledgeLocale> = {
  'zh-cn': 'zh-CN',
  zh: 'zh-CN',
  'zh-hans': 'zh-CN',
  中文: 'zh-CN',
  简体中文: 'zh-CN',
  en: 'en',
  'en-us': 'en',
  'en-gb': 'en',
  english: 'en',
  英文: 'en',
  英语: 'en',
};
const STATUSES: Record<string, FaqStatus> = { 已发布: 'published', 发布: 'published', 草稿: 'draft', 已归档: 'archived', 归档: 'archived' };

/** `zh-CN`/`zh`/`中文` → zh-CN, `en`/`English`/`英文` → en; undefined for anything else. */
export function parseLocale(cell: string): KnowledgeLocale | undefined {
  const value = cell.trim().toLowerCase().replace('_', '-');
  return LOCALES[value];
}

/** English status names or 已发布/草稿/已归档; undefined for anything else. */
export function parseStatus(cell: string): FaqStatus | undefined {
  const value = cell.trim().toLowerCase();
  return (faqStatuses as readonly string[]).includes(value) ? (value as FaqStatus) : STATUSES[value];
}

const trimmedParts = (cell: string, separator: RegExp) =>
  cell
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);

/** Similar questions: one per line, or separated by `|` or a full-width `；`. */
export const splitSimilar = (cell: string) => trimmedParts(cell, /\r?\n|\r|\||；/);
/** Category levels: `产品 > 功能 > 问题类型` (also `/`, `＞`, `／`). */
export const splitCategory = (cell: string) => trimmedParts(cell, /[>＞/／]/);
/** Tags: separated by commas (either width), `、`, `|`, `;` or line breaks. */
export const splitTags = (cell: string) => trimmedParts(cell, /[,，、|;；\r\n]/);

/** One item as spreadsheet cells, in `importFields` order (the export format). */
export function faqCells(row: Pick<FaqRow, ImportField>): string[] {
  return [
    row.key,
    row.locale,
    row.status,
    row.category.join(' > '),
    row.question,
    row.similar.join('\n'),
    row.answer,
    row.shortAnswer ?? '',
    row.tags.join(', '),
  ];
}
