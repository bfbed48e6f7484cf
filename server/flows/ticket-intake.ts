import { adapterFor } from '../channels/index.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { findRequest, findSession, type BotRequestRow } from '../modules/bot/index.ts';
import { announceMessage, getConversation, listMessages, storeConversationMessage, type ConversationRow } from '../modules/conversations/index.ts';
import { getInbox } from '../modules/inboxes/index.ts';
import { claimIntakeKey, getIntakeSettings } from '../modules/ticket-intake/index.ts';
import { insertNewTicket, listFields, suggestForTicket, type TicketRow } from '../modules/tickets/index.ts';
import type { Priority } from '../modules/tickets/schema.ts';
import { DELIVER_JOB, deliverMessage } from './deliver-message.ts';
import { subjectFrom } from './ticket-from-conversation.ts';

/** What a classifier suggests for a new ticket; every part optional. */
export interface TicketClassification {
  categoryId?: string | null;
  priority?: Priority;
  confidence?: number;
  [key: string]: unknown;
}

/**
 * What the workspace's ticket classifier (trained on its past tickets)
 * suggests for the customer's words; null while it has no model, so the
 * ticket takes the NLU's intent mapping and the dispatch rules alone.
 */
export async function classifyForTicket(ctx: AppContext, workspaceId: string, text: string): Promise<TicketClassification | null> {
  const suggestion = await suggestForTicket(ctx, workspaceId, text);
  return suggestion ? { ...suggestion.classification, categoryId: suggestion.categoryId, priority: suggestion.priority } : null;
}

/** What the bot remembers of a conversation (a narrow view of its dialogue state; see server/modules/bot/dialogue-state.ts). */
interface BotMemory {
  locale: 'zh-CN' | 'en';
  intents: string[];
  entities: { type: string; text: string; value: unknown }[];
  emotion: { label: string; anger: number; complaintRisk: string };
}

/** Anger at or above this, with a negative sentiment, files a ticket on handoff even without complaint risk. */
const ANGER_THRESHOLD = 0.5;

async function botMemory(db: DbOrTx, workspaceId: string, conversationId: string): Promise<BotMemory> {
  const state = ((await findSession(db, workspaceId, conversationId))?.state ?? {}) as {
    locale?: 'zh-CN' | 'en';
    dialogue?: Partial<Omit<BotMemory, 'locale'>>;
  };
  const d = state.dialogue ?? {};
  return {
    locale: state.locale ?? 'zh-CN',
    intents: Array.isArray(d.intents) ? d.intents : [],
    entities: Array.isArray(d.entities) ? d.entities : [],
    emotion: { label: d.emotion?.label ?? 'neutral', anger: d.emotion?.anger ?? 0, complaintRisk: d.emotion?.complaintRisk ?? 'none' },
  };
}

/** A request or handoff worth a ticket, with what the NLU understood. */
interface IntakeInput {
  key: string;
  conversationId: string;
  /** Intent keys (or request kind) to look up in the category mapping, most specific first. */
  intents: string[];
  priority?: Priority;
  orderNumber?: string;
  subject?: string;
  lines: string[];
  reason: Record<string, unknown>;
}

/**
 * Files a ticket for the bot, once per `key`: the requester is the
 * conversation's contact, the category comes from the workspace's intent
 * mapping (else the classifier, else none), the priority from the
 * complaint risk (else the category's), an order number fills the
 * `order_number` custom field when the workspace has one. The conversation
 * is linked; the customer is told the number and agents get a timeline line.
 */
async function fileBotTicket(ctx: AppContext, workspaceId: string, input: IntakeInput, locale: 'zh-CN' | 'en'): Promise<TicketRow | null> {
  const [settings, fields] = await Promise.all([getIntakeSettings(ctx.db, workspaceId), listFields(ctx.db, workspaceId)]);
  const mapped = input.intents.map((i) => settings.intentCategories[i]).find(Boolean) ?? null;
  const conversation0 = await getConversation(ctx.db, workspaceId, input.conversationId);
  const messages = await listMessages(ctx.db, workspaceId, input.conversationId, { limit: 200, includeNotes: true });
  const firstLine = messages.find((m) => m.type === 'incoming' && m.content.trim())?.content ?? '';
  const classified = mapped
    ? null
    : await classifyForTicket(
        ctx,
        workspaceId,
        messages
          .filter((m) => m.type === 'incoming')
          .map((m) => m.content)
          .join('\n'),
      );
  const summary = messages.findLast((m) => m.type === 'note' && m.senderType === 'bot')?.content;
  const hasOrderField = fields.some((f) => f.key === 'order_number' && f.type === 'text');
  const result = await ctx.db.transaction(async (tx) => {
    let ticket: TicketRow | null = null;
    const claim = await claimIntakeKey(tx, workspaceId, input.key, async () => {
      ticket = await insertNewTicket(
        tx,
        workspaceId,
        { type: 'bot', id: null },
        'bot',
        {
          subject: input.subject ?? conversation0.subject ?? subjectFrom(firstLine),
          description: [...input.lines, summary ? `\n${summary}` : ''].join('\n').trim().slice(0, 20_000),
          contactId: conversation0.contactId,
          categoryId: mapped ?? classified?.categoryId ?? null,
          ...(input.priority ? { priority: input.priority } : classified?.priority ? { priority: classified.priority } : {}),
          ...(!mapped && !classified?.categoryId && conversation0.teamId ? { teamId: conversation0.teamId } : {}),
          customFields: hasOrderField && input.orderNumber ? { order_number: input.orderNumber } : {},
          conversationIds: [input.conversationId],
        },
        {
          classification: {
            by: mapped ? 'intent_mapping' : classified ? 'classifier' : 'none',
            intents: input.intents,
            ...input.reason,
            ...(classified ?? {}),
          },
        },
      );
      return ticket;
    });
    if (!claim.created || !ticket) return null;
    const made: TicketRow = ticket;
    const conversation = await getConversation(tx, workspaceId, input.conversationId);
    const line = await storeConversationMessage(tx, conversation, {
      type: 'outgoing',
      senderType: 'bot',
      senderId: null,
      content: customerLine(made.number, locale),
      contentAttributes: { ticket: { id: made.id, number: made.number } },
      clientMessageId: `ticket-intake:${input.key}`,
    });
    const activity = await storeConversationMessage(tx, conversation, {
      type: 'activity',
      senderType: 'system',
      senderId: null,
      content: '',
      contentAttributes: { ticket: { id: made.id, number: made.number, action: 'created', source: 'bot' } },
    });
    return { ticket: made, conversation, messages: [line.message, activity.message] };
  });
  if (!result) return null;
  ctx.bus.emit('ticket.created', { workspaceId, ticket: result.ticket });
  for (const message of result.messages) announceMessage(ctx, { conversation: result.conversation, message });
  await sendToCustomer(ctx, result.conversation, result.messages[0]!.id);
  return result.ticket;
}

/** The line the customer reads, in the conversation's language. */
export function customerLine(number: string, locale: 'zh-CN' | 'en'): string {
  return locale === 'en'
    ? `We created ticket ${number} for you and will handle it as soon as possible.`
    : `已为您创建工单 ${number}，我们会尽快处理。`;
}

/** Realtime channels (widget) deliver at once; the rest through the durable delivery job, like any reply. */
async function sendToCustomer(ctx: AppContext, conversation: ConversationRow, messageId: string): Promise<void> {
  const inbox = await getInbox(ctx.db, conversation.workspaceId, conversation.inboxId);
  const data = { workspaceId: conversation.workspaceId, messageId };
  if (adapterFor(inbox.channel).capabilities.realtime) await deliverMessage(ctx, data);
  else await ctx.jobs.send(DELIVER_JOB, data, { dedupeKey: messageId });
}

function orderNumberOf(slots: Record<string, unknown>, memory: BotMemory): string | undefined {
  const slot = slots.order_number ?? slots.orderNumber ?? slots.order;
  if (typeof slot === 'string' && slot.trim()) return slot.trim().slice(0, 200);
  const entity = memory.entities.find((e) => e.type === 'order_number');
  return entity ? String(entity.value ?? entity.text).slice(0, 200) : undefined;
}

/** A completed bot flow's request (a return, a refund) becomes a ticket, once per request. */
export async function ticketFromBotRequest(ctx: AppContext, workspaceId: string, requestId: string): Promise<TicketRow | null> {
  const request: BotRequestRow | undefined = await findRequest(ctx.db, workspaceId, requestId);
  if (!request) return null;
  const memory = await botMemory(ctx.db, workspaceId, request.conversationId);
  const complaint = memory.emotion.complaintRisk === 'high';
  const slotLines = Object.entries(request.slots)
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`);
  return fileBotTicket(
    ctx,
    workspaceId,
    {
      key: `request:${request.id}`,
      conversationId: request.conversationId,
      intents: [request.kind, ...memory.intents],
      ...(complaint ? { priority: 'urgent' as const } : {}),
      orderNumber: orderNumberOf(request.slots, memory),
      lines: [`${request.number} (${request.kind})`, ...slotLines],
      reason: { source: 'bot_request', requestId: request.id, requestNumber: request.number, complaintRisk: memory.emotion.complaintRisk },
    },
    memory.locale,
  );
}

/**
 * The bot handed a conversation over. It files a ticket, once per
 * conversation, when the customer is upset — high complaint risk (urgent)
 * or strong anger (high) — or when the intent it handed off on (an intent
 * or flow whose action is a handoff) is mapped to a category: the mapping
 * is how a workspace says "this intent calls for a ticket". Other handoffs
 * (asked for a person, low confidence) file nothing.
 */
export async function ticketFromHandoff(ctx: AppContext, workspaceId: string, conversationId: string, reason: string): Promise<TicketRow | null> {
  const memory = await botMemory(ctx.db, workspaceId, conversationId);
  const complaint = reason === 'complaint_risk' || memory.emotion.complaintRisk === 'high';
  const angry = memory.emotion.label === 'negative' && memory.emotion.anger >= ANGER_THRESHOLD;
  const latest = memory.intents[0];
  const mappedIntent =
    (reason === 'intent' || reason === 'flow') && latest !== undefined && (await getIntakeSettings(ctx.db, workspaceId)).intentCategories[latest];
  if (!complaint && !angry && !mappedIntent) return null;
  return fileBotTicket(
    ctx,
    workspaceId,
    {
      key: `handoff:${conversationId}`,
      conversationId,
      // `complaint` in the mapping names the complaints category; otherwise what the customer was asking about decides.
      intents: complaint ? ['complaint', ...memory.intents] : memory.intents,
      ...(complaint ? { priority: 'urgent' as const } : angry ? { priority: 'high' as const } : {}),
      orderNumber: orderNumberOf({}, memory),
      lines: [],
      reason: { source: 'bot_handoff', handoffReason: reason, complaintRisk: memory.emotion.complaintRisk, anger: memory.emotion.anger },
    },
    memory.locale,
  );
}

/** Automatic tickets from the bot: completed requests and upset handoffs (registered in server/listeners.ts). */
export function registerTicketIntakeListeners(ctx: AppContext): void {
  ctx.bus.on('bot.request_created', async ({ payload }) => {
    await ticketFromBotRequest(ctx, payload.workspaceId, payload.requestId);
  });
  ctx.bus.on('bot.handed_off', async ({ payload }) => {
    await ticketFromHandoff(ctx, payload.workspaceId, payload.conversationId, payload.reason);
  });
}
