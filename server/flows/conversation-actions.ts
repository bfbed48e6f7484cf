import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { AppError, appError } from '../lib/errors.ts';
import { idSchema } from '../lib/ids.ts';
import type { Actor } from '../lib/principal.ts';
import { absorbContact } from '../modules/contacts/index.ts';
import {
  announceMessage,
  ConcurrentDuplicateError,
  getConversation,
  insertMentions,
  moveConversationsToContact,
  storeConversationMessage,
  updateConversation,
  type AttachmentRef,
  type ConversationPatch,
  type ConversationRow,
  type MessageRow,
} from '../modules/conversations/index.ts';
import { getInbox } from '../modules/inboxes/index.ts';
import { getUser } from '../modules/users/index.ts';
import { adapterFor, type ChannelCapabilities } from '../channels/index.ts';
import { getAttachmentRefs } from '../storage/attachments.ts';
import { DELIVER_JOB, deliverMessage } from './deliver-message.ts';

export const replyBody = z
  .object({
    content: z.string().trim().min(1).max(20_000),
    /** A private note for colleagues: never sent to the customer. */
    private: z.boolean().default(false),
    /** Makes a retried send harmless: the same id stores one message. */
    clientMessageId: z.string().min(1).max(100).optional(),
    attachmentIds: z.array(idSchema('attachment')).max(10).default([]),
    /** Colleagues a private note names (@mention): each is told on their console. Notes only. */
    mentionedUserIds: z.array(idSchema('user')).max(20).default([]),
  })
  .strict();

/**
 * An agent (or API key) answers in a conversation. Steps: store the reply or
 * note — a person replying in a bot conversation takes it over, so the bot
 * stops — then, after commit, announce it and hand it to the channel: the
 * realtime channels (widget) have it already, the others get a durable
 * delivery job with retries.
 */
export async function replyToConversation(
  ctx: AppContext,
  actor: Actor,
  conversationId: string,
  input: z.infer<typeof replyBody>,
): Promise<{ message: MessageRow; created: boolean }> {
  const workspaceId = actor.principal.workspaceId;
  const { principal } = actor;
  const attachments = await getAttachmentRefs(ctx, workspaceId, input.attachmentIds);
  const mentioned = await mentionableUsers(ctx, workspaceId, input);
  const { inboxId } = await getConversation(ctx.db, workspaceId, conversationId);
  const { capabilities } = adapterFor((await getInbox(ctx.db, workspaceId, inboxId)).channel);
  if (!input.private) assertChannelCanSend(capabilities, attachments);
  const store = () =>
    ctx.db.transaction(async (tx) => {
      let conversation = await getConversation(tx, workspaceId, conversationId);
      let takeover: { conversation: ConversationRow; activity: MessageRow | null } | null = null;
      if (!input.private && principal.kind === 'user' && conversation.status === 'bot') {
        takeover = await updateConversation(tx, actor, conversationId, { status: 'open', assigneeId: conversation.assigneeId ?? principal.id });
        conversation = takeover.conversation;
      }
      const stored = await storeConversationMessage(tx, conversation, {
        type: input.private ? 'note' : 'outgoing',
        senderType: principal.kind === 'user' ? 'user' : 'bot',
        senderId: principal.id,
        content: input.content,
        ...(mentioned.length ? { contentAttributes: { mentionedUserIds: mentioned } } : {}),
        attachments,
        clientMessageId: input.clientMessageId,
      });
      if (stored.created) await insertMentions(tx, stored.message, mentioned);
      return { ...stored, conversation, takeover };
    });
  // A retried send racing its first attempt: roll back and find the first one's row.
  const result = await store().catch((err: unknown) => (err instanceof ConcurrentDuplicateError ? store() : Promise.reject(err)));
  if (!result.created) return result;
  if (result.takeover?.activity) announceMessage(ctx, { conversation: result.conversation, message: result.takeover.activity });
  if (result.takeover) ctx.bus.emit('conversation.updated', { workspaceId, conversation: result.conversation, changes: ['status', 'assigneeId'] });
  announceMessage(ctx, result);
  if (mentioned.length) {
    const { conversation, message } = result;
    ctx.bus.emit('note.mentioned', { workspaceId, conversation, message, mentionedUserIds: mentioned, authorId: message.senderId });
  }
  if (result.message.type === 'outgoing') await dispatch(ctx, capabilities, result.message);
  return result;
}

/** The colleagues a note may name: active people of this workspace (anyone else is refused, 400), and only in notes. */
async function mentionableUsers(ctx: AppContext, workspaceId: string, input: z.infer<typeof replyBody>): Promise<string[]> {
  const ids = [...new Set(input.mentionedUserIds)];
  if (ids.length && !input.private) throw appError('validation_failed', [{ in: 'body', path: ['mentionedUserIds'], message: 'only notes mention' }]);
  for (const [i, id] of ids.entries()) {
    const user = await getUser(ctx.db, workspaceId, id).catch((err: unknown) =>
      err instanceof AppError && err.code === 'not_found' ? null : Promise.reject(err),
    );
    if (user?.status !== 'active') {
      throw appError('validation_failed', [{ in: 'body', path: ['mentionedUserIds', i], message: 'not an active member of this workspace' }]);
    }
  }
  return ids;
}

/** Refuse up front what the conversation's channel can never deliver (voice has no replies; SMS no files). */
function assertChannelCanSend(capabilities: ChannelCapabilities, attachments: AttachmentRef[]): void {
  if (capabilities.maxTextLength === 0)
    throw appError('validation_failed', [{ in: 'body', path: ['content'], message: 'this channel cannot send replies' }]);
  if (attachments.length > 0 && !capabilities.attachments) {
    throw appError('validation_failed', [{ in: 'body', path: ['attachmentIds'], message: 'this channel cannot send attachments' }]);
  }
  const { attachmentTypes, maxAttachmentBytes } = capabilities;
  attachments.forEach((a, i) => {
    if (attachmentTypes && !attachmentTypes.includes(a.contentType)) {
      throw appError('validation_failed', [
        { in: 'body', path: ['attachmentIds', i], message: `this channel sends only ${attachmentTypes.join(', ')}` },
      ]);
    }
    if (maxAttachmentBytes !== undefined && a.size > maxAttachmentBytes) {
      throw appError('validation_failed', [
        { in: 'body', path: ['attachmentIds', i], message: `this channel sends files of at most ${maxAttachmentBytes} bytes` },
      ]);
    }
  });
}

/** Realtime channels deliver at once in-process; the rest go through the durable job. */
async function dispatch(ctx: AppContext, capabilities: ChannelCapabilities, message: MessageRow): Promise<void> {
  const data = { workspaceId: message.workspaceId, messageId: message.id };
  if (capabilities.realtime) await deliverMessage(ctx, data);
  else await ctx.jobs.send(DELIVER_JOB, data, { dedupeKey: message.id });
}

/**
 * Change status, assignee, priority, labels or snooze; the assignee must be an
 * active user of the workspace, and status `bot` (handing back) needs an inbox
 * whose bot is on — otherwise nobody would answer the customer.
 */
export async function changeConversation(ctx: AppContext, actor: Actor, id: string, patch: ConversationPatch): Promise<ConversationRow> {
  const workspaceId = actor.principal.workspaceId;
  if (patch.status === 'bot') {
    const { inboxId } = await getConversation(ctx.db, workspaceId, id);
    if (!(await getInbox(ctx.db, workspaceId, inboxId)).botEnabled) {
      throw appError('validation_failed', [{ in: 'body', path: ['status'], message: 'this inbox has no bot to hand back to' }]);
    }
  }
  const result = await ctx.db.transaction(async (tx) => {
    if (patch.assigneeId) {
      const user = await getUser(tx, workspaceId, patch.assigneeId);
      if (user.status !== 'active') throw appError('validation_failed', [{ in: 'body', path: ['assigneeId'], message: 'user is disabled' }]);
    }
    return updateConversation(tx, actor, id, patch);
  });
  if (result.activity) announceMessage(ctx, { conversation: result.conversation, message: result.activity });
  if (result.changes.length) ctx.bus.emit('conversation.updated', { workspaceId, conversation: result.conversation, changes: result.changes });
  return result.conversation;
}

/** Merge `mergedId` into `survivorId`: identities, conversations and profile move; audited; one timeline after. */
export async function mergeContacts(ctx: AppContext, actor: Actor, survivorId: string, mergedId: string) {
  const workspaceId = actor.principal.workspaceId;
  const contact = await ctx.db.transaction(async (tx) => {
    const survivor = await absorbContact(tx, actor, survivorId, mergedId);
    await moveConversationsToContact(tx, workspaceId, mergedId, survivorId);
    return survivor;
  });
  ctx.bus.emit('contact.merged', { workspaceId, contactId: survivorId, mergedContactId: mergedId });
  return contact;
}
