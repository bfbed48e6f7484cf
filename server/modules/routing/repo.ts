import { and, asc, count, eq, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { conversations } from '../conversations/index.ts';
import { inboxes } from '../inboxes/index.ts';
import { roles, users } from '../users/index.ts';
import { agentProfiles, DEFAULT_CAPACITY, routingRules, teamMembers, teams, type AgentProfileRow, type Presence, type TeamRow } from './schema.ts';

/** Key space of the per-workspace routing lock (the second key is the workspace id's hash). */
const ROUTING_LOCK = 4_711_003;

/**
 * Take the workspace's routing lock for the rest of the transaction: every
 * routing decision of one workspace, on every Kefu node, happens one at a
 * time (see service docs in assign-service.ts).
 */
export async function lockWorkspaceRouting(tx: DbOrTx, workspaceId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ROUTING_LOCK}, hashtext(${workspaceId}))`);
}

/** An agent as routing and the admin pages see them: profile (or its defaults), load and identity. */
export interface AgentLoad {
  userId: string;
  name: string;
  email: string;
  presence: Presence;
  skills: string[];
  capacity: number;
  idleSince: Date | null;
  activeCount: number;
  /** Whether the user's role may answer customers (only they are routed to). */
  canAnswer: boolean;
}

/**
 * Active users with their routing profile and current load (open + pending
 * conversations assigned to them): one user, or everyone who can answer.
 */
export async function selectAgentLoads(db: DbOrTx, workspaceId: string, filter: { userId?: string; presence?: Presence } = {}): Promise<AgentLoad[]> {
  const load = db
    .select({ assigneeId: conversations.assigneeId, n: count().as('n') })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.status, ['open', 'pending']), isNotNull(conversations.assigneeId)))
    .groupBy(conversations.assigneeId)
    .as('load');
  const canAnswer = sql<boolean>`'messages.send' = any(${roles.permissions})`;
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      presence: sql<Presence>`coalesce(${agentProfiles.presence}, 'offline')`,
      skills: sql<string[]>`coalesce(${agentProfiles.skills}, '{}'::text[])`,
      capacity: sql<number>`coalesce(${agentProfiles.capacity}, ${DEFAULT_CAPACITY})::int`,
      idleSince: agentProfiles.idleSince,
      activeCount: sql<number>`coalesce(${load.n}, 0)::int`,
      canAnswer,
    })
    .from(users)
    .innerJoin(roles, and(eq(roles.workspaceId, users.workspaceId), eq(roles.id, users.roleId)))
    .leftJoin(agentProfiles, and(eq(agentProfiles.workspaceId, users.workspaceId), eq(agentProfiles.userId, users.id)))
    .leftJoin(load, eq(load.assigneeId, users.id))
    .where(
      and(
        eq(users.workspaceId, workspaceId),
        eq(users.status, 'active'),
        filter.userId ? eq(users.id, filter.userId) : canAnswer,
        filter.presence ? eq(agentProfiles.presence, filter.presence) : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
}

export type ProfilePatch = Partial<Pick<AgentProfileRow, 'skills' | 'capacity' | 'presence' | 'idleSince' | 'lastSeenAt'>>;

/** A user's routing profile, locked for the rest of the transaction; undefined when it has none yet. */
export async function lockProfile(db: DbOrTx, workspaceId: string, userId: string): Promise<AgentProfileRow | undefined> {
  const [row] = await db
    .select()
    .from(agentProfiles)
    .where(and(eq(agentProfiles.workspaceId, workspaceId), eq(agentProfiles.userId, userId)))
    .for('update');
  return row;
}

/** Create or change a user's routing profile. */
export async function upsertProfile(db: DbOrTx, workspaceId: string, userId: string, patch: ProfilePatch): Promise<AgentProfileRow> {
  const [profile] = await db
    .insert(agentProfiles)
    .values({ workspaceId, userId, ...patch })
    .onConflictDoUpdate({ target: [agentProfiles.workspaceId, agentProfiles.userId], set: { ...patch, updatedAt: new Date() } })
    .returning();
  return profile!;
}

/** A console socket of these agents is alive (only existing profiles: nobody else has a presence to keep). */
export async function touchLastSeen(db: DbOrTx, workspaceId: string, userId: string): Promise<void> {
  await db
    .update(agentProfiles)
    .set({ lastSeenAt: new Date() })
    .where(and(eq(agentProfiles.workspaceId, workspaceId), eq(agentProfiles.userId, userId)));
}

/**
 * Agents (one, or all of the workspace) whose console sockets have all been
 * gone for `unseenSeconds` go offline; returns who did.
 */
export async function markUnseenOffline(db: DbOrTx, workspaceId: string, unseenSeconds: number, userId?: string): Promise<string[]> {
  const rows = await db
    .update(agentProfiles)
    .set({ presence: 'offline', updatedAt: new Date() })
    .where(
      and(
        eq(agentProfiles.workspaceId, workspaceId),
        userId ? eq(agentProfiles.userId, userId) : undefined,
        ne(agentProfiles.presence, 'offline'),
        lt(agentProfiles.lastSeenAt, sql`now() - make_interval(secs => ${unseenSeconds})`),
      ),
    )
    .returning({ userId: agentProfiles.userId });
  return rows.map((r) => r.userId);
}

// Teams

export interface TeamWithMembers extends TeamRow {
  memberIds: string[];
}

export async function selectTeams(db: DbOrTx, workspaceId: string, id?: string): Promise<TeamWithMembers[]> {
  return db
    .select({
      workspaceId: teams.workspaceId,
      id: teams.id,
      name: teams.name,
      skills: teams.skills,
      createdAt: teams.createdAt,
      updatedAt: teams.updatedAt,
      memberIds: sql<string[]>`coalesce((select array_agg(${teamMembers.userId} order by ${teamMembers.userId}) from ${teamMembers}
        where ${teamMembers.workspaceId} = ${teams.workspaceId} and ${teamMembers.teamId} = ${teams.id}), '{}'::text[])`,
    })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), id ? eq(teams.id, id) : undefined))
    .orderBy(asc(teams.name), asc(teams.id));
}

export async function insertTeam(db: DbOrTx, row: typeof teams.$inferInsert): Promise<void> {
  await db.insert(teams).values(row);
}

export async function updateTeamRow(db: DbOrTx, workspaceId: string, id: string, patch: Partial<Pick<TeamRow, 'name' | 'skills'>>): Promise<boolean> {
  const rows = await db
    .update(teams)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)))
    .returning({ id: teams.id });
  return rows.length > 0;
}

export async function replaceTeamMembers(db: DbOrTx, workspaceId: string, teamId: string, userIds: string[]): Promise<void> {
  await db.delete(teamMembers).where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId)));
  if (userIds.length) await db.insert(teamMembers).values(userIds.map((userId) => ({ workspaceId, teamId, userId })));
}

/** Delete a team; rules and conversations that pointed at it point at no team. */
export async function deleteTeamRow(db: DbOrTx, workspaceId: string, id: string): Promise<boolean> {
  await db
    .update(routingRules)
    .set({ teamId: null, updatedAt: new Date() })
    .where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.teamId, id)));
  await db
    .update(conversations)
    .set({ teamId: null, updatedAt: new Date() })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.teamId, id)));
  const rows = await db
    .delete(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)))
    .returning({ id: teams.id });
  return rows.length > 0;
}

/** Which of these ids are active users of the workspace. */
export async function selectActiveUserIds(db: DbOrTx, workspaceId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), inArray(users.id, ids), eq(users.status, 'active')));
  return rows.map((r) => r.id);
}

// Rules

/** Every inbox of the workspace with its rule (no row: no team, no skills). */
export async function selectRules(db: DbOrTx, workspaceId: string): Promise<{ inboxId: string; teamId: string | null; skills: string[] }[]> {
  return db
    .select({
      inboxId: inboxes.id,
      teamId: routingRules.teamId,
      skills: sql<string[]>`coalesce(${routingRules.skills}, '{}'::text[])`,
    })
    .from(inboxes)
    .leftJoin(routingRules, and(eq(routingRules.workspaceId, inboxes.workspaceId), eq(routingRules.inboxId, inboxes.id)))
    .where(eq(inboxes.workspaceId, workspaceId))
    .orderBy(asc(inboxes.createdAt), asc(inboxes.id));
}

export async function upsertRule(db: DbOrTx, row: { workspaceId: string; inboxId: string; teamId: string | null; skills: string[] }): Promise<void> {
  await db
    .insert(routingRules)
    .values(row)
    .onConflictDoUpdate({
      target: [routingRules.workspaceId, routingRules.inboxId],
      set: { teamId: row.teamId, skills: row.skills, updatedAt: new Date() },
    });
}
