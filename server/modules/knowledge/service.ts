import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { deleteFaqRows, findFaq, insertFaqs, selectFaqs, updateFaqRow, type FaqFields } from './repo.ts';
import { faqStatuses, knowledgeLocales, type FaqRow, type FaqVersionAction } from './schema.ts';
import { changedBetween, ensureBaselines, recordVersion, snapshotOf } from './versions.ts';

const line = z.string().trim().min(1).max(300);
const moment = z.iso.datetime({ offset: true }).nullable();
export const categoryPath = z.array(z.string().trim().min(1).max(60)).max(3);

/** An item's editable fields, without defaults: a patch must leave out what it does not change. */
const faqFields = {
  question: line,
  similar: z.array(line).max(100),
  answer: z.string().trim().min(1).max(20_000).describe('Markdown-lite (paragraphs, lists, **bold**, links); HTML is shown as text'),
  shortAnswer: z.string().trim().min(1).max(500).nullish().describe('For channels that want short replies (SMS, WeChat)'),
  category: categoryPath.describe('Up to three levels: product line → function → problem type'),
  tags: z.array(z.string().trim().min(1).max(32)).max(20),
  status: z.enum(faqStatuses),
  validFrom: moment.optional().describe('Answers customers from then on (null: at once)'),
  validUntil: moment.optional().describe('Stops answering customers then (null: never)'),
};

export const faqCreate = z
  .object({
    key: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
      .optional()
      .describe('Links translations: items with the same key in other locales; generated when omitted'),
    locale: z.enum(knowledgeLocales),
    ...faqFields,
    similar: faqFields.similar.default([]),
    category: faqFields.category.default([]),
    tags: faqFields.tags.default([]),
    status: faqFields.status.default('published'),
  })
  .strict();
export type FaqCreate = z.input<typeof faqCreate>;

export const faqPatch = z
  .object(faqFields)
  .partial()
  .extend({
    expectedVersion: z.number().int().min(1).optional().describe('Refuse with faq_version_conflict when the item has moved past this version'),
    note: z.string().trim().max(200).optional().describe('Why: shown in the version history'),
  })
  .strict();
export type FaqPatch = z.infer<typeof faqPatch>;

const oneOrMany = z.union([z.string().max(60), z.array(z.string().max(60)).max(3)]).transform((v) => (typeof v === 'string' ? [v] : v));

export const listFaqsQuery = z.object({
  locale: z.enum(knowledgeLocales).optional(),
  status: z.enum(faqStatuses).optional(),
  q: z.string().trim().min(1).max(100).optional().describe('Words in the question, similar questions or answer'),
  category: oneOrMany.optional().describe('A category path (repeat the parameter per level): its items and its subcategories’'),
  after: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const date = (v: string | null | undefined) => (v ? new Date(v) : null);

export async function getFaq(db: DbOrTx, workspaceId: string, id: string, options: { lock?: boolean } = {}): Promise<FaqRow> {
  const row = await findFaq(db, workspaceId, id, options);
  if (!row) throw appError('not_found');
  return row;
}

export function listFaqs(db: DbOrTx, workspaceId: string, query: z.infer<typeof listFaqsQuery>): Promise<FaqRow[]> {
  return selectFaqs(db, workspaceId, query);
}

function checkValidity(validFrom: Date | null, validUntil: Date | null): void {
  if (validFrom && validUntil && validUntil <= validFrom) {
    throw appError('validation_failed', [{ in: 'body', path: ['validUntil'], message: 'must be after validFrom' }]);
  }
}

/** Rows to insert for new items (also used by the demo seed); keys are generated where omitted. */
export function faqRows(workspaceId: string, items: FaqCreate[]) {
  return items.map((item) => {
    const validFrom = date(item.validFrom);
    const validUntil = date(item.validUntil);
    checkValidity(validFrom, validUntil);
    return {
      ...item,
      workspaceId,
      id: newId('faq'),
      key: item.key ?? newId('faq').slice(4).toLowerCase(),
      similar: [...new Set((item.similar ?? []).filter((q) => q !== item.question))],
      shortAnswer: item.shortAnswer ?? null,
      validFrom,
      validUntil,
    };
  });
}

/** Add FAQ items, each with its first version (audited); the bot retrains after the commit. A key already used in that locale is a conflict. */
export async function createFaqs(ctx: AppContext, actor: Actor, items: FaqCreate[]): Promise<FaqRow[]> {
  const workspaceId = actor.principal.workspaceId;
  const rows = await ctx.db.transaction(async (tx) => {
    const created = await insertFaqs(tx, faqRows(workspaceId, items));
    for (const row of created) {
      await recordVersion(tx, actor, row, { action: 'created', changed: [] });
      await recordAudit(tx, actor, {
        action: 'faq.created',
        targetType: 'faq',
        targetId: row.id,
        after: { key: row.key, locale: row.locale, question: row.question, version: row.version },
      });
    }
    return created;
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'faq' });
  return rows;
}

/** The item's new fields after a patch (dates parsed, similar questions deduplicated). */
function fieldsAfter(before: FaqRow, patch: Omit<FaqPatch, 'expectedVersion' | 'note'>): Omit<FaqFields, 'version'> {
  const question = patch.question ?? before.question;
  return {
    question,
    similar: [...new Set((patch.similar ?? before.similar).filter((q) => q !== question))],
    answer: patch.answer ?? before.answer,
    shortAnswer: patch.shortAnswer === undefined ? before.shortAnswer : patch.shortAnswer,
    category: patch.category ?? before.category,
    tags: patch.tags ?? before.tags,
    status: patch.status ?? before.status,
    validFrom: patch.validFrom === undefined ? before.validFrom : date(patch.validFrom),
    validUntil: patch.validUntil === undefined ? before.validUntil : date(patch.validUntil),
  };
}

/**
 * Apply a change to a locked item inside the caller's transaction: a new
 * version with its snapshot, and an audit row, when anything changed.
 */
export async function applyFaqChange(
  tx: DbOrTx,
  actor: Actor,
  before: FaqRow,
  patch: Omit<FaqPatch, 'expectedVersion' | 'note'>,
  change: { action?: FaqVersionAction; note?: string | undefined } = {},
): Promise<FaqRow> {
  const fields = fieldsAfter(before, patch);
  checkValidity(fields.validFrom, fields.validUntil);
  const changed = changedBetween(snapshotOf(before), snapshotOf({ ...before, ...fields }));
  if (changed.length === 0) return before;
  await ensureBaselines(tx, before.workspaceId, [before]);
  const after = (await updateFaqRow(tx, before.workspaceId, before.id, { ...fields, version: before.version + 1 }))!;
  const action = change.action ?? (changed.length === 1 && changed[0] === 'status' ? 'status_changed' : 'updated');
  await recordVersion(tx, actor, after, { action, changed, note: change.note ?? null });
  const audited = changedFields(before, after, [...changed, 'version']);
  await recordAudit(tx, actor, {
    action: `faq.${action === 'status_changed' ? 'updated' : action}`,
    targetType: 'faq',
    targetId: before.id,
    ...audited,
  });
  return after;
}

/** Change an item (a new version; audited); the bot retrains after the commit. */
export async function updateFaq(ctx: AppContext, actor: Actor, id: string, patch: FaqPatch): Promise<FaqRow> {
  const workspaceId = actor.principal.workspaceId;
  const { expectedVersion, note, ...fields } = patch;
  const row = await ctx.db.transaction(async (tx) => {
    const before = await getFaq(tx, workspaceId, id, { lock: true });
    if (expectedVersion !== undefined && expectedVersion !== before.version) throw appError('faq_version_conflict');
    return applyFaqChange(tx, actor, before, fields, { note });
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'faq' });
  return row;
}

export async function deleteFaq(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const workspaceId = actor.principal.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await getFaq(tx, workspaceId, id, { lock: true });
    await deleteFaqRows(tx, workspaceId, [id]);
    await recordAudit(tx, actor, { action: 'faq.deleted', targetType: 'faq', targetId: id, before: { key: before.key, question: before.question } });
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'faq' });
}
