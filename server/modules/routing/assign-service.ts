import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../lib/principal.ts';
import { storeConversationMessage, type ConversationRow, type MessageRow } from '../conversations/index.ts';
import { assignWaiting, enqueueWithRuleTeams } from './pass-repo.ts';
import { lockWorkspaceRouting, selectAgentLoads, selectTeams } from './repo.ts';
import { averageHandleSeconds, findQueuePosition, selectWaiting, settlePositions, type WaitingRow } from './queue-repo.ts';

/**
 * Assignment: who gets which waiting conversation.
 *
 * Correctness under concurrency comes from PostgreSQL, not from process
 * memory, so it holds with any number of Kefu nodes:
 *
 * - Every routing decision of a workspace — draining the queue, a claim, a
 *   transfer — runs in a transaction that first takes the workspace's
 *   advisory lock (`pg_advisory_xact_lock(4711003, hashtext(workspace))`).
 *   Decisions of one workspace therefore happen one at a time, and each one
 *   starts after the previous one committed: under READ COMMITTED every
 *   statement after the lock sees the agents' loads and the queue as the
 *   previous decision left them. Two agents freeing capacity at the same
 *   moment trigger two drains that run one after the other; the second sees
 *   the conversations the first handed out, so none is given twice and no
 *   agent's count passes its capacity.
 * - The assignment itself is conditional (`… where assignee_id is null and
 *   status = 'open'`), so a change made outside the lock (a supervisor's
 *   PATCH, an agent taking over by replying) is never overwritten.
 * - No wake-up is lost: a conversation is queued and the queue drained in
 *   one locked transaction, and capacity that frees up (a resolve, a
 *   transfer, presence online, a higher capacity) triggers a drain after its
 *   own commit — whichever of the two takes the lock second sees the other.
 *
 * Manual moves (claim, transfer, a supervisor's reassignment) are people's
 * decisions and may take an agent past capacity; automatic assignment never does.
 */

export type AssignReason = 'auto' | 'claim' | 'transfer' | 'manual';

export interface Assignment {
  conversation: ConversationRow;
  assigneeId: string | null;
  previousAssigneeId: string | null;
  reason: AssignReason;
  activity: MessageRow;
  changes: string[];
}

export interface QueueNotice {
  conversationId: string;
  /** 0: it left the queue. */
  position: number;
  expectedWaitSeconds: number;
}

/** What a routing transaction did, announced after it commits (events.ts). */
export interface RoutingOutcome {
  assignments: Assignment[];
  queue: QueueNotice[];
  /** Conversations that got their inbox rule's team. */
  teamChanged: ConversationRow[];
  /** This commit handed out its share; another pass may assign more. */
  more: boolean;
}

/** The estimate's handle time until the workspace has resolved a few routed conversations. */
export const DEFAULT_HANDLE_SECONDS = 300;
/** Waiting conversations one drain looks at. */
const DRAIN_BATCH = 1000;
/** Assignments per transaction: a burst is handed out in several commits, so the first agents see theirs sooner. */
const ASSIGN_PER_COMMIT = 100;

interface Candidate {
  userId: string;
  /** Own skills and the skills of their teams, lower-cased. */
  skills: Set<string>;
  teams: Set<string>;
  capacity: number;
  active: number;
  idleSince: number;
}

const normalizeSkill = (skill: string) => skill.trim().toLowerCase();

/** Online agents who may answer, with their load, team memberships and effective skills. */
async function loadCandidates(tx: DbOrTx, workspaceId: string): Promise<Candidate[]> {
  const agents = await selectAgentLoads(tx, workspaceId, { presence: 'online' });
  const teamList = await selectTeams(tx, workspaceId);
  return agents.map((agent) => {
    const mine = teamList.filter((t) => t.memberIds.includes(agent.userId));
    return {
      userId: agent.userId,
      skills: new Set([...agent.skills, ...mine.flatMap((t) => t.skills)].map(normalizeSkill)),
      teams: new Set(mine.map((t) => t.id)),
      capacity: agent.capacity,
      active: agent.activeCount,
      idleSince: agent.idleSince?.getTime() ?? 0,
    };
  });
}

const isFree = (c: Candidate) => c.active < c.capacity;

/** The free agent for this conversation: team and skills fit; least busy, then idle longest. */
function pickAgent(candidates: Candidate[], row: WaitingRow): Candidate | undefined {
  const fits = candidates.filter(
    (c) => isFree(c) && (!row.teamId || c.teams.has(row.teamId)) && row.skills.every((s) => c.skills.has(normalizeSkill(s))),
  );
  fits.sort((a, b) => a.active - b.active || a.idleSince - b.idleSince || a.userId.localeCompare(b.userId));
  return fits[0];
}

/**
 * Expected wait in a team's line: the recent handle time × the position,
 * shared by the places (capacity) of the online agents serving that line
 * (at least one).
 */
export function estimateWaitSeconds(position: number, handleSeconds: number, places: number): number {
  return Math.round((handleSeconds * position) / Math.max(1, places));
}

/** Places in a team's line (no team: every online agent's): the capacities of the online agents serving it. */
function placesFor(candidates: Candidate[], teamId: string | null): number {
  return candidates.filter((c) => !teamId || c.teams.has(teamId)).reduce((sum, c) => sum + c.capacity, 0);
}

/** The timeline line's record of an assignment change: what changed, from what to what, and why. */
function assignmentLine(before: ConversationRow, after: ConversationRow, reason: AssignReason) {
  const changes = (['status', 'assigneeId', 'teamId'] as const).filter((k) => before[k] !== after[k]);
  const contentAttributes = { changes: Object.fromEntries(changes.map((k) => [k, { from: before[k], to: after[k] }])), routing: { reason } };
  return { changes, contentAttributes };
}

/** Write the timeline line for an assignment change; returns the conversation with its new last seq. */
export async function writeAssignment(
  tx: DbOrTx,
  input: { actor: Actor | null; before: ConversationRow; after: ConversationRow; reason: AssignReason },
): Promise<Assignment> {
  const { before, after, actor } = input;
  const { changes, contentAttributes } = assignmentLine(before, after, input.reason);
  const { message } = await storeConversationMessage(tx, after, {
    type: 'activity',
    senderType: actor?.principal.kind === 'user' ? 'user' : 'system',
    senderId: actor?.principal.id ?? null,
    content: '',
    contentAttributes,
  });
  return {
    conversation: { ...after, lastSeq: message.seq },
    assigneeId: after.assigneeId,
    previousAssigneeId: before.assigneeId,
    reason: input.reason,
    activity: message,
    changes,
  };
}

/**
 * Hand waiting conversations, in queue order, to free agents until no
 * waiting one fits a free agent (or this commit's share is full: `more`).
 * Decided in memory, written in one statement.
 */
async function drainQueue(tx: DbOrTx, workspaceId: string, candidates: Candidate[]): Promise<{ assignments: Assignment[]; more: boolean }> {
  const picks: { conversationId: string; userId: string }[] = [];
  if (!candidates.some(isFree)) return { assignments: [], more: false };
  for (const row of await selectWaiting(tx, workspaceId, DRAIN_BATCH)) {
    if (picks.length === ASSIGN_PER_COMMIT || !candidates.some(isFree)) break;
    const agent = pickAgent(candidates, row);
    if (!agent) continue;
    picks.push({ conversationId: row.conversationId, userId: agent.userId });
    agent.active += 1;
    agent.idleSince = Date.now() + picks.length;
  }
  const assignments = (await assignWaiting(tx, workspaceId, picks)).map(({ conversation, activity }): Assignment => ({
    conversation,
    assigneeId: conversation.assigneeId,
    previousAssigneeId: null,
    reason: 'auto',
    activity,
    changes: ['assigneeId'],
  }));
  return { assignments, more: picks.length === ASSIGN_PER_COMMIT };
}

/**
 * The end of every routing transaction (the caller holds the lock): drain
 * the queue, then renumber it and estimate the wait of every conversation
 * whose position changed. When the drain handed out its full share (`more`),
 * the renumbering waits for the pass that follows at once: a burst is then
 * renumbered and announced once, not after every commit.
 */
export async function finishRouting(tx: DbOrTx, workspaceId: string): Promise<Omit<RoutingOutcome, 'teamChanged'>> {
  const candidates = await loadCandidates(tx, workspaceId);
  const { assignments, more } = await drainQueue(tx, workspaceId, candidates);
  if (more) return { assignments, queue: [], more };
  const changes = await settlePositions(tx, workspaceId);
  const handle = changes.some((c) => c.position > 0) ? ((await averageHandleSeconds(tx, workspaceId)) ?? DEFAULT_HANDLE_SECONDS) : 0;
  const queue = changes.map((c) => ({
    conversationId: c.conversationId,
    position: c.position,
    expectedWaitSeconds: c.position > 0 ? estimateWaitSeconds(c.position, handle, placesFor(candidates, c.teamId)) : 0,
  }));
  return { assignments, queue, more };
}

/**
 * One routing pass of a workspace inside the caller's transaction: take the
 * lock, queue the open unassigned conversations among `enqueue` (`all`: any
 * in the workspace), then drain and renumber.
 */
export async function routeInTransaction(tx: DbOrTx, workspaceId: string, enqueue: string[] | 'all'): Promise<RoutingOutcome> {
  await lockWorkspaceRouting(tx, workspaceId);
  const teamChanged = enqueue === 'all' || enqueue.length ? await enqueueWithRuleTeams(tx, workspaceId, enqueue) : [];
  return { ...(await finishRouting(tx, workspaceId)), teamChanged };
}

/** Waiting conversations in queue order with their expected wait (for the queue page). */
export async function readQueue(db: DbOrTx, workspaceId: string, limit: number) {
  const rows = await selectWaiting(db, workspaceId, limit);
  if (rows.length === 0) return [];
  const candidates = await loadCandidates(db, workspaceId);
  const handle = (await averageHandleSeconds(db, workspaceId)) ?? DEFAULT_HANDLE_SECONDS;
  return rows.map((row) => ({ ...row, expectedWaitSeconds: estimateWaitSeconds(row.position, handle, placesFor(candidates, row.teamId)) }));
}

/** Where a conversation stands in the queue now, with its expected wait; null when it is not waiting. */
export async function queueNoticeFor(db: DbOrTx, workspaceId: string, conversationId: string): Promise<QueueNotice | null> {
  const { position, teamId } = await findQueuePosition(db, workspaceId, conversationId);
  if (position === 0) return null;
  const candidates = await loadCandidates(db, workspaceId);
  const handle = (await averageHandleSeconds(db, workspaceId)) ?? DEFAULT_HANDLE_SECONDS;
  return { conversationId, position, expectedWaitSeconds: estimateWaitSeconds(position, handle, placesFor(candidates, teamId)) };
}
