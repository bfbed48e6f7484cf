import type { AppContext } from '../context.ts';
import { announceMessage, getConversation, storeConversationMessage, type StoredMessage } from '../modules/conversations/index.ts';
import { channelSettings, type InboxRow } from '../modules/inboxes/index.ts';
import { claimIntakeKey } from '../modules/ticket-intake/index.ts';
import { addCustomerReply, insertNewTicket, listTicketsOfConversation, type TicketRow } from '../modules/tickets/index.ts';
import { classifyForTicket } from './ticket-intake.ts';

/** True when the email inbox is in ticket mode (`settings.createTickets`). */
export function emailCreatesTickets(inbox: InboxRow): boolean {
  const parsed = channelSettings.email.safeParse(inbox.settings);
  return parsed.success && parsed.data.createTickets;
}

/**
 * Ticket mode for one stored inbound mail: when its conversation has a
 * ticket still open, the mail becomes the customer's reply on it (which
 * reopens a resolved one); otherwise — the first mail of a new thread, or a
 * thread whose ticket was closed — it files a new ticket (source `email`,
 * subject = the mail's subject, description = its text, requester = the
 * sender's contact) linked to the conversation. Once per stored message.
 */
export async function ticketFromEmail(
  ctx: AppContext,
  inbox: InboxRow,
  stored: StoredMessage,
  mail: { subject: string | null; text: string },
): Promise<{ ticket: TicketRow; created: boolean } | null> {
  if (!stored.created || !emailCreatesTickets(inbox)) return null;
  const { workspaceId } = inbox;
  const { conversation, message } = stored;
  const linked = await listTicketsOfConversation(ctx.db, workspaceId, conversation.id);
  const live = linked.find((t) => t.status !== 'closed' && t.contactId === conversation.contactId);
  if (live) {
    const { change } = await addCustomerReply(ctx, workspaceId, conversation.contactId, live.id, {
      body: mail.text.trim() || mail.subject || '—',
      attachments: message.attachments,
    });
    return { ticket: change.ticket, created: false };
  }
  const classified = await classifyForTicket(ctx, workspaceId, `${mail.subject ?? ''}\n${mail.text}`);
  const result = await ctx.db.transaction(async (tx) => {
    let ticket: TicketRow | null = null;
    const claim = await claimIntakeKey(tx, workspaceId, `email:${message.id}`, async () => {
      ticket = await insertNewTicket(
        tx,
        workspaceId,
        { type: 'system', id: null },
        'email',
        {
          subject: (mail.subject ?? '').trim().slice(0, 200) || mail.text.trim().slice(0, 80) || '(no subject)',
          description: mail.text.slice(0, 20_000),
          contactId: conversation.contactId,
          categoryId: classified?.categoryId ?? null,
          ...(classified?.priority ? { priority: classified.priority } : {}),
          attachments: message.attachments,
          conversationIds: [conversation.id],
        },
        classified ? { classification: { by: 'classifier', ...classified } } : {},
      );
      return ticket;
    });
    if (!claim.created || !ticket) return null;
    const made: TicketRow = ticket;
    const current = await getConversation(tx, workspaceId, conversation.id);
    const activity = await storeConversationMessage(tx, current, {
      type: 'activity',
      senderType: 'system',
      senderId: null,
      content: '',
      contentAttributes: { ticket: { id: made.id, number: made.number, action: 'created', source: 'email' } },
    });
    return { ticket: made, conversation: current, activity: activity.message };
  });
  if (!result) return null;
  ctx.bus.emit('ticket.created', { workspaceId, ticket: result.ticket });
  announceMessage(ctx, { conversation: result.conversation, message: result.activity });
  return { ticket: result.ticket, created: true };
}
