import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { idSchema, newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { getUser } from '../users/index.ts';
import { countTasks, findTask, insertTask, selectTasks, selectUserTeamIds, teamExists, updateTask } from './repo.ts';
import type { TaskRow, TaskSource } from './schema.ts';

/** What another module (survey follow-up, automation rule, SLA) gives to make a task. */
export interface TaskInput {
  title: string;
  body?: string;
  source: TaskSource;
  dueAt?: Date | null;
  assigneeId?: string | null;
  teamId?: string | null;
  ticketId?: string | null;
  conversationId?: string | null;
  contactId?: string | null;
  data?: Record<string, unknown>;
  createdBy?: string | null;
}

/**
 * Store a task inside the caller's transaction (so it commits with what made
 * it — a bad rating, a rule run). The caller announces it after the commit
 * with {@link announceTask}.
 *
 * @example const task = await createTask(tx, workspaceId, { title: '跟进 2 星评价', source: 'survey', teamId, dueAt })
 */
export function createTask(tx: DbOrTx, workspaceId: string, input: TaskInput): Promise<TaskRow> {
  return insertTask(tx, {
    workspaceId,
    id: newId('task'),
    title: input.title.slice(0, 300),
    body: input.body ?? '',
    source: input.source,
    dueAt: input.dueAt ?? null,
    assigneeId: input.assigneeId ?? null,
    teamId: input.teamId ?? null,
    ticketId: input.ticketId ?? null,
    conversationId: input.conversationId ?? null,
    contactId: input.contactId ?? null,
    data: input.data ?? {},
    createdBy: input.createdBy ?? null,
  });
}

/** After commit: `task.created` on the bus (the console hears it over its socket). */
export function announceTask(ctx: AppContext, task: TaskRow): void {
  ctx.bus.emit('task.created', { workspaceId: task.workspaceId, task });
}

export const listTasksQuery = z.object({
  view: z.enum(['mine', 'team', 'all']).default('all').describe('mine: assigned to me; team: my teams’ and mine; all: the workspace’s'),
  state: z.enum(['open', 'overdue', 'done', 'all']).default('open'),
  conversationId: idSchema('conversation').optional(),
  ticketId: idSchema('ticket').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

async function viewFilter(db: DbOrTx, actor: Actor, view: 'mine' | 'team' | 'all') {
  const { principal } = actor;
  if (view === 'all') return {};
  if (principal.kind !== 'user')
    throw appError('validation_failed', [{ in: 'querystring', path: ['view'], message: 'only people have their own tasks' }]);
  if (view === 'mine') return { assigneeId: principal.id, teamIds: [] };
  return { assigneeId: principal.id, teamIds: await selectUserTeamIds(db, principal.workspaceId, principal.id) };
}

export async function listTasks(db: DbOrTx, actor: Actor, query: z.infer<typeof listTasksQuery>): Promise<TaskRow[]> {
  const who = await viewFilter(db, actor, query.view);
  return selectTasks(db, actor.principal.workspaceId, { ...query, ...who, now: new Date() });
}

/** Open and overdue counts for the caller's views (the console's nav badge). */
export async function countMyTasks(db: DbOrTx, actor: Actor): Promise<{ open: number; overdue: number; mineOverdue: number }> {
  const now = new Date();
  const all = await countTasks(db, actor.principal.workspaceId, { now });
  const mine =
    actor.principal.kind === 'user' ? await countTasks(db, actor.principal.workspaceId, { ...(await viewFilter(db, actor, 'team')), now }) : all;
  return { open: all.open, overdue: all.overdue, mineOverdue: mine.overdue };
}

export async function getTask(db: DbOrTx, workspaceId: string, id: string): Promise<TaskRow> {
  const row = await findTask(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

export const completeTaskBody = z.object({ note: z.string().trim().max(2000).default('') }).strict();

/** Mark an open task done, with what was done; a second time is `task_closed`. */
export function completeTask(ctx: AppContext, actor: Actor, id: string, body: z.infer<typeof completeTaskBody>): Promise<TaskRow> {
  const workspaceId = actor.principal.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const before = await findTask(tx, workspaceId, id, true);
    if (!before) throw appError('not_found');
    if (before.status !== 'open') throw appError('task_closed');
    const data = body.note ? { ...before.data, doneNote: body.note } : before.data;
    const row = await updateTask(tx, workspaceId, id, { status: 'done', doneBy: actor.principal.id, doneAt: new Date(), data });
    await recordAudit(tx, actor, {
      action: 'task.done',
      targetType: 'task',
      targetId: id,
      before: { status: 'open' },
      after: { status: 'done', note: body.note },
    });
    return row;
  });
}

export const reassignTaskBody = z
  .object({ assigneeId: idSchema('user').nullable().optional(), teamId: idSchema('team').nullable().optional() })
  .strict()
  .refine((b) => b.assigneeId !== undefined || b.teamId !== undefined, { message: 'name an assignee or a team' });

async function assertAssignable(db: DbOrTx, workspaceId: string, body: z.infer<typeof reassignTaskBody>): Promise<void> {
  if (body.assigneeId) {
    const user = await getUser(db, workspaceId, body.assigneeId).catch(() => null);
    if (user?.status !== 'active')
      throw appError('validation_failed', [{ in: 'body', path: ['assigneeId'], message: 'not an active member of this workspace' }]);
  }
  if (body.teamId && !(await teamExists(db, workspaceId, body.teamId)))
    throw appError('validation_failed', [{ in: 'body', path: ['teamId'], message: 'no such team in this workspace' }]);
}

/** Give an open task to another person and/or team. */
export async function reassignTask(ctx: AppContext, actor: Actor, id: string, body: z.infer<typeof reassignTaskBody>): Promise<TaskRow> {
  const workspaceId = actor.principal.workspaceId;
  await assertAssignable(ctx.db, workspaceId, body);
  return ctx.db.transaction(async (tx) => {
    const before = await findTask(tx, workspaceId, id, true);
    if (!before) throw appError('not_found');
    if (before.status !== 'open') throw appError('task_closed');
    const patch = {
      ...(body.assigneeId !== undefined ? { assigneeId: body.assigneeId } : {}),
      ...(body.teamId !== undefined ? { teamId: body.teamId } : {}),
    };
    const row = await updateTask(tx, workspaceId, id, patch);
    await recordAudit(tx, actor, {
      action: 'task.reassigned',
      targetType: 'task',
      targetId: id,
      before: { assigneeId: before.assigneeId, teamId: before.teamId },
      after: { assigneeId: row.assigneeId, teamId: row.teamId },
    });
    return row;
  });
}

export const createTaskBody = z
  .object({
    title: z.string().trim().min(1).max(300),
    body: z.string().trim().max(5000).default(''),
    dueAt: z.iso.datetime({ offset: true }).nullable().default(null),
    assigneeId: idSchema('user').nullable().default(null),
    teamId: idSchema('team').nullable().default(null),
    conversationId: idSchema('conversation').nullable().default(null),
    ticketId: idSchema('ticket').nullable().default(null),
  })
  .strict();

/** A person writes a to-do by hand (source `user`). */
export async function createUserTask(ctx: AppContext, actor: Actor, body: z.infer<typeof createTaskBody>): Promise<TaskRow> {
  const workspaceId = actor.principal.workspaceId;
  await assertAssignable(ctx.db, workspaceId, body);
  const task = await ctx.db.transaction(async (tx) => {
    const row = await createTask(tx, workspaceId, {
      ...body,
      source: 'user',
      dueAt: body.dueAt ? new Date(body.dueAt) : null,
      createdBy: actor.principal.id,
    });
    await recordAudit(tx, actor, { action: 'task.created', targetType: 'task', targetId: row.id, after: { title: row.title } });
    return row;
  });
  announceTask(ctx, task);
  return task;
}
