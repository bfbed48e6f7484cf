import { api, query, type Items, type Locale } from '../api.ts';

/** The shapes of /api/v1/knowledge (see the server's knowledge/present.ts). */
export type FaqStatus = 'draft' | 'published' | 'archived';
export const faqStatuses: readonly FaqStatus[] = ['draft', 'published', 'archived'];

export interface FaqFields {
  question: string;
  similar: string[];
  answer: string;
  shortAnswer: string | null;
  category: string[];
  tags: string[];
  status: FaqStatus;
  validFrom: string | null;
  validUntil: string | null;
}

export interface Faq extends FaqFields {
  id: string;
  key: string;
  locale: Locale;
  answering: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface FaqVersion {
  version: number;
  action: 'created' | 'updated' | 'status_changed' | 'rolled_back' | 'category_moved' | 'baseline';
  changed: string[];
  note: string | null;
  actor: { type: string; id: string | null };
  createdAt: string;
}

export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export type FieldDiff =
  | { field: string; kind: 'text'; parts: DiffPart[] }
  | { field: string; kind: 'list'; added: string[]; removed: string[] }
  | { field: string; kind: 'value'; before: string | string[] | null; after: string | string[] | null };

export interface FaqDiff {
  from: FaqVersion;
  to: FaqVersion;
  fields: FieldDiff[];
}

export interface CategoryNode {
  name: string;
  path: string[];
  count: number;
  children: CategoryNode[];
}

export interface FaqFilter {
  locale?: Locale | undefined;
  status?: FaqStatus | undefined;
  q?: string | undefined;
  category?: string[] | undefined;
}

const base = '/api/v1/knowledge';
const item = (id: string) => `${base}/faqs/${encodeURIComponent(id)}`;

export const faqApi = {
  list(filter: FaqFilter): Promise<Items<Faq>> {
    const params = new URLSearchParams(query({ locale: filter.locale, status: filter.status, q: filter.q, limit: 500 }).replace(/^\?/, ''));
    for (const level of filter.category ?? []) params.append('category', level);
    const search = params.toString();
    return api('GET', `${base}/faqs${search ? `?${search}` : ''}`);
  },
  get: (id: string) => api<Faq>('GET', item(id)),
  create: (body: FaqFields & { locale: Locale }) => api<Faq>('POST', `${base}/faqs`, body),
  update: (id: string, body: Partial<FaqFields> & { expectedVersion?: number; note?: string }) => api<Faq>('PATCH', item(id), body),
  remove: (id: string) => api<null>('DELETE', item(id)),
  versions: (id: string) => api<Items<FaqVersion>>('GET', `${item(id)}/versions`),
  diff: (id: string, from: number, to: number) => api<FaqDiff>('GET', `${item(id)}/diff${query({ from, to })}`),
  rollback: (id: string, version: number, expectedVersion: number) => api<Faq>('POST', `${item(id)}/rollback`, { version, expectedVersion }),
  translations: (id: string) => api<Items<Faq>>('GET', `${item(id)}/translations`),
  translate: (id: string, locale: Locale) => api<Faq>('POST', `${item(id)}/translations`, { locale }),
  categories: (locale?: Locale) => api<{ items: CategoryNode[]; uncategorised: number }>('GET', `${base}/categories${query({ locale })}`),
  moveCategory: (body: { locale?: Locale; from: string[]; to: string[] }) => api<{ moved: number }>('POST', `${base}/categories/move`, body),
};
