import { z } from 'zod';
import type { FaqRow, FaqVersionRow } from './schema.ts';
import type { FieldDiff } from './version-service.ts';

export const faqView = z.object({
  id: z.string(),
  key: z.string(),
  locale: z.string(),
  question: z.string(),
  similar: z.array(z.string()),
  answer: z.string(),
  shortAnswer: z.string().nullable(),
  category: z.array(z.string()),
  tags: z.array(z.string()),
  status: z.string(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  /** Published and inside its validity dates now: what the bot answers from. */
  answering: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Published and inside its validity at `now`. */
export function isAnswering(row: Pick<FaqRow, 'status' | 'validFrom' | 'validUntil'>, now = new Date()): boolean {
  return row.status === 'published' && (!row.validFrom || row.validFrom <= now) && (!row.validUntil || row.validUntil > now);
}

export function presentFaq(row: FaqRow): z.infer<typeof faqView> {
  return {
    id: row.id,
    key: row.key,
    locale: row.locale,
    question: row.question,
    similar: row.similar,
    answer: row.answer,
    shortAnswer: row.shortAnswer,
    category: row.category,
    tags: row.tags,
    status: row.status,
    validFrom: row.validFrom?.toISOString() ?? null,
    validUntil: row.validUntil?.toISOString() ?? null,
    answering: isAnswering(row),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const snapshotView = z.object({
  key: z.string(),
  locale: z.string(),
  question: z.string(),
  similar: z.array(z.string()),
  answer: z.string(),
  shortAnswer: z.string().nullable(),
  category: z.array(z.string()),
  tags: z.array(z.string()),
  status: z.string(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
});

export const versionView = z.object({
  version: z.number(),
  action: z.string().describe('created, updated, status_changed, rolled_back, category_moved, or baseline (the state before history was kept)'),
  changed: z.array(z.string()),
  note: z.string().nullable(),
  actor: z.object({ type: z.string(), id: z.string().nullable() }).describe('Who: a user or API key id, or the system'),
  createdAt: z.string(),
});
export const versionDetailView = versionView.extend({ snapshot: snapshotView });

export function presentVersion(row: FaqVersionRow): z.infer<typeof versionView> {
  return {
    version: row.version,
    action: row.action,
    changed: row.changed,
    note: row.note,
    actor: { type: row.actorType, id: row.actorId },
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentVersionDetail(row: FaqVersionRow): z.infer<typeof versionDetailView> {
  return { ...presentVersion(row), snapshot: row.snapshot };
}

const diffPart = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
const value = z.union([z.string(), z.array(z.string()), z.null()]);
export const diffView = z.object({
  from: versionView,
  to: versionView,
  fields: z.array(
    z.discriminatedUnion('kind', [
      z.object({ field: z.string(), kind: z.literal('text'), parts: z.array(diffPart) }),
      z.object({ field: z.string(), kind: z.literal('list'), added: z.array(z.string()), removed: z.array(z.string()) }),
      z.object({ field: z.string(), kind: z.literal('value'), before: value, after: value }),
    ]),
  ),
});

export function presentDiff(diff: { from: FaqVersionRow; to: FaqVersionRow; fields: FieldDiff[] }): z.infer<typeof diffView> {
  return { from: presentVersion(diff.from), to: presentVersion(diff.to), fields: diff.fields };
}

/** Three levels, spelled out: categories never go deeper. */
const node = (children: z.ZodType) => z.object({ name: z.string(), path: z.array(z.string()), count: z.number(), children: z.array(children) });
const categoryNode = node(node(node(z.never())));
export const categoriesView = z.object({ items: z.array(categoryNode), uncategorised: z.number() });
