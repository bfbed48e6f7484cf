import { and, asc, desc, eq, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { tasks, type TaskRow } from './schema.ts';

export async function insertTask(db: DbOrTx, row: typeof tasks.$inferInsert): Promise<TaskRow> {
  const [inserted] = await db.insert(tasks).values(row).returning();
  return inserted!;
}

export async function findTask(db: DbOrTx, workspaceId: string, id: string, lock = false): Promise<TaskRow | undefined> {
  const query = db
    .select()
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function updateTask(db: DbOrTx, workspaceId: string, id: string, patch: Partial<TaskRow>): Promise<TaskRow> {
  const [row] = await db
    .update(tasks)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)))
    .returning();
  return row!;
}

/** The teams a user belongs to (routing's membership table). */
export async function selectUserTeamIds(db: DbOrTx, workspaceId: string, userId: string): Promise<string[]> {
  const { rows } = await db.execute<{ team_id: string }>(
    sql`select team_id from team_members where workspace_id = ${workspaceId} and user_id = ${userId}`,
  );
  return rows.map((r) => r.team_id);
}

export interface TaskFilter {
  /** Only these people's or teams' tasks (the "mine" and "team" views). */
  assigneeId?: string;
  teamIds?: string[];
  state: 'open' | 'overdue' | 'done' | 'all';
  conversationId?: string;
  ticketId?: string;
  now: Date;
  limit: number;
}

function conditions(workspaceId: string, f: Omit<TaskFilter, 'limit'>): SQL | undefined {
  const who: SQL[] = [];
  if (f.assigneeId) who.push(eq(tasks.assigneeId, f.assigneeId));
  if (f.teamIds?.length) who.push(inArray(tasks.teamId, f.teamIds));
  const scoped = f.assigneeId !== undefined || f.teamIds !== undefined;
  return and(
    eq(tasks.workspaceId, workspaceId),
    scoped ? (who.length ? or(...who) : sql`false`) : undefined,
    f.state === 'open' ? eq(tasks.status, 'open') : undefined,
    f.state === 'overdue' ? and(eq(tasks.status, 'open'), isNotNull(tasks.dueAt), lt(tasks.dueAt, f.now)) : undefined,
    f.state === 'done' ? eq(tasks.status, 'done') : undefined,
    f.conversationId ? eq(tasks.conversationId, f.conversationId) : undefined,
    f.ticketId ? eq(tasks.ticketId, f.ticketId) : undefined,
  );
}

/** Open ones soonest due first; done ones most recently done first. */
export function selectTasks(db: DbOrTx, workspaceId: string, f: TaskFilter): Promise<TaskRow[]> {
  const order = f.state === 'done' ? [desc(tasks.doneAt), desc(tasks.id)] : [sql`${tasks.dueAt} asc nulls last`, asc(tasks.id)];
  return db
    .select()
    .from(tasks)
    .where(conditions(workspaceId, f))
    .orderBy(...order)
    .limit(f.limit);
}

/** How many open and overdue tasks a view holds (the nav badge). */
export async function countTasks(
  db: DbOrTx,
  workspaceId: string,
  f: Omit<TaskFilter, 'limit' | 'state'>,
): Promise<{ open: number; overdue: number }> {
  const [row] = await db
    .select({
      open: sql<number>`count(*)::int`,
      overdue: sql<number>`count(*) filter (where ${tasks.dueAt} < ${f.now.toISOString()}::timestamptz)::int`,
    })
    .from(tasks)
    .where(conditions(workspaceId, { ...f, state: 'open' }));
  return row ?? { open: 0, overdue: 0 };
}

/** Whether the team exists in this workspace. */
export async function teamExists(db: DbOrTx, workspaceId: string, teamId: string): Promise<boolean> {
  const { rows } = await db.execute(sql`select 1 from teams where workspace_id = ${workspaceId} and id = ${teamId}`);
  return rows.length > 0;
}
