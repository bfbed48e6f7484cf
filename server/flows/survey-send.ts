import { adapterFor } from '../channels/index.ts';
import type { AppContext } from '../context.ts';
import type { EventCatalogue } from '../events/catalogue.ts';
import type { JobDefinition } from '../jobs/queue.ts';
import { hasWithdrawn } from '../modules/consent/index.ts';
import { getContact } from '../modules/contacts/index.ts';
import { announceMessage, getConversation, storeConversationMessage, type ConversationRow } from '../modules/conversations/index.ts';
import {
  getSurveySettings,
  lockUnsentRequest,
  markRequestSent,
  openSurveyRequest,
  selectDueRequests,
  selectTicketConversationId,
  surveyMessage,
  surveyModeFor,
  surveyUrl,
  type SurveyLocale,
  type SurveyRequestRow,
  type SurveySubjectFacts,
} from '../modules/feedback/index.ts';
import { getInbox } from '../modules/inboxes/index.ts';
import { DELIVER_JOB, deliverMessage } from './deliver-message.ts';
import { queueSurveyMail } from './ticket-notify.ts';

/** The base of links the customer opens: KEFU_PUBLIC_URL, else this server's own address. */
export function publicBaseUrl(ctx: AppContext): string {
  return ctx.env.KEFU_PUBLIC_URL ?? `http://${ctx.env.HOST.includes(':') ? `[${ctx.env.HOST}]` : ctx.env.HOST}:${ctx.env.PORT}`;
}

async function localeOf(ctx: AppContext, workspaceId: string, contactId: string): Promise<SurveyLocale> {
  const { contact } = await getContact(ctx.db, workspaceId, contactId);
  return contact.locale?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/**
 * Ask about one resolution: record the request (once per resolution) and,
 * without a delay, post the asking message at once; with one, the due job
 * posts it later. Channels that cannot carry a reply (voice) are noted and
 * skipped.
 */
async function askAbout(
  ctx: AppContext,
  conversation: ConversationRow,
  facts: Omit<SurveySubjectFacts, 'channel' | 'locale' | 'contactId'>,
): Promise<void> {
  const inbox = await getInbox(ctx.db, facts.workspaceId, conversation.inboxId);
  const settings = await getSurveySettings(ctx.db, facts.workspaceId);
  const mode = surveyModeFor(settings, facts.subjectType, inbox.channel);
  if (!mode) return;
  if (await hasWithdrawn(ctx.db, facts.workspaceId, conversation.contactId, 'survey')) {
    ctx.log.info({ conversationId: conversation.id }, 'survey not asked: the customer withdrew consent to surveys');
    return;
  }
  if (adapterFor(inbox.channel).capabilities.maxTextLength === 0) {
    ctx.log.info({ conversationId: conversation.id, channel: inbox.channel }, 'survey not asked: the channel cannot send a reply');
    return;
  }
  const locale = await localeOf(ctx, facts.workspaceId, conversation.contactId);
  const request = await openSurveyRequest(ctx.db, settings, { ...facts, contactId: conversation.contactId, channel: inbox.channel, locale }, mode);
  if (request && settings.delayMinutes === 0) await sendSurvey(ctx, request.workspaceId, request.id);
}

/** A conversation was resolved: ask its customer (surveys of `conversations` or `both`). */
export async function askAfterConversation(ctx: AppContext, event: EventCatalogue['conversation.resolved']): Promise<void> {
  const { conversation } = event;
  await askAbout(ctx, conversation, {
    workspaceId: event.workspaceId,
    subjectType: 'conversation',
    conversationId: conversation.id,
    ticketId: null,
    agentId: event.assigneeId,
    teamId: conversation.teamId,
    resolutionKey: `conversation:${conversation.id}:${conversation.updatedAt.toISOString()}`,
  });
}

/**
 * A ticket was resolved: ask in its most recently linked conversation; a
 * ticket without one (API, portal) asks by email when the requester has an
 * address (delivery setting `email`), and not at all otherwise.
 */
export async function askAfterTicket(ctx: AppContext, event: EventCatalogue['ticket.resolved']): Promise<void> {
  const { ticket, workspaceId } = event;
  const facts = {
    workspaceId,
    subjectType: 'ticket' as const,
    ticketId: ticket.id,
    agentId: ticket.assigneeId,
    resolutionKey: `ticket:${ticket.id}:${(ticket.resolvedAt ?? ticket.updatedAt).toISOString()}`,
  };
  const conversationId = await selectTicketConversationId(ctx.db, workspaceId, ticket.id);
  if (!conversationId) return askByEmail(ctx, ticket.contactId, { ...facts, conversationId: null, teamId: ticket.teamId });
  const conversation = await getConversation(ctx.db, workspaceId, conversationId);
  await askAbout(ctx, conversation, { ...facts, conversationId, teamId: ticket.teamId ?? conversation.teamId });
}

/** A ticket with no conversation: a link survey to the requester's email, if they have one. */
async function askByEmail(ctx: AppContext, contactId: string, facts: Omit<SurveySubjectFacts, 'channel' | 'locale' | 'contactId'>): Promise<void> {
  const { contact } = await getContact(ctx.db, facts.workspaceId, contactId);
  if (!contact.email) {
    ctx.log.info({ ticketId: facts.ticketId }, 'survey not asked: the ticket has no conversation and its requester no email');
    return;
  }
  const settings = await getSurveySettings(ctx.db, facts.workspaceId);
  if (!surveyModeFor(settings, 'ticket', 'email')) return;
  const locale: SurveyLocale = contact.locale?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
  const request = await openSurveyRequest(ctx.db, settings, { ...facts, contactId, channel: 'email', locale }, 'link');
  if (request && settings.delayMinutes === 0) await sendSurvey(ctx, request.workspaceId, request.id);
}

/** Mail the link of a request with no conversation (queued once per request), then mark it sent. */
async function mailSurvey(ctx: AppContext, request: SurveyRequestRow): Promise<void> {
  if (!request.ticketId) return markRequestSent(ctx.db, request.workspaceId, request.id, null);
  const url = surveyUrl(publicBaseUrl(ctx), request.token);
  await queueSurveyMail(ctx, { kind: 'survey', workspaceId: request.workspaceId, ticketId: request.ticketId, url }, request.id);
  await markRequestSent(ctx.db, request.workspaceId, request.id, null);
}

/**
 * Post the asking message of one due request into its conversation (a bot
 * message, so it goes out the same way as the bot's replies): claim the
 * request, store the message, mark it sent — one transaction — then announce
 * it and hand it to the channel. A conversation reopened meanwhile is not
 * asked (the next resolution asks); a ticket is asked in its conversation
 * even while that chat goes on.
 */
export async function sendSurvey(ctx: AppContext, workspaceId: string, requestId: string): Promise<void> {
  const due = await lockUnsentRequest(ctx.db, workspaceId, requestId);
  if (due && !due.conversationId) return mailSurvey(ctx, due);
  const sent = await ctx.db.transaction(async (tx) => {
    const request = await lockUnsentRequest(tx, workspaceId, requestId);
    if (!request?.conversationId) return null;
    const conversation = await getConversation(tx, workspaceId, request.conversationId);
    // A conversation's survey waits for it to stay resolved; a ticket's is asked in its conversation whatever that chat's state.
    // A delayed survey whose customer withdrew consent meanwhile is closed unsent.
    const withdrawn = await hasWithdrawn(tx, workspaceId, request.contactId, 'survey');
    if (withdrawn || (request.subjectType === 'conversation' && conversation.status !== 'resolved')) {
      await markRequestSent(tx, workspaceId, request.id, null);
      return null;
    }
    const { content, contentAttributes } = surveyMessage(request, publicBaseUrl(ctx));
    const stored = await storeConversationMessage(tx, conversation, {
      type: 'outgoing',
      senderType: 'bot',
      senderId: null,
      content,
      contentAttributes,
    });
    await markRequestSent(tx, workspaceId, request.id, stored.message.id);
    return { conversation, message: stored.message };
  });
  if (!sent) return;
  announceMessage(ctx, sent);
  const inbox = await getInbox(ctx.db, workspaceId, sent.message.inboxId);
  const data = { workspaceId, messageId: sent.message.id };
  if (adapterFor(inbox.channel).capabilities.realtime) await deliverMessage(ctx, data);
  else await ctx.jobs.send(DELIVER_JOB, data, { dedupeKey: sent.message.id });
}

/** Resolutions trigger the survey (registered in server/listeners.ts). */
export function registerSurveyListeners(ctx: AppContext): void {
  ctx.bus.on('conversation.resolved', ({ payload }) => askAfterConversation(ctx, payload));
  ctx.bus.on('ticket.resolved', ({ payload }) => askAfterTicket(ctx, payload));
}

/** Every minute: post the surveys whose delay is over. */
export const sendDueSurveysJob: JobDefinition = {
  name: 'surveys.send-due',
  cron: '* * * * *',
  async run(ctx) {
    for (const request of await selectDueRequests(ctx.db, new Date(), 200)) await sendSurvey(ctx, request.workspaceId, request.id);
  },
};
