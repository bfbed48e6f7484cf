import { adapterFor, PermanentDeliveryError } from '../channels/index.ts';
import type { AppContext } from '../context.ts';
import type { JobDefinition } from '../jobs/queue.ts';
import { getContact } from '../modules/contacts/index.ts';
import {
  advanceMessageStatus,
  findMessage,
  getConversation,
  listMessages,
  selectStuckOutgoing,
  type MessageRow,
} from '../modules/conversations/index.ts';
import { getInbox } from '../modules/inboxes/index.ts';

export const DELIVER_JOB = 'messages.deliver';

export interface DeliverJobData {
  workspaceId: string;
  messageId: string;
}

/** The customer's most recent message in the conversation, for channels that thread replies to it. */
async function lastIncoming(ctx: AppContext, workspaceId: string, conversationId: string, beforeSeq: number): Promise<MessageRow | null> {
  const recent = await listMessages(ctx.db, workspaceId, conversationId, { beforeSeq, limit: 50, includeNotes: false });
  return recent.filter((m) => m.type === 'incoming').at(-1) ?? null;
}

/**
 * Hand one stored outgoing message to its channel. Steps: load message,
 * conversation, inbox, contact → adapter.send → record `sent` (with the
 * channel's id) or `failed`. A temporary failure rethrows so the job retries
 * with backoff; a permanent one marks the message failed and stops.
 */
export async function deliverMessage(ctx: AppContext, data: DeliverJobData): Promise<void> {
  const message = await findMessage(ctx.db, data.workspaceId, data.messageId);
  if (!message || message.type !== 'outgoing' || message.status !== 'pending') return; // already done, or nothing to do
  const conversation = await getConversation(ctx.db, data.workspaceId, message.conversationId);
  const inbox = await getInbox(ctx.db, data.workspaceId, message.inboxId);
  const { contact, identities } = await getContact(ctx.db, data.workspaceId, conversation.contactId);
  const adapter = adapterFor(inbox.channel);
  try {
    const result = await adapter.send(ctx, {
      inbox,
      conversation,
      contact,
      identities,
      message,
      lastIncoming: await lastIncoming(ctx, data.workspaceId, conversation.id, message.seq),
    });
    const updated = await advanceMessageStatus(
      ctx.db,
      data.workspaceId,
      message.id,
      result.status,
      result.sourceId ? { sourceId: result.sourceId } : {},
    );
    if (updated) ctx.bus.emit('message.updated', { workspaceId: data.workspaceId, message: updated });
  } catch (err) {
    if (!(err instanceof PermanentDeliveryError)) throw err;
    ctx.log.warn({ err, messageId: message.id, channel: inbox.channel }, 'message cannot be delivered');
    const failed = await advanceMessageStatus(ctx.db, data.workspaceId, message.id, 'failed', { error: err.message.slice(0, 500) });
    if (failed) ctx.bus.emit('message.updated', { workspaceId: data.workspaceId, message: failed });
  }
}

/** The durable delivery job: pg-boss retries it with backoff, so a restart loses no reply. */
export const deliverMessageJob: JobDefinition = {
  name: DELIVER_JOB,
  retry: { limit: 8, delaySeconds: 5, backoff: true },
  run: (ctx, data) => deliverMessage(ctx, data as DeliverJobData),
};

/**
 * Safety net: a reply whose delivery job was never queued (crash between the
 * commit and the send) is queued again after two minutes. The singleton key
 * keeps it from being queued twice.
 */
export const redeliverStuckJob: JobDefinition = {
  name: 'messages.redeliver-stuck',
  cron: '* * * * *',
  async run(ctx) {
    const stuck = await selectStuckOutgoing(ctx.db, 120, 500);
    for (const message of stuck)
      await ctx.jobs.send(DELIVER_JOB, { workspaceId: message.workspaceId, messageId: message.id }, { dedupeKey: message.id });
    if (stuck.length) ctx.log.warn({ count: stuck.length }, 're-queued replies that were never handed to their channel');
  },
};
