import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { conversations, type ConversationRow } from '../conversations/index.ts';
import { agentProfiles, routingQueue } from './schema.ts';

/**
 * The queue's SQL. Every write here runs under the workspace routing lock
 * (repo.ts `lockWorkspaceRouting`); a conversation waits while its queue row
 * has no `assigned_at` and the conversation itself is open with nobody
 * assigned — the conversation row stays the truth, so a change made
 * elsewhere (a supervisor's PATCH) can never be overwritten by the queue.
 */

export const waiting = sql`q.assigned_at is null and c.status = 'open' and c.assignee_id is null`;
/** Queue order: urgent > high > normal > low, then who has waited longest. */
export const queueOrder = sql`case c.priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end, q.waiting_since, q.conversation_id`;

/** A JS array as one text[] parameter (a bare array would become a parameter list). */
export const textArray = (values: string[]): SQL => sql`${sql.param(values)}::text[]`;
export const idsOrAll = (ids: string[] | 'all'): SQL => (ids === 'all' ? sql`true` : sql`c.id = any(${textArray(ids)})`);

/**
 * Put open, unassigned conversations among `ids` (or all) in the queue with
 * the skills of their inbox's rule (or `skills` when given). One already
 * waiting keeps its place; one routed before starts waiting anew.
 */
export async function enqueueWaiting(db: DbOrTx, workspaceId: string, ids: string[] | 'all', skills?: string[]): Promise<void> {
  const required = skills ? textArray(skills) : sql`coalesce(r.skills, '{}'::text[])`;
  await db.execute(sql`
    insert into routing_queue (workspace_id, conversation_id, skills, waiting_since)
    select c.workspace_id, c.id, ${required}, now()
    from conversations c
    left join routing_rules r on r.workspace_id = c.workspace_id and r.inbox_id = c.inbox_id
    where c.workspace_id = ${workspaceId} and ${idsOrAll(ids)} and c.status = 'open' and c.assignee_id is null
      and not exists (select 1 from routing_queue q where q.workspace_id = c.workspace_id and q.conversation_id = c.id and q.assigned_at is null)
    on conflict (workspace_id, conversation_id) do update
      set skills = excluded.skills, waiting_since = excluded.waiting_since, assigned_at = null, position = 0`);
}

/** Add skills a waiting conversation needs (e.g. what the handoff's intent asks for). */
export async function addQueueSkills(db: DbOrTx, workspaceId: string, conversationId: string, skills: string[]): Promise<void> {
  await db
    .update(routingQueue)
    .set({ skills: sql`array(select distinct unnest(${routingQueue.skills} || ${textArray(skills)}))` })
    .where(and(eq(routingQueue.workspaceId, workspaceId), eq(routingQueue.conversationId, conversationId), sql`${routingQueue.assignedAt} is null`));
}

/** Replace the skills a waiting conversation needs. */
export async function setQueueSkills(db: DbOrTx, workspaceId: string, conversationId: string, skills: string[]): Promise<void> {
  await db
    .update(routingQueue)
    .set({ skills })
    .where(and(eq(routingQueue.workspaceId, workspaceId), eq(routingQueue.conversationId, conversationId), sql`${routingQueue.assignedAt} is null`));
}

/**
 * Conversations of an inbox waiting in the queue follow its changed rule:
 * the new skills, and the new team unless someone moved them to another
 * team than the old rule's. Returns the conversations whose team changed.
 */
export async function applyRuleToWaiting(
  db: DbOrTx,
  workspaceId: string,
  inboxId: string,
  rule: { teamId: string | null; previousTeamId: string | null; skills: string[] },
): Promise<ConversationRow[]> {
  await db.execute(sql`
    update routing_queue q set skills = ${textArray(rule.skills)}
    from conversations c
    where q.workspace_id = ${workspaceId} and c.workspace_id = q.workspace_id and c.id = q.conversation_id
      and c.inbox_id = ${inboxId} and ${waiting}`);
  if (rule.teamId === rule.previousTeamId) return [];
  const { rows } = await db.execute<{ id: string }>(sql`
    update conversations c set team_id = ${rule.teamId}, updated_at = now()
    from routing_queue q
    where q.workspace_id = ${workspaceId} and c.workspace_id = q.workspace_id and c.id = q.conversation_id
      and c.inbox_id = ${inboxId} and ${waiting} and c.team_id is not distinct from ${rule.previousTeamId}
    returning c.id`);
  return selectConversationsByIds(
    db,
    workspaceId,
    rows.map((r) => r.id),
  );
}

/** Conversations by id (none: no query). */
export async function selectConversationsByIds(db: DbOrTx, workspaceId: string, ids: string[]): Promise<ConversationRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), sql`${conversations.id} = any(${textArray(ids)})`));
}

export interface WaitingRow {
  conversationId: string;
  inboxId: string;
  teamId: string | null;
  priority: string;
  skills: string[];
  waitingSince: Date;
  /** Place in its team's line (conversations without a team form one line), from 1. */
  position: number;
}

/** Waiting conversations in queue order, each with its position in its team's line. */
export async function selectWaiting(db: DbOrTx, workspaceId: string, limit: number): Promise<WaitingRow[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    select q.conversation_id, c.inbox_id, c.team_id, c.priority, q.skills, q.waiting_since,
      row_number() over (partition by c.team_id order by ${queueOrder})::int as position
    from routing_queue q
    join conversations c on c.workspace_id = q.workspace_id and c.id = q.conversation_id
    where q.workspace_id = ${workspaceId} and ${waiting}
    order by ${queueOrder}
    limit ${limit}`);
  return rows.map((r) => ({
    conversationId: r.conversation_id as string,
    inboxId: r.inbox_id as string,
    teamId: (r.team_id as string | null) ?? null,
    priority: r.priority as string,
    skills: r.skills as string[],
    waitingSince: new Date(r.waiting_since as string),
    position: Number(r.position),
  }));
}

/** The stored (last announced) position of a conversation; 0 when it is not waiting. */
export async function findQueuePosition(
  db: DbOrTx,
  workspaceId: string,
  conversationId: string,
): Promise<{ position: number; teamId: string | null }> {
  const { rows } = await db.execute<{ position: number; team_id: string | null }>(sql`
    select q.position, c.team_id from routing_queue q
    join conversations c on c.workspace_id = q.workspace_id and c.id = q.conversation_id
    where q.workspace_id = ${workspaceId} and q.conversation_id = ${conversationId} and ${waiting}`);
  return { position: rows[0]?.position ?? 0, teamId: rows[0]?.team_id ?? null };
}

export interface AssignmentPick {
  conversationId: string;
  userId: string;
}

/** Set assignee, team or status of a conversation locked by the caller. */
export async function setAssignment(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<ConversationRow, 'assigneeId' | 'teamId' | 'status'>>,
): Promise<ConversationRow> {
  const [row] = await db
    .update(conversations)
    .set({ ...patch, ...(patch.status && patch.status !== 'snoozed' ? { snoozedUntil: null } : {}), updatedAt: new Date() })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)))
    .returning();
  return row!;
}

/**
 * Agents just got conversations (`picks` in the order they got them): their
 * tie-break clocks restart in that order, and the queue rows record when.
 */
export async function recordAssignments(db: DbOrTx, workspaceId: string, picks: AssignmentPick[]): Promise<void> {
  if (picks.length === 0) return;
  const lastFirst = [...new Set(picks.map((p) => p.userId).reverse())].reverse();
  const now = sql`clock_timestamp()`;
  await db
    .insert(agentProfiles)
    .values(lastFirst.map((userId) => ({ workspaceId, userId, idleSince: now })))
    .onConflictDoUpdate({ target: [agentProfiles.workspaceId, agentProfiles.userId], set: { idleSince: now } });
  await db
    .update(routingQueue)
    .set({ assignedAt: new Date() })
    .where(
      and(
        eq(routingQueue.workspaceId, workspaceId),
        sql`${routingQueue.conversationId} = any(${textArray(picks.map((p) => p.conversationId))})`,
        sql`${routingQueue.assignedAt} is null`,
      ),
    );
}

export interface PositionChange {
  conversationId: string;
  teamId: string | null;
  /** 0: no longer waiting. */
  position: number;
}

/**
 * Bring stored positions in line with the queue, returning what changed:
 * rows whose conversation got an assignee elsewhere are marked assigned,
 * rows whose conversation stopped waiting otherwise (resolved, back to the
 * bot) are dropped, and the rest are renumbered per team line.
 */
export async function settlePositions(db: DbOrTx, workspaceId: string): Promise<PositionChange[]> {
  // Three disjoint sets of queue rows (taken elsewhere, stopped waiting, still waiting), so one statement.
  const { rows } = await db.execute<{ kind: 'left' | 'moved'; conversation_id: string; team_id: string | null; position: number }>(sql`
    with o as (select conversation_id, position as old from routing_queue where workspace_id = ${workspaceId}),
    taken as (
      update routing_queue q set assigned_at = coalesce(q.assigned_at, now()), position = 0
      from conversations c, o
      where q.workspace_id = ${workspaceId} and c.workspace_id = q.workspace_id and c.id = q.conversation_id and o.conversation_id = q.conversation_id
        and ((q.assigned_at is null and c.assignee_id is not null) or (q.assigned_at is not null and q.position > 0))
      returning q.conversation_id, o.old
    ), gone as (
      delete from routing_queue q using conversations c
      where q.workspace_id = ${workspaceId} and c.workspace_id = q.workspace_id and c.id = q.conversation_id
        and q.assigned_at is null and c.assignee_id is null and c.status <> 'open'
      returning q.conversation_id, q.position
    ), ranked as (
      select q.conversation_id, c.team_id, row_number() over (partition by c.team_id order by ${queueOrder})::int as position
      from routing_queue q join conversations c on c.workspace_id = q.workspace_id and c.id = q.conversation_id
      where q.workspace_id = ${workspaceId} and ${waiting}
    ), moved as (
      update routing_queue q set position = r.position from ranked r
      where q.workspace_id = ${workspaceId} and q.conversation_id = r.conversation_id and q.position <> r.position
      returning q.conversation_id, r.team_id, r.position
    )
    select 'left' as kind, conversation_id, null as team_id, old as position, 0 as part from taken where old > 0
    union all select 'left', conversation_id, null, position, 1 from gone where position > 0
    union all select 'moved', conversation_id, team_id, position, 2 from moved
    order by part`);
  return rows.map((r) => ({
    conversationId: r.conversation_id,
    teamId: r.kind === 'left' ? null : r.team_id,
    position: r.kind === 'left' ? 0 : r.position,
  }));
}

/**
 * Average seconds from assignment to resolution over the workspace's last
 * 100 routed conversations resolved in the past day; null with fewer than 3.
 */
export async function averageHandleSeconds(db: DbOrTx, workspaceId: string): Promise<number | null> {
  const { rows } = await db.execute<{ avg: string | null; n: string }>(sql`
    select avg(extract(epoch from (c.updated_at - q.assigned_at))) as avg, count(*) as n
    from (select * from routing_queue where workspace_id = ${workspaceId} and assigned_at > now() - interval '1 day'
          order by assigned_at desc limit 100) q
    join conversations c on c.workspace_id = q.workspace_id and c.id = q.conversation_id
    where c.status = 'resolved' and c.updated_at > q.assigned_at`);
  const n = Number(rows[0]?.n ?? 0);
  return n >= 3 && rows[0]?.avg !== null ? Number(rows[0]!.avg) : null;
}
