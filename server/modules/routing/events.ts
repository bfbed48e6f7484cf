import type { AppContext } from '../../context.ts';
import { announceMessage } from '../conversations/index.ts';
import type { RoutingOutcome } from './assign-service.ts';
import type { Presence } from './schema.ts';

/**
 * Announce what a routing transaction did, after it committed: per
 * assignment its timeline line, `conversation.updated` and
 * `conversation.assigned`; per queue move `conversation.queued` (position 0:
 * it left the queue).
 */
export function announceRouting(ctx: AppContext, workspaceId: string, outcome: RoutingOutcome): void {
  for (const conversation of outcome.teamChanged) ctx.bus.emit('conversation.updated', { workspaceId, conversation, changes: ['teamId'] });
  for (const a of outcome.assignments) {
    announceMessage(ctx, { conversation: a.conversation, message: a.activity });
    ctx.bus.emit('conversation.updated', { workspaceId, conversation: a.conversation, changes: a.changes });
    ctx.bus.emit('conversation.assigned', {
      workspaceId,
      conversation: a.conversation,
      assigneeId: a.assigneeId,
      previousAssigneeId: a.previousAssigneeId,
      reason: a.reason,
    });
  }
  for (const q of outcome.queue) {
    ctx.bus.emit('conversation.queued', {
      workspaceId,
      conversationId: q.conversationId,
      position: q.position,
      expectedWaitSeconds: q.expectedWaitSeconds,
    });
  }
}

export function announcePresence(ctx: AppContext, workspaceId: string, userId: string, presence: Presence): void {
  ctx.bus.emit('agent.presence_changed', { workspaceId, userId, presence });
}
