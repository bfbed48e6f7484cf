import type { Locale } from '../api.ts';

/** Articles as the API shows them (server/modules/knowledge/article-routes.ts). */
export type ArticleStatus = 'draft' | 'published' | 'archived';
export const articleStatuses: readonly ArticleStatus[] = ['draft', 'published', 'archived'];

export interface ArticleSummary {
  id: string;
  key: string;
  locale: Locale;
  slug: string;
  title: string;
  category: string[];
  tags: string[];
  status: ArticleStatus;
  updatedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Article extends ArticleSummary {
  body: string;
}

export interface Preview {
  html: string;
  passages: { anchor: string; headings: string[]; text: string }[];
}

export interface ImportResult {
  dryRun: boolean;
  created: number;
  updated: number;
  items: { path: string; locale: Locale; slug: string; title: string; category: string[]; action: 'create' | 'update' }[];
  errors: { path: string; message: string }[];
}

/** "售后服务 / 退货退款" → ['售后服务', '退货退款']. */
export function parseCategory(text: string): string[] {
  return text
    .split('/')
    .map((level) => level.trim())
    .filter(Boolean);
}

/** "a, b，c" → ['a', 'b', 'c'] (Chinese commas too). */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，]/)
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

export const articlesPath = '/knowledge/articles';
