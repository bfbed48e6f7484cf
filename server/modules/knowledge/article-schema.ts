import { foreignKey, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';
import { knowledgeLocales } from './schema.ts';

export const articleStatuses = ['draft', 'published', 'archived'] as const;
export type ArticleStatus = (typeof articleStatuses)[number];

/**
 * A knowledge article (manual, policy) written in Markdown. Articles with the
 * same `key` in different locales are translations of each other; the slug is
 * the article's address on the help center (`/help/<workspace>/articles/<slug>`),
 * unique per workspace and locale. Only published articles answer customers:
 * the bot splits them into passages by heading (server/nlu/passages.ts).
 */
export const kbArticles = pgTable(
  'kb_articles',
  {
    ...tenantColumns(),
    key: text('key').notNull(),
    locale: text('locale', { enum: knowledgeLocales }).notNull(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    /** Markdown; images are links to `/api/v1/knowledge/images/<workspace>/<attachment>`. */
    body: text('body').notNull(),
    /** Up to three levels, like FAQ items: product line → function → problem type. */
    category: text('category').array().notNull().default([]),
    tags: text('tags').array().notNull().default([]),
    status: text('status', { enum: articleStatuses }).notNull().default('draft'),
    /** The user or API key that made the last change (null for the demo seed). */
    updatedBy: text('updated_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('kb_articles_slug_uq').on(t.workspaceId, t.locale, t.slug),
    uniqueIndex('kb_articles_key_locale_uq').on(t.workspaceId, t.key, t.locale),
    index('kb_articles_status_idx').on(t.workspaceId, t.status),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export type ArticleRow = typeof kbArticles.$inferSelect;
