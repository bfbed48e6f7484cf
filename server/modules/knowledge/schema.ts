import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, tstz, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';

export const knowledgeLocales = ['zh-CN', 'en'] as const;
export type KnowledgeLocale = (typeof knowledgeLocales)[number];
export const faqStatuses = ['draft', 'published', 'archived'] as const;
export type FaqStatus = (typeof faqStatuses)[number];

/**
 * A frequently asked question: the standard question, other ways customers
 * ask it, and the answer (full, and short for SMS/WeChat). Items with the same
 * `key` in different locales are translations of each other. Only published
 * items inside their validity dates train the bot and answer customers.
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
    /** Answers customers from this moment on (null: at once). */
    validFrom: tstz('valid_from'),
    /** Stops answering customers at this moment (null: never). */
    validUntil: tstz('valid_until'),
    /** The number of the item's latest version (see faq_versions). */
    version: integer('version').notNull().default(1),
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

/** Everything a version keeps of an item: enough to show it, diff it and roll back to it. */
export interface FaqSnapshot {
  key: string;
  locale: KnowledgeLocale;
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

export const faqVersionActions = ['created', 'updated', 'status_changed', 'rolled_back', 'category_moved', 'baseline'] as const;
export type FaqVersionAction = (typeof faqVersionActions)[number];

/**
 * One version of a FAQ item per change: the full snapshot after the change,
 * who made it and what changed. Rows are never updated; a rollback adds one.
 */
export const faqVersions = pgTable(
  'faq_versions',
  {
    workspaceId: text('workspace_id').notNull(),
    faqId: text('faq_id').notNull(),
    version: integer('version').notNull(),
    action: text('action', { enum: faqVersionActions }).notNull(),
    snapshot: jsonb('snapshot').$type<FaqSnapshot>().notNull(),
    /** The fields that differ from the previous version. */
    changed: text('changed').array().notNull().default([]),
    note: text('note'),
    actorType: text('actor_type', { enum: ['user', 'api_key', 'system'] }).notNull(),
    actorId: text('actor_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.faqId, t.version] }),
    foreignKey({ columns: [t.workspaceId, t.faqId], foreignColumns: [faqItems.workspaceId, faqItems.id] }).onDelete('cascade'),
  ],
);

export type FaqVersionRow = typeof faqVersions.$inferSelect;
