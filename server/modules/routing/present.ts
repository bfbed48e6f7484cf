import { z } from 'zod';
import { isoDate } from '../../lib/http.ts';
import type { WaitingRow } from './queue-repo.ts';
import type { AgentLoad, TeamWithMembers } from './repo.ts';

export const meView = z.object({
  userId: z.string(),
  presence: z.enum(['online', 'away', 'offline']),
  skills: z.array(z.string()),
  capacity: z.number(),
  activeCount: z.number(),
});

export const agentView = meView.extend({ name: z.string(), email: z.string(), idleSince: z.string().nullable() });

export const teamView = z.object({
  id: z.string(),
  name: z.string(),
  memberIds: z.array(z.string()),
  skills: z.array(z.string()),
  createdAt: z.string(),
});

export const ruleView = z.object({ inboxId: z.string(), teamId: z.string().nullable(), skills: z.array(z.string()) });

export const queueItemView = z.object({
  conversationId: z.string(),
  inboxId: z.string(),
  teamId: z.string().nullable(),
  priority: z.string(),
  waitingSince: z.string(),
  position: z.number(),
  expectedWaitSeconds: z.number(),
  skills: z.array(z.string()),
});

export function presentMe(row: AgentLoad): z.infer<typeof meView> {
  return { userId: row.userId, presence: row.presence, skills: row.skills, capacity: row.capacity, activeCount: row.activeCount };
}

export function presentAgent(row: AgentLoad): z.infer<typeof agentView> {
  return { ...presentMe(row), name: row.name, email: row.email, idleSince: isoDate(row.idleSince) };
}

export function presentTeam(row: TeamWithMembers): z.infer<typeof teamView> {
  return { id: row.id, name: row.name, memberIds: row.memberIds, skills: row.skills, createdAt: row.createdAt.toISOString() };
}

export function presentQueueItem(row: WaitingRow & { expectedWaitSeconds: number }): z.infer<typeof queueItemView> {
  return {
    conversationId: row.conversationId,
    inboxId: row.inboxId,
    teamId: row.teamId,
    priority: row.priority,
    waitingSince: row.waitingSince.toISOString(),
    position: row.position,
    expectedWaitSeconds: row.expectedWaitSeconds,
    skills: row.skills,
  };
}
