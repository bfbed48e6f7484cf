import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { deleteFaqRows, findFaq, insertFaqs, selectFaqs, updateFaqRow } from './repo.ts';
import { faqStatuses, knowledgeLocales, type FaqRow } from './schema.ts';

const line = z.string().trim().min(1).max(300);

export const faqCreate = z
  .object({
    key: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
      .optional()
      .describe('Links translations: items with the same key in other locales; generated when omitted'),
    locale: z.enum(knowledgeLocales),
    question: line,
    similar: z.array(line).max(100).default([]),
    answer: z.string().trim().min(1).max(20_000),
    shortAnswer: z.string().trim().min(1).max(500).nullish(),
    category: z.array(z.string().trim().min(1).max(60)).max(3).default([]),
    tags: z.array(z.string().trim().min(1).max(32)).max(20).default([]),
    status: z.enum(faqStatuses).default('published'),
  })
  .strict();
export type FaqCreate = z.infer<typeof faqCreate>;

export const faqPatch = faqCreate.omit({ key: true, locale: true }).partial().strict();

export const listFaqsQuery = z.object({
  locale: z.enum(knowledgeLocales).optional(),
  status: z.enum(faqStatuses).optional(),
  after: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const AUDITED = ['question', 'similar', 'answer', 'shortAnswer', 'category', 'tags', 'status'] as const;

export async function getFaq(db: DbOrTx, workspaceId: string, id: string): Promise<FaqRow> {
  const row = await findFaq(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

export function listFaqs(db: DbOrTx, workspaceId: string, query: z.infer<typeof listFaqsQuery>): Promise<FaqRow[]> {
  return selectFaqs(db, workspaceId, query);
}

/** Rows to insert for new items (also used by the demo seed); keys are generated where omitted. */
export function faqRows(workspaceId: string, items: FaqCreate[]) {
  return items.map((item) => ({
    ...item,
    workspaceId,
    id: newId('faq'),
    key: item.key ?? newId('faq').slice(4).toLowerCase(),
    similar: [...new Set(item.similar.filter((q) => q !== item.question))],
    shortAnswer: item.shortAnswer ?? null,
  }));
}

/** Add FAQ items (audited); the bot retrains after the commit. A key already used in that locale is a conflict. */
export async function createFaqs(ctx: AppContext, actor: Actor, items: FaqCreate[]): Promise<FaqRow[]> {
  const workspaceId = actor.principal.workspaceId;
  const rows = await ctx.db.transaction(async (tx) => {
    const created = await insertFaqs(tx, faqRows(workspaceId, items));
    for (const row of created) {
      await recordAudit(tx, actor, {
        action: 'faq.created',
        targetType: 'faq',
        targetId: row.id,
        after: { key: row.key, locale: row.locale, question: row.question },
      });
    }
    return created;
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'faq' });
  return rows;
}

export async function updateFaq(ctx: AppContext, actor: Actor, id: string, patch: z.infer<typeof faqPatch>): Promise<FaqRow> {
  const workspaceId = actor.principal.workspaceId;
  const row = await ctx.db.transaction(async (tx) => {
    const before = await getFaq(tx, workspaceId, id);
    const after = (await updateFaqRow(tx, workspaceId, id, patch))!;
    await recordAudit(tx, actor, { action: 'faq.updated', targetType: 'faq', targetId: id, ...changedFields(before, after, AUDITED) });
    return after;
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'faq' });
  return row;
}

export async function deleteFaq(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const workspaceId = actor.principal.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await getFaq(tx, workspaceId, id);
    await deleteFaqRows(tx, workspaceId, [id]);
    await recordAudit(tx, actor, { action: 'faq.deleted', targetType: 'faq', targetId: id, before: { key: before.key, question: before.question } });
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'faq' });
}
