import type { AppContext } from '../context.ts';
import type { ConversationRow, MessageRow } from '../modules/conversations/index.ts';
import { queueNoticeFor, scheduleRouting } from '../modules/routing/index.ts';

/** Changes that may free capacity or take a conversation out of the queue. */
const CAPACITY_CHANGES = new Set(['status', 'assigneeId']);

const isWaiting = (c: ConversationRow) => c.status === 'open' && c.assigneeId === null;

/**
 * A conversation's life drives routing (server/modules/routing):
 *
 * 1. It needs a person — new in an inbox without the bot, handed off by the
 *    bot, reopened, unassigned, moved back to `open` — so it is queued and
 *    the queue drained: it goes to a free agent with the skills, or waits.
 * 2. Capacity frees up — resolved, snoozed, handed back to the bot, moved
 *    to another agent — so the queue is drained: the next in line goes to
 *    that agent.
 * 3. A person changed the assignee by hand (PATCH, or taking a bot
 *    conversation over by replying): announced as `conversation.assigned`
 *    with reason `manual`, read from the timeline line of that change.
 * 4. A waiting customer writes again: their widget hears their place in line.
 *
 * Every pass runs in one transaction under the workspace's routing lock;
 * bursts of triggers coalesce (scheduler.ts).
 */
export function registerRoutingListeners(ctx: AppContext): void {
  ctx.bus.on('conversation.created', ({ payload }) => {
    if (isWaiting(payload.conversation)) return routeConversation(ctx, payload.conversation);
  });
  ctx.bus.on('bot.handed_off', ({ payload }) => scheduleRouting(ctx, payload.workspaceId, [payload.conversationId]));
  ctx.bus.on('conversation.updated', ({ payload }) => {
    const { conversation, changes } = payload;
    if (isWaiting(conversation) && changes.some((c) => c === 'priority' || CAPACITY_CHANGES.has(c))) return routeConversation(ctx, conversation);
    if (changes.some((c) => CAPACITY_CHANGES.has(c))) return scheduleRouting(ctx, payload.workspaceId);
  });
  ctx.bus.on('message.created', ({ payload }) => {
    const { conversation, message } = payload;
    if (message.type === 'activity') announceManualAssignment(ctx, conversation, message);
    else if (message.type === 'incoming' && isWaiting(conversation)) return repeatQueuePosition(ctx, conversation);
  });
}

/** Queue an open, unassigned conversation and drain the queue: it is assigned now if an agent fits, else it waits. */
export function routeConversation(ctx: AppContext, conversation: ConversationRow): Promise<void> {
  return scheduleRouting(ctx, conversation.workspaceId, [conversation.id]);
}

interface AssigneeChange {
  from: string | null;
  to: string | null;
}

/** A timeline line recording an assignee change made outside routing (routing announces its own). */
function announceManualAssignment(ctx: AppContext, conversation: ConversationRow, message: MessageRow): void {
  const attributes = message.contentAttributes as { changes?: { assigneeId?: AssigneeChange }; routing?: unknown };
  const change = attributes.changes?.assigneeId;
  if (!change || attributes.routing) return;
  ctx.bus.emit('conversation.assigned', {
    workspaceId: conversation.workspaceId,
    conversation,
    assigneeId: change.to,
    previousAssigneeId: change.from,
    reason: 'manual',
  });
}

/** Tell a waiting customer who writes again where they stand (their widget may have reconnected since the last move). */
async function repeatQueuePosition(ctx: AppContext, conversation: ConversationRow): Promise<void> {
  const notice = await queueNoticeFor(ctx.db, conversation.workspaceId, conversation.id);
  if (notice) ctx.bus.emit('conversation.queued', { workspaceId: conversation.workspaceId, ...notice });
}
