import { z } from 'zod';
import { isoDate } from '../../lib/http.ts';
import type { ListedConversation } from './list-repo.ts';
import type { ConversationRow, MessageRow } from './schema.ts';

export const conversationView = z.object({
  id: z.string(),
  inboxId: z.string(),
  contactId: z.string(),
  status: z.string(),
  assigneeId: z.string().nullable(),
  teamId: z.string().nullable(),
  priority: z.string(),
  labels: z.array(z.string()),
  subject: z.string().nullable(),
  snoozedUntil: z.string().nullable(),
  lastSeq: z.number(),
  lastMessageAt: z.string(),
  createdAt: z.string(),
});

/** A row of the inbox list: the conversation, its contact and its last message (activity lines skipped). */
export const conversationListItemView = conversationView.extend({
  contact: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }),
  lastMessage: z
    .object({
      type: z.string(),
      senderType: z.string(),
      senderId: z.string().nullable(),
      content: z.string().describe('The first 140 characters'),
      attachmentCount: z.number(),
      createdAt: z.string(),
    })
    .nullable(),
});

export const messageView = z.object({
  id: z.string(),
  conversationId: z.string(),
  inboxId: z.string(),
  seq: z.number(),
  type: z.string(),
  senderType: z.string(),
  senderId: z.string().nullable(),
  content: z.string(),
  contentAttributes: z.record(z.string(), z.unknown()),
  attachments: z.array(z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number() })),
  status: z.string(),
  error: z.string().nullable(),
  createdAt: z.string(),
});

export type ConversationView = z.infer<typeof conversationView>;
export type MessageView = z.infer<typeof messageView>;

export function presentConversation(row: ConversationRow): ConversationView {
  return {
    id: row.id,
    inboxId: row.inboxId,
    contactId: row.contactId,
    status: row.status,
    assigneeId: row.assigneeId,
    teamId: row.teamId,
    priority: row.priority,
    labels: row.labels,
    subject: row.subject,
    snoozedUntil: isoDate(row.snoozedUntil),
    lastSeq: row.lastSeq,
    lastMessageAt: row.lastMessageAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentConversationListItem(item: ListedConversation): z.infer<typeof conversationListItemView> {
  const last = item.lastMessage;
  return {
    ...presentConversation(item.conversation),
    contact: item.contact,
    lastMessage: last ? { ...last, content: redactSurveyLinks(last.content), createdAt: last.createdAt.toISOString() } : null,
  };
}

/** A message as the customer's side (widget, the API channel) sees it; staff read `presentStaffMessage`. */
export function presentMessage(row: MessageRow): MessageView {
  return {
    id: row.id,
    conversationId: row.conversationId,
    inboxId: row.inboxId,
    seq: row.seq,
    type: row.type,
    senderType: row.senderType,
    senderId: row.senderId,
    content: row.content,
    contentAttributes: row.contentAttributes,
    attachments: row.attachments,
    status: row.status,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A satisfaction survey's public link (`…/survey/<token>`): the token is the customer's capability to answer. */
const SURVEY_LINK = /\/survey\/[A-Za-z0-9_-]{22}/g;

/** Message text as staff see it: a survey link keeps its place, without the token. */
export function redactSurveyLinks(text: string): string {
  return text.replace(SURVEY_LINK, '/survey/…');
}

/**
 * A message as agents see it (console API and socket): the survey a resolution
 * asked for is shown, but never its token — with it, an agent could rate their
 * own work. The customer's side keeps it through `presentMessage`.
 */
export function presentStaffMessage(row: MessageRow): MessageView {
  const view = presentMessage(row);
  const { survey, ...attributes } = view.contentAttributes as Record<string, unknown>;
  if (!survey && redactSurveyLinks(view.content) === view.content) return view;
  const { token: _token, url: _url, ...form } = (survey ?? {}) as Record<string, unknown>;
  return { ...view, content: redactSurveyLinks(view.content), contentAttributes: survey ? { ...attributes, survey: form } : attributes };
}
