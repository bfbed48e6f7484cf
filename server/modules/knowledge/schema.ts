import { foreignKey, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';

export const knowledgeLocales = ['zh-CN', 'en'] as const;
export type KnowledgeLocale = (typeof knowledgeLocales)[number];
export const faqStatuses = ['draft', 'published', 'archived'] as const;
export type FaqStatus = (typeof faqStatuses)[number];

/**
 * A frequently asked question: the standard question, other ways customers
 * ask it, and the answer (full, and short for SMS/WeChat). Items with the same
 * `key` in different locales are translations of each other. Only published
 * items train the bot and answer customers.
 */
export const faqItems = pgTable(
  'faq_items',
  {
    ...tenantColumns(),
    key: text('key').notNull(),
    locale: text('locale', { enum: knowledgeLocales }).notNull(),
    question: text('question').notNull(),
    similar: text('similar').array().notNull().default([]),
    answer: text('answer').notNull(),
    shortAnswer: text('short_answer'),
    /** Up to three levels: product line → function → problem type. */
    category: text('category').array().notNull().default([]),
    tags: text('tags').array().notNull().default([]),
    status: text('status', { enum: faqStatuses }).notNull().default('published'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('faq_items_key_locale_uq').on(t.workspaceId, t.key, t.locale),
    index('faq_items_status_idx').on(t.workspaceId, t.status),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export type FaqRow = typeof faqItems.$inferSelect;
