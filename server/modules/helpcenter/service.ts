import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { selectFeedbackComments, selectFeedbackCounts, selectMostHelpful, upsertFeedback, type FeedbackCount } from './repo.ts';
import { feedbackTargets, type FeedbackRow, type FeedbackTarget } from './schema.ts';

/** Anonymous visitor ids the help center hands out in a cookie. */
export const visitorIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

export const feedbackInput = z
  .object({
    targetType: z.enum(feedbackTargets),
    targetKey: z.string().min(1).max(200),
    visitorId: visitorIdSchema,
    locale: z.enum(['zh-CN', 'en']),
    helpful: z.boolean(),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict();
export type FeedbackInput = z.infer<typeof feedbackInput>;

/**
 * Record a visitor's vote on a published item. Idempotent per visitor and
 * item: a second vote replaces the first, so counts never double. The caller
 * (the public help center) has already checked that the item is published.
 */
export async function recordFeedback(db: DbOrTx, workspaceId: string, input: FeedbackInput): Promise<FeedbackRow> {
  return upsertFeedback(db, { workspaceId, ...input, comment: input.comment || null });
}

export const feedbackQuery = z.object({
  targetType: z.enum(feedbackTargets).optional(),
  key: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** Helpful / not-helpful counts per item, for editors. */
export function feedbackCounts(db: DbOrTx, workspaceId: string, query: z.infer<typeof feedbackQuery>): Promise<FeedbackCount[]> {
  return selectFeedbackCounts(db, workspaceId, { targetType: query.targetType, targetKey: query.key, limit: query.limit });
}

/** The latest "not helpful" comments, for editors. */
export function feedbackComments(db: DbOrTx, workspaceId: string, query: z.infer<typeof feedbackQuery>): Promise<FeedbackRow[]> {
  return selectFeedbackComments(db, workspaceId, { targetType: query.targetType, targetKey: query.key, limit: Math.min(query.limit, 200) });
}

/** Keys of the items visitors found helpful most often (the help center's "popular" list). */
export function mostHelpfulKeys(db: DbOrTx, workspaceId: string, targetType: FeedbackTarget, limit: number): Promise<string[]> {
  return selectMostHelpful(db, workspaceId, targetType, limit);
}
