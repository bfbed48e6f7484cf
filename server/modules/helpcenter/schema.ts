import { boolean, foreignKey, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';

export const feedbackTargets = ['faq', 'article'] as const;
export type FeedbackTarget = (typeof feedbackTargets)[number];

/**
 * "Was this helpful?" on the public help center: one vote per visitor (an
 * anonymous cookie) and item, so voting twice changes the vote instead of
 * counting it twice. `target_key` is the FAQ item's key (shared by its
 * translations) or the article's slug. A "no" may carry a comment.
 */
export const helpcenterFeedback = pgTable(
  'helpcenter_feedback',
  {
    workspaceId: text('workspace_id').notNull(),
    targetType: text('target_type', { enum: feedbackTargets }).notNull(),
    targetKey: text('target_key').notNull(),
    visitorId: text('visitor_id').notNull(),
    /** The language of the page the visitor voted on. */
    locale: text('locale').notNull(),
    helpful: boolean('helpful').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.targetType, t.targetKey, t.visitorId] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export type FeedbackRow = typeof helpcenterFeedback.$inferSelect;
