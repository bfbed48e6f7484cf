import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, tstz, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';

export const gapStatuses = ['open', 'accepted', 'rejected'] as const;
export type GapStatus = (typeof gapStatuses)[number];
export const gapLocales = ['zh-CN', 'en'] as const;
export type GapLocale = (typeof gapLocales)[number];

/** One customer question behind a suggestion, with where it was asked. */
export interface GapExample {
  question: string;
  conversationId: string;
  askedAt: string;
}

/**
 * A suggested FAQ item mined from questions the bot could not answer
 * (gap mining clusters same-meaning ones): the representative question,
 * similar ones, a draft answer taken from agents' replies, and how many
 * conversations asked it. Open suggestions are rewritten by each mining run;
 * accepted and rejected ones stay, so the same cluster is not suggested again.
 */
export const gapSuggestions = pgTable(
  'gap_suggestions',
  {
    ...tenantColumns(),
    locale: text('locale', { enum: gapLocales }).notNull(),
    status: text('status', { enum: gapStatuses }).notNull().default('open'),
    question: text('question').notNull(),
    similar: text('similar').array().notNull().default([]),
    examples: jsonb('examples').$type<GapExample[]>().notNull().default([]),
    /** Agents' reply, phones and emails masked; null when no agent answered. */
    draftAnswer: text('draft_answer'),
    /** Distinct conversations that asked it in the mining window. */
    count: integer('count').notNull(),
    /** How often each gap signal (not_understood, handoff, …) was seen. */
    signals: jsonb('signals').$type<Record<string, number>>().notNull().default({}),
    lastAskedAt: tstz('last_asked_at').notNull(),
    /** The FAQ item created on accepting it. */
    faqId: text('faq_id'),
    decidedBy: text('decided_by'),
    decidedAt: tstz('decided_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('gap_suggestions_list_idx').on(t.workspaceId, t.status, t.count),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export type GapSuggestionRow = typeof gapSuggestions.$inferSelect;
