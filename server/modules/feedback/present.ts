import { z } from 'zod';
import { surveySubjects, type SurveyResponseRow } from './schema.ts';

export const responseView = z.object({
  id: z.string(),
  surveyId: z.string(),
  rating: z.number().int().min(1).max(5),
  comment: z.string(),
  answers: z.record(z.string(), z.string()),
  channel: z.string(),
  agentId: z.string().nullable(),
  teamId: z.string().nullable(),
  subjectType: z.enum(surveySubjects),
  conversationId: z.string().nullable(),
  ticketId: z.string().nullable(),
  contactId: z.string(),
  taskId: z.string().nullable().describe('The follow-up task a low rating made'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ResponseView = z.infer<typeof responseView>;

export function presentResponse(row: SurveyResponseRow): ResponseView {
  return {
    id: row.id,
    surveyId: row.surveyId,
    rating: row.rating,
    comment: row.comment,
    answers: row.answers,
    channel: row.channel,
    agentId: row.agentId,
    teamId: row.teamId,
    subjectType: row.subjectType,
    conversationId: row.conversationId,
    ticketId: row.ticketId,
    contactId: row.contactId,
    taskId: row.taskId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const figures = {
  count: z.number().int(),
  average: z.number().nullable().describe('Mean stars, 1–5; null without responses'),
  csat: z.number().nullable().describe('Share of 4–5 star ratings, 0–1; null without responses'),
};
export const summaryView = z.object({ ...figures, byAgent: z.array(z.object({ agentId: z.string().nullable(), ...figures })) });
export type SummaryView = z.infer<typeof summaryView>;

/** CSAT figures from per-agent sums. */
export function presentSummary(rows: { agentId: string | null; count: number; satisfied: number; sum: number }[]): SummaryView {
  const figure = (count: number, satisfied: number, sum: number) => ({
    count,
    average: count ? Math.round((sum / count) * 100) / 100 : null,
    csat: count ? Math.round((satisfied / count) * 1000) / 1000 : null,
  });
  const total = rows.reduce((a, r) => ({ count: a.count + r.count, satisfied: a.satisfied + r.satisfied, sum: a.sum + r.sum }), {
    count: 0,
    satisfied: 0,
    sum: 0,
  });
  return {
    ...figure(total.count, total.satisfied, total.sum),
    byAgent: rows.map((r) => ({ agentId: r.agentId, ...figure(r.count, r.satisfied, r.sum) })).sort((a, b) => b.count - a.count),
  };
}
