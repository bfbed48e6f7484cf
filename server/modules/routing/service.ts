import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { getInbox } from '../inboxes/index.ts';
import { getUser } from '../users/index.ts';
import { announcePresence } from './events.ts';
import { requirePerson } from './manual-service.ts';
import { addQueueSkills, applyRuleToWaiting } from './queue-repo.ts';
import {
  deleteTeamRow,
  insertTeam,
  lockProfile,
  lockWorkspaceRouting,
  replaceTeamMembers,
  selectActiveUserIds,
  selectAgentLoads,
  selectRules,
  selectTeams,
  updateTeamRow,
  upsertProfile,
  upsertRule,
  type AgentLoad,
  type TeamWithMembers,
} from './repo.ts';
import { scheduleRouting } from './scheduler.ts';
import { DEFAULT_CAPACITY, presences, type Presence } from './schema.ts';

/** Skills as people type them (售后, 金融, English…): trimmed, each once. */
const skillList = z
  .array(z.string().trim().min(1).max(40))
  .max(50)
  .transform((list) => [...new Set(list)]);

export const presenceBody = z.object({ presence: z.enum(presences) }).strict();
export const agentPatch = z
  .object({ skills: skillList, capacity: z.number().int().min(0).max(50) })
  .partial()
  .strict();
export const teamBody = z
  .object({ name: z.string().trim().min(1).max(100), memberIds: z.array(z.string().max(64)).max(500), skills: skillList.default([]) })
  .strict();
export const teamPatch = z
  .object({ name: z.string().trim().min(1).max(100), memberIds: z.array(z.string().max(64)).max(500), skills: skillList })
  .partial()
  .strict();
export const ruleBody = z.object({ teamId: z.string().max(64).nullable().default(null), skills: skillList.default([]) }).strict();

/** One agent's routing profile and load; defaults for someone never configured. */
async function agentLoad(ctx: AppContext, workspaceId: string, userId: string): Promise<AgentLoad> {
  const [row] = await selectAgentLoads(ctx.db, workspaceId, { userId });
  if (!row) throw appError('not_found');
  return row;
}

/** The caller's own routing profile. */
export function getMyRouting(ctx: AppContext, actor: Actor): Promise<AgentLoad> {
  return agentLoad(ctx, actor.principal.workspaceId, requirePerson(actor));
}

/**
 * Set the caller's presence. Going online makes them eligible at once: the
 * queue is drained before this returns, so the answer counts what they got.
 */
export async function setPresence(ctx: AppContext, actor: Actor, presence: Presence): Promise<AgentLoad> {
  const userId = requirePerson(actor);
  await changePresence(ctx, actor.principal.workspaceId, userId, presence);
  return agentLoad(ctx, actor.principal.workspaceId, userId);
}

/**
 * Set a user's presence (for the caller's own request, the demo seed or
 * tests), announce the change, and drain the queue when they come online.
 *
 * @example await changePresence(ctx, workspaceId, demoAgentId, 'online')
 */
export async function changePresence(ctx: AppContext, workspaceId: string, userId: string, presence: Presence): Promise<void> {
  const previous = await ctx.db.transaction(async (tx) => {
    const before = await lockProfile(tx, workspaceId, userId);
    const comesOnline = presence === 'online' && before?.presence !== 'online';
    // Set by hand: presence is no longer tied to a console socket until one reports in again.
    await upsertProfile(tx, workspaceId, userId, { presence, lastSeenAt: null, ...(comesOnline ? { idleSince: new Date() } : {}) });
    return before?.presence ?? 'offline';
  });
  if (previous !== presence) announcePresence(ctx, workspaceId, userId, presence);
  if (presence === 'online') await scheduleRouting(ctx, workspaceId);
}

/** Everyone who can answer customers, with presence, skills, capacity and load. */
export function listAgents(ctx: AppContext, workspaceId: string): Promise<AgentLoad[]> {
  return selectAgentLoads(ctx.db, workspaceId);
}

/** Change an agent's skills or capacity (audited); more capacity or skills may assign waiting conversations at once. */
export async function updateAgent(ctx: AppContext, actor: Actor, userId: string, patch: z.infer<typeof agentPatch>): Promise<AgentLoad> {
  const workspaceId = actor.principal.workspaceId;
  await getUser(ctx.db, workspaceId, userId);
  await ctx.db.transaction(async (tx) => {
    const before = (await lockProfile(tx, workspaceId, userId)) ?? { skills: [], capacity: DEFAULT_CAPACITY };
    const after = await upsertProfile(tx, workspaceId, userId, patch);
    await recordAudit(tx, actor, {
      action: 'agent.routing_updated',
      targetType: 'user',
      targetId: userId,
      ...changedFields(before, after, ['skills', 'capacity']),
    });
  });
  await scheduleRouting(ctx, workspaceId);
  return agentLoad(ctx, workspaceId, userId);
}

export function listTeams(ctx: AppContext, workspaceId: string): Promise<TeamWithMembers[]> {
  return selectTeams(ctx.db, workspaceId);
}

async function getTeam(ctx: AppContext, workspaceId: string, id: string): Promise<TeamWithMembers> {
  const [team] = await selectTeams(ctx.db, workspaceId, id);
  if (!team) throw appError('not_found');
  return team;
}

/** Members must be active users of this workspace (another workspace's user id is `not_found`). */
async function checkMembers(ctx: AppContext, workspaceId: string, memberIds: string[]): Promise<string[]> {
  const ids = [...new Set(memberIds)];
  const found = new Set(await selectActiveUserIds(ctx.db, workspaceId, ids));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) throw appError('not_found', [{ in: 'body', path: ['memberIds', missing], message: 'no such active user' }]);
  return ids;
}

export async function createTeam(ctx: AppContext, actor: Actor, input: z.infer<typeof teamBody>): Promise<TeamWithMembers> {
  const workspaceId = actor.principal.workspaceId;
  const memberIds = await checkMembers(ctx, workspaceId, input.memberIds);
  const id = newId('team');
  await ctx.db.transaction(async (tx) => {
    await insertTeam(tx, { workspaceId, id, name: input.name, skills: input.skills });
    await replaceTeamMembers(tx, workspaceId, id, memberIds);
    await recordAudit(tx, actor, {
      action: 'team.created',
      targetType: 'team',
      targetId: id,
      after: { name: input.name, memberIds, skills: input.skills },
    });
  });
  await scheduleRouting(ctx, workspaceId);
  return getTeam(ctx, workspaceId, id);
}

export async function updateTeam(ctx: AppContext, actor: Actor, id: string, patch: z.infer<typeof teamPatch>): Promise<TeamWithMembers> {
  const workspaceId = actor.principal.workspaceId;
  const before = await getTeam(ctx, workspaceId, id);
  const memberIds = patch.memberIds && (await checkMembers(ctx, workspaceId, patch.memberIds));
  await ctx.db.transaction(async (tx) => {
    if (!(await updateTeamRow(tx, workspaceId, id, { name: patch.name, skills: patch.skills }))) throw appError('not_found');
    if (memberIds) await replaceTeamMembers(tx, workspaceId, id, memberIds);
    const after = { ...before, ...patch, ...(memberIds ? { memberIds } : {}) };
    await recordAudit(tx, actor, {
      action: 'team.updated',
      targetType: 'team',
      targetId: id,
      ...changedFields(before, after, ['name', 'memberIds', 'skills']),
    });
  });
  await scheduleRouting(ctx, workspaceId);
  return getTeam(ctx, workspaceId, id);
}

/** Delete a team; its rules and conversations keep no team. */
export async function deleteTeam(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const workspaceId = actor.principal.workspaceId;
  const before = await getTeam(ctx, workspaceId, id);
  await ctx.db.transaction(async (tx) => {
    await lockWorkspaceRouting(tx, workspaceId);
    if (!(await deleteTeamRow(tx, workspaceId, id))) throw appError('not_found');
    await recordAudit(tx, actor, {
      action: 'team.deleted',
      targetType: 'team',
      targetId: id,
      before: { name: before.name, memberIds: before.memberIds },
    });
  });
  await scheduleRouting(ctx, workspaceId, 'all');
}

export function listRules(ctx: AppContext, workspaceId: string) {
  return selectRules(ctx.db, workspaceId);
}

/** Set an inbox's rule (audited); conversations of the inbox that are waiting follow it. */
export async function putRule(ctx: AppContext, actor: Actor, inboxId: string, input: z.infer<typeof ruleBody>) {
  const workspaceId = actor.principal.workspaceId;
  await getInbox(ctx.db, workspaceId, inboxId);
  if (input.teamId) await getTeam(ctx, workspaceId, input.teamId);
  const teamChanged = await ctx.db.transaction(async (tx) => {
    await lockWorkspaceRouting(tx, workspaceId);
    const before = (await selectRules(tx, workspaceId)).find((r) => r.inboxId === inboxId) ?? { inboxId, teamId: null, skills: [] };
    await upsertRule(tx, { workspaceId, inboxId, teamId: input.teamId, skills: input.skills });
    await recordAudit(tx, actor, {
      action: 'routing_rule.updated',
      targetType: 'inbox',
      targetId: inboxId,
      ...changedFields(before, { inboxId, ...input }, ['teamId', 'skills']),
    });
    return applyRuleToWaiting(tx, workspaceId, inboxId, { ...input, previousTeamId: before.teamId });
  });
  for (const conversation of teamChanged) ctx.bus.emit('conversation.updated', { workspaceId, conversation, changes: ['teamId'] });
  await scheduleRouting(ctx, workspaceId);
  return { inboxId, teamId: input.teamId, skills: input.skills };
}

/**
 * A waiting conversation needs these skills too (what the handoff's intent
 * calls for); it is routed again with them. No effect once it is assigned.
 */
export async function addRequiredSkills(ctx: AppContext, workspaceId: string, conversationId: string, skills: string[]): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await lockWorkspaceRouting(tx, workspaceId);
    await addQueueSkills(tx, workspaceId, conversationId, skillList.parse(skills));
  });
  await scheduleRouting(ctx, workspaceId);
}
