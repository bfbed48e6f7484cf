import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { findRequestByToken, findResponseBySurvey, insertResponse, markRequestAnswered, updateResponse } from './repo.ts';
import type { SurveyRequestRow, SurveyResponseRow } from './schema.ts';
import { SURVEY_TOKEN } from './token.ts';

/** A second answer to the same survey replaces the first within this window, and is refused (`survey_answered`) after it. */
export const CHANGE_WINDOW_MS = 10 * 60_000;

/** The customer's answer, from the widget (JSON) or the page's form (strings). */
export const surveyAnswerBody = z.object({
  rating: z.coerce.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).default(''),
  answers: z.record(z.string().max(40), z.string().max(40)).default({}),
});
export type SurveyAnswer = z.infer<typeof surveyAnswerBody>;

/**
 * The survey a token opens, or why not: `survey_not_found` (unknown or
 * malformed), `survey_expired` (410).
 */
export async function openSurvey(db: DbOrTx, token: string, options: { lock?: boolean; now?: Date } = {}): Promise<SurveyRequestRow> {
  const request = SURVEY_TOKEN.test(token) ? await findRequestByToken(db, token, options.lock) : undefined;
  if (!request) throw appError('survey_not_found');
  if (request.expiresAt <= (options.now ?? new Date())) throw appError('survey_expired');
  return request;
}

/** Answers to the extra questions, checked against the questions as asked; unknown keys are refused. */
function checkAnswers(request: SurveyRequestRow, answers: Record<string, string>): Record<string, string> {
  const fail = (key: string, message: string) => appError('validation_failed', [{ in: 'body', path: ['answers', key], message }]);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(answers)) {
    if (value === '') continue;
    const question = request.form.questions.find((q) => q.key === key);
    if (!question) throw fail(key, 'no such question');
    const allowed = question.kind === 'yes_no' ? ['yes', 'no'] : question.options.map((o) => o.value);
    if (!allowed.includes(value)) throw fail(key, `one of ${allowed.join(', ')}`);
    out[key] = value;
  }
  for (const q of request.form.questions) if (q.required && !out[q.key]) throw fail(q.key, 'required');
  return out;
}

/**
 * Store the answer inside the caller's transaction (the request row is
 * locked by `openSurvey(…, { lock: true })`). A second answer within
 * {@link CHANGE_WINDOW_MS} replaces the first; later it is `survey_answered`.
 */
export async function recordSurveyAnswer(
  tx: DbOrTx,
  request: SurveyRequestRow,
  body: SurveyAnswer,
  now = new Date(),
): Promise<{ response: SurveyResponseRow; created: boolean }> {
  const answers = checkAnswers(request, body.answers);
  const comment = request.form.comment ? body.comment : '';
  const existing = await findResponseBySurvey(tx, request.workspaceId, request.id);
  if (existing) {
    if (now.getTime() - existing.createdAt.getTime() > CHANGE_WINDOW_MS) throw appError('survey_answered');
    return { response: await updateResponse(tx, request.workspaceId, existing.id, { rating: body.rating, comment, answers }), created: false };
  }
  const response = await insertResponse(tx, {
    workspaceId: request.workspaceId,
    id: newId('surveyResponse'),
    surveyId: request.id,
    rating: body.rating,
    comment,
    answers,
    channel: request.channel,
    agentId: request.agentId,
    teamId: request.teamId,
    subjectType: request.subjectType,
    conversationId: request.conversationId,
    ticketId: request.ticketId,
    contactId: request.contactId,
  });
  await markRequestAnswered(tx, request.workspaceId, request.id);
  return { response, created: true };
}

/** Link the follow-up task to the response. */
export function attachTask(tx: DbOrTx, response: SurveyResponseRow, taskId: string): Promise<SurveyResponseRow> {
  return updateResponse(tx, response.workspaceId, response.id, { taskId });
}
