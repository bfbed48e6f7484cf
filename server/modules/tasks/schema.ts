import { foreignKey, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, tstz, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';

export const taskStatuses = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];
/** What made the task: a bad satisfaction rating, an automation rule, a person. */
export const taskSources = ['survey', 'automation', 'sla', 'user'] as const;
export type TaskSource = (typeof taskSources)[number];

/**
 * A to-do for staff with a due time: "follow up the 2-star rating on
 * T-2026-000123 within 24 h". Points at what it is about (a ticket, a
 * conversation, a contact); assigned to a person, a team, or to whoever holds
 * a permission (e.g. supervisors).
 */
export const tasks = pgTable(
  'tasks',
  {
    ...tenantColumns(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    status: text('status', { enum: taskStatuses }).notNull().default('open'),
    source: text('source', { enum: taskSources }).notNull(),
    dueAt: tstz('due_at'),
    assigneeId: text('assignee_id'),
    teamId: text('team_id'),
    ticketId: text('ticket_id'),
    conversationId: text('conversation_id'),
    contactId: text('contact_id'),
    /** Facts of its source (the rating, the rule id…). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdBy: text('created_by'),
    doneBy: text('done_by'),
    doneAt: tstz('done_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('tasks_open_idx').on(t.workspaceId, t.status, t.dueAt, t.id),
    index('tasks_assignee_idx').on(t.workspaceId, t.assigneeId, t.status),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);
export type TaskRow = typeof tasks.$inferSelect;
