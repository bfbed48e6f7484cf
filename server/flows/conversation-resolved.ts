import type { AppContext } from '../context.ts';
import { getInbox } from '../modules/inboxes/index.ts';

/**
 * The satisfaction-survey seam: every status change reaches the bus as
 * `conversation.updated` (agents and API keys through `changeConversation`,
 * the bot through its turn, routing through its events), so this one
 * listener turns "status became resolved" into `conversation.resolved` with
 * what a survey needs — the channel to ask on, the contact to ask, the agent
 * to rate. The ticket/feedback work subscribes to that event in
 * `server/listeners.ts`; nothing here sends anything to the customer.
 */
export function registerResolutionListeners(ctx: AppContext): void {
  ctx.bus.on('conversation.updated', async ({ payload }) => {
    const { conversation, changes, workspaceId } = payload;
    if (!changes.includes('status') || conversation.status !== 'resolved') return;
    const inbox = await getInbox(ctx.db, workspaceId, conversation.inboxId);
    ctx.bus.emit('conversation.resolved', {
      workspaceId,
      conversation,
      channel: inbox.channel,
      contactId: conversation.contactId,
      assigneeId: conversation.assigneeId,
    });
  });
}
