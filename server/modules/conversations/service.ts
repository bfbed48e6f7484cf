import type { AppContext } from '../../context.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import {
  findConversation,
  findConversationIdBySourceIds,
  findMessageBySource,
  insertConversation,
  insertMessage,
  lockConversation,
  lockOpenConversation,
  nextSeq,
  updateConversationRow,
  selectContactTimeline,
  selectMessages,
} from './repo.ts';
import { appendIncomingFast } from './fast-repo.ts';
import type { AttachmentRef, ConversationRow, ConversationStatus, MessageRow, MessageType, SenderType } from './schema.ts';

/** What a channel adapter hands over for one customer message. */
export interface IncomingMessage {
  /** The channel's id for the message: the idempotency key (widget client id, WeChat MsgId, email Message-ID…). */
  sourceId: string | null;
  content: string;
  contentAttributes?: Record<string, unknown>;
  attachments?: AttachmentRef[];
  /** Channel ids of earlier messages this one answers (email In-Reply-To and References). */
  replyTo?: string[];
  /** True for threaded channels (email): a message that answers nothing of ours starts a new conversation. */
  startsThread?: boolean;
  subject?: string | null;
}

export interface StoredMessage {
  conversation: ConversationRow;
  message: MessageRow;
  /** False when the sourceId was already stored: the same message, delivered twice. */
  created: boolean;
  conversationCreated: boolean;
  /** True when a resolved, snoozed or pending conversation was opened again by this message. */
  reopened?: boolean;
}

export async function getConversation(db: DbOrTx, workspaceId: string, id: string): Promise<ConversationRow> {
  const row = await findConversation(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

/**
 * Thrown inside a transaction when a concurrent transaction stored the same
 * channel message first: roll back (so no sequence number or conversation
 * is spent on the duplicate) and run the whole step again, which then finds it.
 */
export class ConcurrentDuplicateError extends Error {}

async function appendMessage(
  tx: DbOrTx,
  conversation: ConversationRow,
  message: { type: MessageType; senderType: SenderType; senderId: string | null; content: string; status: MessageRow['status'] } & Partial<
    Pick<MessageRow, 'contentAttributes' | 'attachments' | 'sourceId'>
  >,
): Promise<{ message: MessageRow; conversation: ConversationRow }> {
  const current = await nextSeq(tx, conversation.workspaceId, conversation.id, message.type !== 'note' && message.type !== 'activity');
  const stored = await insertMessage(tx, {
    workspaceId: conversation.workspaceId,
    id: newId('message'),
    conversationId: conversation.id,
    inboxId: conversation.inboxId,
    seq: current.lastSeq,
    ...message,
  });
  if (!stored) throw new ConcurrentDuplicateError('the same channel message was stored concurrently');
  return { message: stored, conversation: current };
}

/**
 * Store a customer's message inside the caller's transaction: once per
 * sourceId, threaded into the conversation it answers or the contact's open
 * conversation in this inbox, or a new one. A snoozed or pending
 * conversation reopens.
 */
export async function storeIncomingMessage(
  tx: DbOrTx,
  input: { workspaceId: string; inboxId: string; contactId: string; initialStatus: ConversationStatus; message: IncomingMessage },
): Promise<StoredMessage> {
  const { workspaceId, inboxId, message } = input;
  if (message.sourceId) {
    const seen = await findMessageBySource(tx, workspaceId, inboxId, message.sourceId);
    if (seen)
      return { conversation: await getConversation(tx, workspaceId, seen.conversationId), message: seen, created: false, conversationCreated: false };
  }
  const threadId = await findConversationIdBySourceIds(tx, workspaceId, inboxId, message.replyTo ?? []);
  let conversation = threadId
    ? await lockConversation(tx, workspaceId, threadId)
    : message.startsThread
      ? undefined
      : await lockOpenConversation(tx, workspaceId, inboxId, input.contactId);
  let conversationCreated = false;
  let reopened = false;
  if (!conversation) {
    conversation = await insertConversation(tx, {
      workspaceId,
      id: newId('conversation'),
      inboxId,
      contactId: input.contactId,
      status: input.initialStatus,
      subject: message.subject ?? null,
    });
    conversationCreated = true;
  } else if (conversation.status === 'resolved' || conversation.status === 'snoozed' || conversation.status === 'pending') {
    // The customer wrote again: it needs a person's (or the bot's) attention once more.
    conversation = await updateConversationRow(tx, workspaceId, conversation.id, { status: 'open', snoozedUntil: null });
    reopened = true;
  }
  const stored = await appendMessage(tx, conversation, {
    type: 'incoming',
    senderType: 'contact',
    senderId: input.contactId,
    content: message.content,
    contentAttributes: message.contentAttributes ?? {},
    attachments: message.attachments ?? [],
    sourceId: message.sourceId,
    status: 'received',
  });
  return { conversation: stored.conversation, message: stored.message, created: true, conversationCreated, reopened };
}

/**
 * The common case — a known customer writes again in their open
 * conversation — in one statement. `undefined` when the message needs the
 * general path (`storeIncomingMessage` inside the contact-resolving
 * transaction): a new customer or conversation, a merged contact, email
 * threading, a redelivery.
 */
export async function storeFollowUpMessage(
  db: Db,
  input: { workspaceId: string; inboxId: string; identity: { kind: string; value: string }; message: IncomingMessage },
): Promise<StoredMessage | undefined> {
  const { message } = input;
  if (message.replyTo?.length || message.startsThread) return undefined;
  const stored = await appendIncomingFast(db, {
    workspaceId: input.workspaceId,
    inboxId: input.inboxId,
    identity: input.identity,
    messageId: newId('message'),
    sourceId: message.sourceId,
    content: message.content,
    contentAttributes: message.contentAttributes ?? {},
    attachments: message.attachments ?? [],
  });
  return stored && { ...stored, created: true, conversationCreated: false };
}

/**
 * Store a reply (agent or bot), a private note or an activity line inside
 * the caller's transaction. Replies start `pending` until the channel takes
 * them; `clientMessageId` makes a retried send harmless.
 */
export async function storeConversationMessage(
  tx: DbOrTx,
  conversation: ConversationRow,
  input: {
    type: Exclude<MessageType, 'incoming'>;
    senderType: SenderType;
    senderId: string | null;
    content: string;
    contentAttributes?: Record<string, unknown>;
    attachments?: AttachmentRef[];
    clientMessageId?: string;
  },
): Promise<{ message: MessageRow; created: boolean }> {
  const sourceId = input.clientMessageId ? `client:${input.clientMessageId}` : null;
  if (sourceId) {
    const seen = await findMessageBySource(tx, conversation.workspaceId, conversation.inboxId, sourceId);
    if (seen) return { message: seen, created: false };
  }
  const stored = await appendMessage(tx, conversation, {
    type: input.type,
    senderType: input.senderType,
    senderId: input.senderId,
    content: input.content,
    contentAttributes: input.contentAttributes ?? {},
    attachments: input.attachments ?? [],
    sourceId,
    status: input.type === 'outgoing' ? 'pending' : 'sent',
  });
  return { message: stored.message, created: true };
}

export async function listMessages(
  db: DbOrTx,
  workspaceId: string,
  conversationId: string,
  page: { afterSeq?: number; beforeSeq?: number; limit: number; includeNotes: boolean },
): Promise<MessageRow[]> {
  await getConversation(db, workspaceId, conversationId);
  return selectMessages(db, workspaceId, conversationId, page);
}

export function contactTimeline(db: DbOrTx, workspaceId: string, contactId: string, limit = 200): Promise<MessageRow[]> {
  return selectContactTimeline(db, workspaceId, contactId, limit);
}

/** Emit the events for a stored message after its transaction committed. */
export function announceMessage(
  ctx: AppContext,
  stored: { conversation: ConversationRow; message: MessageRow; conversationCreated?: boolean; reopened?: boolean },
): void {
  const workspaceId = stored.conversation.workspaceId;
  if (stored.conversationCreated) ctx.bus.emit('conversation.created', { workspaceId, conversation: stored.conversation });
  if (stored.reopened) ctx.bus.emit('conversation.updated', { workspaceId, conversation: stored.conversation, changes: ['status'] });
  ctx.bus.emit('message.created', { workspaceId, conversation: stored.conversation, message: stored.message });
}
