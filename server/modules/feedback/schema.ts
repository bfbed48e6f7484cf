import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, tstz, updatedAt } from '../../db/columns.ts';
import type { ChannelKind } from '../inboxes/schema.ts';
import { workspaces } from '../workspaces/schema.ts';
import type { SurveyForm, SurveySettings } from './settings.ts';

export const surveySubjects = ['conversation', 'ticket'] as const;
export type SurveySubject = (typeof surveySubjects)[number];

/** One row per workspace: how (and whether) it asks for satisfaction ratings; absent = the defaults. */
export const surveySettings = pgTable(
  'survey_settings',
  {
    workspaceId: text('workspace_id').notNull(),
    settings: jsonb('settings').$type<SurveySettings>().notNull(),
    updatedBy: text('updated_by'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId] }), foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade')],
);

/**
 * One request for a rating, made when a conversation or ticket is resolved.
 * The customer holds the token (a random 128-bit capability, unique across
 * workspaces); `resolution_key` makes a repeated event for the same resolution
 * harmless while a later resolution asks again.
 */
export const surveyRequests = pgTable(
  'survey_requests',
  {
    ...tenantColumns(),
    /** 128 random bits, base64url: the customer's right to answer. */
    token: text('token').notNull(),
    resolutionKey: text('resolution_key').notNull(),
    subjectType: text('subject_type', { enum: surveySubjects }).notNull(),
    conversationId: text('conversation_id'),
    ticketId: text('ticket_id'),
    contactId: text('contact_id').notNull(),
    agentId: text('agent_id'),
    teamId: text('team_id'),
    channel: text('channel').$type<ChannelKind>().notNull(),
    /** How it is asked: the structured message (`inline`) or a link in the text. */
    mode: text('mode', { enum: ['inline', 'link'] }).notNull(),
    locale: text('locale').notNull(),
    /** The questions and texts as asked (later settings changes do not change an open survey). */
    form: jsonb('form').$type<SurveyForm>().notNull(),
    messageId: text('message_id'),
    sendAt: tstz('send_at').notNull(),
    sentAt: tstz('sent_at'),
    expiresAt: tstz('expires_at').notNull(),
    answeredAt: tstz('answered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('survey_requests_token_idx').on(t.token),
    uniqueIndex('survey_requests_resolution_idx').on(t.workspaceId, t.resolutionKey),
    index('survey_requests_due_idx')
      .on(t.sendAt)
      .where(sql`sent_at is null`),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);
export type SurveyRequestRow = typeof surveyRequests.$inferSelect;

/** A customer's answer: the 1–5 stars, the comment and the extra questions, with who and what it rates. */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    ...tenantColumns(),
    surveyId: text('survey_id').notNull(),
    rating: integer('rating').notNull(),
    comment: text('comment').notNull().default(''),
    answers: jsonb('answers').$type<Record<string, string>>().notNull().default({}),
    channel: text('channel').$type<ChannelKind>().notNull(),
    agentId: text('agent_id'),
    teamId: text('team_id'),
    subjectType: text('subject_type', { enum: surveySubjects }).notNull(),
    conversationId: text('conversation_id'),
    ticketId: text('ticket_id'),
    contactId: text('contact_id').notNull(),
    /** The follow-up task a low rating made. */
    taskId: text('task_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('survey_responses_survey_idx').on(t.workspaceId, t.surveyId),
    index('survey_responses_list_idx').on(t.workspaceId, t.createdAt, t.id),
    index('survey_responses_agent_idx').on(t.workspaceId, t.agentId, t.createdAt),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);
export type SurveyResponseRow = typeof surveyResponses.$inferSelect;
