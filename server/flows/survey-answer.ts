import type { AppContext } from '../context.ts';
import { getContact } from '../modules/contacts/index.ts';
import { announceMessage, getConversation, storeConversationMessage, type ConversationRow, type MessageRow } from '../modules/conversations/index.ts';
import {
  attachTask,
  getSurveySettings,
  openSurvey,
  recordSurveyAnswer,
  type SurveyAnswer,
  type SurveyRequestRow,
  type SurveyResponseRow,
} from '../modules/feedback/index.ts';
import { announceTask, createTask, type TaskRow } from '../modules/tasks/index.ts';

const stars = (rating: number) => '★'.repeat(rating) + '☆'.repeat(5 - rating);

/** The customer's name, email or phone; null for an anonymous visitor. */
async function contactName(ctx: AppContext, workspaceId: string, contactId: string): Promise<string | null> {
  const { contact, identities } = await getContact(ctx.db, workspaceId, contactId);
  const reachable = identities.find((i) => i.kind === 'email' || i.kind === 'phone');
  return contact.name ?? contact.email ?? reachable?.value ?? null;
}

/** The follow-up task of a low rating: due after the settings' hours, for the team that handled it. */
function followUpTask(request: SurveyRequestRow, response: SurveyResponseRow, who: string | null, dueHours: number, now: Date) {
  const about = who ? ` · ${who}` : '';
  return {
    title: `跟进 ${response.rating} 星评价${about} / Follow up ${response.rating}-star rating${about}`,
    body: response.comment,
    source: 'survey' as const,
    dueAt: new Date(now.getTime() + dueHours * 3_600_000),
    teamId: request.teamId,
    assigneeId: null,
    conversationId: request.conversationId,
    ticketId: request.ticketId,
    contactId: request.contactId,
    data: {
      rating: response.rating,
      comment: response.comment,
      responseId: response.id,
      surveyId: request.id,
      agentId: request.agentId,
      contactName: who,
    },
  };
}

/**
 * The customer answers a survey (public: the token is the capability).
 * Steps, in one transaction: lock the request (unknown → 404, expired →
 * 410), store or replace the answer (a second one after ten minutes → 409),
 * write the rating as a timeline line of the conversation, and — for a
 * rating at or below the threshold — the follow-up task. After the commit
 * the line and the task are announced (consoles see both at once).
 */
export async function answerSurvey(
  ctx: AppContext,
  token: string,
  body: SurveyAnswer,
): Promise<{ response: SurveyResponseRow; task: TaskRow | null; request: SurveyRequestRow }> {
  const now = new Date();
  const probe = await openSurvey(ctx.db, token, { now });
  const settings = await getSurveySettings(ctx.db, probe.workspaceId);
  const who = await contactName(ctx, probe.workspaceId, probe.contactId);
  const result = await ctx.db.transaction(async (tx) => {
    const request = await openSurvey(tx, token, { lock: true, now });
    let { response } = await recordSurveyAnswer(tx, request, body, now);
    let task: TaskRow | null = null;
    if (response.rating <= settings.followUpThreshold && !response.taskId) {
      task = await createTask(tx, request.workspaceId, followUpTask(request, response, who, settings.followUpDueHours, now));
      response = await attachTask(tx, response, task.id);
    }
    let line: { conversation: ConversationRow; message: MessageRow } | null = null;
    if (request.conversationId) {
      const conversation = await getConversation(tx, request.workspaceId, request.conversationId);
      const content = `${stars(response.rating)} ${response.rating}/5${response.comment ? ` · ${response.comment}` : ''}`;
      const stored = await storeConversationMessage(tx, conversation, {
        type: 'activity',
        senderType: 'contact',
        senderId: request.contactId,
        content,
        contentAttributes: { csat: { responseId: response.id, rating: response.rating, comment: response.comment, taskId: response.taskId } },
      });
      line = { conversation, message: stored.message };
    }
    return { request, response, task, line };
  });
  if (result.line) announceMessage(ctx, result.line);
  if (result.task) announceTask(ctx, result.task);
  return { response: result.response, task: result.task, request: result.request };
}
