import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Actor } from '../lib/principal.ts';
import { announceMessage, getConversation, listMessages, storeConversationMessage, type MessageRow } from '../modules/conversations/index.ts';
import { insertNewTicket, suggestForTicket, type TicketRow } from '../modules/tickets/index.ts';
import { maxPriority } from '../nlu/ticket-categories.ts';
import { priorities } from '../modules/tickets/schema.ts';

export const ticketFromConversationBody = z
  .object({
    subject: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(20_000).optional(),
    categoryId: z.string().max(64).nullable().optional(),
    priority: z.enum(priorities).optional(),
    teamId: z.string().max(64).nullable().optional(),
    assigneeId: z.string().max(64).nullable().optional(),
    customFields: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const SUBJECT_CHARS = 80;
const TRANSCRIPT_MESSAGES = 30;

const speaker: Record<MessageRow['senderType'], string> = { contact: '客户 Customer', user: '客服 Agent', bot: '机器人 Bot', system: 'Kefu' };

/** The first customer line, cut at a word or sentence boundary near 80 characters. */
export function subjectFrom(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= SUBJECT_CHARS) return line || '—';
  const cut = line.slice(0, SUBJECT_CHARS);
  const stop = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('？'), cut.lastIndexOf('. '), cut.lastIndexOf(' '));
  return `${stop > SUBJECT_CHARS / 2 ? cut.slice(0, stop + 1).trim() : cut}…`;
}

/** What the ticket's description starts with: the bot's handoff summary (if any) and the recent transcript. */
function describe(messages: MessageRow[]): string {
  const summary = messages.findLast((m) => m.type === 'note' && m.senderType === 'bot')?.content;
  const lines = messages
    .filter((m) => m.type === 'incoming' || m.type === 'outgoing')
    .slice(-TRANSCRIPT_MESSAGES)
    .map((m) => `${speaker[m.senderType]}: ${m.content}`);
  return [summary ? `${summary}\n` : '', ...lines].join('\n').trim().slice(0, 20_000);
}

/**
 * One click in the console: a ticket from a conversation, pre-filled — the
 * requester is the conversation's contact, the subject its first customer
 * line, the description the bot's handoff summary plus the transcript, the
 * priority and team the conversation's. The conversation is linked and its
 * timeline says which ticket was made.
 */
export async function createTicketFromConversation(
  ctx: AppContext,
  actor: Actor,
  conversationId: string,
  body: z.infer<typeof ticketFromConversationBody>,
): Promise<TicketRow> {
  const workspaceId = actor.principal.workspaceId;
  const by = { type: actor.principal.kind === 'user' ? ('user' as const) : ('api' as const), id: actor.principal.id };
  const suggestion =
    body.categoryId === undefined || body.priority === undefined
      ? await suggestForTicket(ctx, workspaceId, await customerText(ctx, workspaceId, conversationId))
      : null;
  const { ticket, stored, conversation } = await ctx.db.transaction(async (tx) => {
    const conversation = await getConversation(tx, workspaceId, conversationId);
    const messages = await listMessages(tx, workspaceId, conversationId, { limit: 200, includeNotes: true });
    const firstCustomerLine = messages.find((m) => m.type === 'incoming' && m.content.trim())?.content ?? '';
    const ticket = await insertNewTicket(
      tx,
      workspaceId,
      by,
      'conversation',
      {
        subject: body.subject ?? conversation.subject ?? subjectFrom(firstCustomerLine),
        description: body.description ?? describe(messages),
        contactId: conversation.contactId,
        categoryId: body.categoryId === undefined ? (suggestion?.categoryId ?? null) : body.categoryId,
        priority: body.priority ?? maxPriority(conversation.priority, suggestion?.priority ?? 'low'),
        ...(body.teamId !== undefined ? { teamId: body.teamId } : conversation.teamId && !body.categoryId ? { teamId: conversation.teamId } : {}),
        assigneeId: body.assigneeId ?? null,
        customFields: body.customFields ?? {},
        conversationIds: [conversationId],
      },
      suggestion ? { classification: suggestion.classification } : {},
    );
    const stored = await storeConversationMessage(tx, conversation, {
      type: 'activity',
      senderType: by.type === 'user' ? 'user' : 'system',
      senderId: by.id,
      content: '',
      contentAttributes: { ticket: { id: ticket.id, number: ticket.number, action: 'created' } },
    });
    return { ticket, stored, conversation };
  });
  announceMessage(ctx, { conversation, message: stored.message });
  ctx.bus.emit('ticket.created', { workspaceId, ticket });
  return ticket;
}

/** What the customer wrote in the conversation (its latest 50 messages), for the classifier. */
async function customerText(ctx: AppContext, workspaceId: string, conversationId: string): Promise<string> {
  const messages = await listMessages(ctx.db, workspaceId, conversationId, { limit: 50, includeNotes: false });
  return messages
    .filter((m) => m.type === 'incoming')
    .map((m) => m.content)
    .join('\n');
}
