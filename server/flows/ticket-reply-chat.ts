import { adapterFor } from '../channels/index.ts';
import type { AppContext } from '../context.ts';
import { getContact } from '../modules/contacts/index.ts';
import { getConversation } from '../modules/conversations/index.ts';
import { getInbox } from '../modules/inboxes/index.ts';
import { getTicketDetail, type TicketActivityRow, type TicketRow } from '../modules/tickets/index.ts';
import type { Actor } from '../lib/principal.ts';
import { replyToConversation } from './conversation-actions.ts';

/** "【工单 T-2026-000123】…": the reply, marked with its ticket, in the contact's language. */
export function chatLine(locale: string | null, number: string, body: string): string {
  return locale === 'en' ? `[Ticket ${number}] ${body}` : `【工单 ${number}】${body}`;
}

/**
 * The newest conversation of the ticket that can carry the reply: not an
 * email thread (mail reaches the requester through the ticket's own mail)
 * and on a channel that sends text (voice transcripts cannot).
 */
async function chatOf(ctx: AppContext, workspaceId: string, conversationIds: readonly string[]) {
  for (const id of [...conversationIds].reverse()) {
    const conversation = await getConversation(ctx.db, workspaceId, id);
    const { capabilities } = adapterFor((await getInbox(ctx.db, workspaceId, conversation.inboxId)).channel);
    if (!capabilities.mail && capabilities.maxTextLength > 0) return conversation;
  }
  return null;
}

/**
 * A staff reply on a ticket that began in a chat also goes to that chat, so
 * a customer waiting in the widget (or on WeChat, SMS) reads the answer where
 * they asked. The message id is derived from the activity, so a re-run of
 * the listener stores it once.
 */
export async function sendTicketReplyToChat(ctx: AppContext, ticket: TicketRow, activity: TicketActivityRow): Promise<void> {
  if (activity.kind !== 'reply' || !activity.public || activity.actorType !== 'user' || !activity.actorId) return;
  const { conversationIds } = await getTicketDetail(ctx.db, ticket.workspaceId, ticket.id, { publicOnly: true });
  const conversation = await chatOf(ctx, ticket.workspaceId, conversationIds);
  if (!conversation) return;
  const { contact } = await getContact(ctx.db, ticket.workspaceId, conversation.contactId);
  const actor: Actor = {
    principal: { kind: 'user', id: activity.actorId, workspaceId: ticket.workspaceId, roleId: '', permissions: new Set() },
    requestId: `ticket-reply:${activity.id}`,
    ip: '127.0.0.1',
  };
  await replyToConversation(ctx, actor, conversation.id, {
    content: chatLine(contact.locale, ticket.number, activity.body),
    private: false,
    clientMessageId: `ticket-reply:${activity.id}`,
    attachmentIds: [],
    mentionedUserIds: [],
  });
}

export function registerTicketReplyChatListeners(ctx: AppContext): void {
  ctx.bus.on('ticket.activity_added', async ({ payload: { ticket, activity } }) => {
    await sendTicketReplyToChat(ctx, ticket, activity).catch((err: unknown) =>
      ctx.log.error({ err, ticketId: ticket.id, activityId: activity.id }, 'ticket reply could not reach its chat'),
    );
  });
}
