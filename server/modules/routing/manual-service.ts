import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { idSchema } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { getConversation, lockConversation, type ConversationRow } from '../conversations/index.ts';
import { getUser } from '../users/index.ts';
import { finishRouting, writeAssignment, type Assignment, type RoutingOutcome } from './assign-service.ts';
import { announceRouting } from './events.ts';
import { enqueueWaiting, recordAssignments, setAssignment, setQueueSkills } from './queue-repo.ts';
import { lockWorkspaceRouting, selectTeams } from './repo.ts';
import { scheduleRouting } from './scheduler.ts';

export const transferBody = z.union([z.object({ assigneeId: idSchema('user') }).strict(), z.object({ teamId: idSchema('team') }).strict()]);
export type TransferBody = z.infer<typeof transferBody>;

/** Claiming and transferring need a person behind the request (API keys have nobody to assign). */
export function requirePerson(actor: Actor): string {
  if (actor.principal.kind !== 'user') throw appError('forbidden');
  return actor.principal.id;
}

/** 404 unless the conversation is this workspace's (checked before the body, so another tenant's id is 404 whatever is sent). */
export async function assertConversationVisible(ctx: AppContext, actor: Actor, conversationId: string): Promise<void> {
  await getConversation(ctx.db, actor.principal.workspaceId, conversationId);
}

/** A person's move, made under the workspace routing lock; the queue is drained and renumbered in the same transaction. */
async function manualMove(
  ctx: AppContext,
  actor: Actor,
  conversationId: string,
  move: (tx: DbOrTx, before: ConversationRow) => Promise<Assignment | null>,
): Promise<ConversationRow> {
  const workspaceId = actor.principal.workspaceId;
  const { conversation, outcome } = await ctx.db.transaction(async (tx) => {
    await lockWorkspaceRouting(tx, workspaceId);
    const before = await lockConversation(tx, workspaceId, conversationId);
    if (!before) throw appError('not_found');
    const moved = await move(tx, before);
    const rest = await finishRouting(tx, workspaceId);
    const outcome: RoutingOutcome = { ...rest, assignments: [...(moved ? [moved] : []), ...rest.assignments], teamChanged: [] };
    const latest = outcome.assignments.findLast((a) => a.conversation.id === conversationId)?.conversation;
    return { conversation: latest ?? (await getConversation(tx, workspaceId, conversationId)), outcome };
  });
  announceRouting(ctx, workspaceId, outcome);
  if (outcome.more) void scheduleRouting(ctx, workspaceId);
  return conversation;
}

/**
 * An agent takes an unassigned conversation (a bot conversation too: the bot
 * stops). Claiming one's own is a no-op; anyone else's is `already_assigned`.
 */
export function claimConversation(ctx: AppContext, actor: Actor, conversationId: string): Promise<ConversationRow> {
  const userId = requirePerson(actor);
  return manualMove(ctx, actor, conversationId, async (tx, before) => {
    if (before.assigneeId === userId) return null;
    if (before.assigneeId) throw appError('already_assigned', { assigneeId: before.assigneeId });
    const after = await setAssignment(tx, before.workspaceId, before.id, {
      assigneeId: userId,
      status: before.status === 'bot' ? 'open' : before.status,
    });
    await recordAssignments(tx, before.workspaceId, [{ conversationId: before.id, userId }]);
    return writeAssignment(tx, { actor, before, after, reason: 'claim' });
  });
}

/**
 * Hand a conversation to a colleague (assigned at once, whatever their load)
 * or to a team: it goes back to the queue for that team's members, opened if
 * it was not, and is assigned as soon as one of them is free.
 */
export function transferConversation(ctx: AppContext, actor: Actor, conversationId: string, body: TransferBody): Promise<ConversationRow> {
  return manualMove(ctx, actor, conversationId, async (tx, before) => {
    const workspaceId = before.workspaceId;
    if ('assigneeId' in body) {
      const user = await getUser(tx, workspaceId, body.assigneeId);
      if (user.status !== 'active') throw appError('validation_failed', [{ in: 'body', path: ['assigneeId'], message: 'user is disabled' }]);
      if (before.assigneeId === user.id) return null;
      const status = before.status === 'bot' ? 'open' : before.status;
      const after = await setAssignment(tx, workspaceId, before.id, { assigneeId: user.id, status });
      await recordAssignments(tx, workspaceId, [{ conversationId: before.id, userId: user.id }]);
      return writeAssignment(tx, { actor, before, after, reason: 'transfer' });
    }
    if ((await selectTeams(tx, workspaceId, body.teamId)).length === 0) throw appError('not_found');
    if (before.teamId === body.teamId && before.assigneeId === null && before.status === 'open') return null;
    const after = await setAssignment(tx, workspaceId, before.id, { assigneeId: null, teamId: body.teamId, status: 'open' });
    // The team is the requirement now: the inbox rule's skills were for whoever routed it first.
    await enqueueWaiting(tx, workspaceId, [before.id], []);
    await setQueueSkills(tx, workspaceId, before.id, []);
    return writeAssignment(tx, { actor, before, after, reason: 'transfer' });
  });
}
