import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import type { Actor } from '../../lib/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { createFaqs, type FaqRow } from '../knowledge/index.ts';
import { findSuggestion, selectSuggestions, updateSuggestion } from './repo.ts';
import { gapLocales, gapStatuses, type GapSuggestionRow } from './schema.ts';

const line = z.string().trim().min(1).max(300);

export const listGapsQuery = z.object({
  status: z.enum(gapStatuses).default('open'),
  locale: z.enum(gapLocales).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** What the editor accepts: the suggestion as it stands, or edited. */
export const acceptGapBody = z
  .object({
    question: line.optional(),
    similar: z.array(line).max(100).optional(),
    answer: z.string().trim().min(1).max(20_000).optional().describe('Required when the suggestion has no draft answer'),
    category: z.array(z.string().trim().min(1).max(60)).max(3).default([]),
    tags: z.array(z.string().trim().min(1).max(32)).max(20).default([]),
  })
  .strict();

export function listGaps(db: DbOrTx, workspaceId: string, query: z.infer<typeof listGapsQuery>): Promise<GapSuggestionRow[]> {
  return selectSuggestions(db, workspaceId, query);
}

export async function getGap(db: DbOrTx, workspaceId: string, id: string): Promise<GapSuggestionRow> {
  const row = await findSuggestion(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

/** Claim an open suggestion for a decision, or say why not. */
async function decide(tx: DbOrTx, actor: Actor, id: string, patch: Partial<GapSuggestionRow>): Promise<GapSuggestionRow> {
  const workspaceId = actor.principal.workspaceId;
  const before = await getGap(tx, workspaceId, id);
  const row = await updateSuggestion(tx, workspaceId, id, { ...patch, decidedBy: actor.principal.id, decidedAt: new Date() }, 'open');
  if (!row) throw appError('gap_suggestion_decided');
  await recordAudit(tx, actor, {
    action: `gap_suggestion.${row.status}`,
    targetType: 'gap_suggestion',
    targetId: id,
    before: { status: before.status },
    after: { status: row.status, question: row.question, ...(row.faqId ? { faqId: row.faqId } : {}) },
  });
  return row;
}

/**
 * Accept a suggestion, as is or edited: it becomes a published FAQ item
 * (through the knowledge module, which audits it and retrains the bot). The
 * suggestion is claimed first, so two editors accepting at once make one
 * item; if the item cannot be made, the claim is undone.
 */
export async function acceptGap(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof acceptGapBody>,
): Promise<{ suggestion: GapSuggestionRow; faq: FaqRow }> {
  const workspaceId = actor.principal.workspaceId;
  const claimed = await ctx.db.transaction((tx) => decide(tx, actor, id, { status: 'accepted' }));
  try {
    const answer = body.answer ?? claimed.draftAnswer;
    if (!answer)
      throw appError('validation_failed', [{ in: 'body', path: ['answer'], message: 'Write an answer: no agent answered these questions.' }]);
    const question = body.question ?? claimed.question;
    const similar = (body.similar ?? claimed.similar).filter((q) => q !== question);
    const [faq] = await createFaqs(ctx, actor, [
      { locale: claimed.locale, question, similar, answer, category: body.category, tags: body.tags, status: 'published' },
    ]);
    const suggestion = (await updateSuggestion(ctx.db, workspaceId, id, { faqId: faq!.id, question, similar, draftAnswer: answer }))!;
    return { suggestion, faq: faq! };
  } catch (err) {
    await updateSuggestion(ctx.db, workspaceId, id, { status: 'open', decidedBy: null, decidedAt: null }, 'accepted');
    throw err;
  }
}

/** Reject a suggestion: it stays on file so mining does not suggest the same questions again. */
export function rejectGap(ctx: AppContext, actor: Actor, id: string): Promise<GapSuggestionRow> {
  return ctx.db.transaction((tx) => decide(tx, actor, id, { status: 'rejected' }));
}
