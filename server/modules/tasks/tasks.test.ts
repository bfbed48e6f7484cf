import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, expectError } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { announceTask, createTask } from './index.ts';

describe('tasks', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let teamId: string;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other');
    teamId = (await call(kefu, 'POST', '/api/v1/routing/teams', ws.tokens.admin, { name: 'VIP', memberIds: [ws.users.agent.id] })).body.id;
  });
  afterAll(() => kefu.close());

  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((t) => t.id);

  it('createTask (for rules and SLA) commits with the caller and is heard on the bus; views split mine, my teams and all', async () => {
    const heard: string[] = [];
    kefu.ctx.bus.on('task.created', ({ payload }) => void heard.push(payload.task.id));
    const overdue = await kefu.ctx.db.transaction((tx) =>
      createTask(tx, ws.id, { title: 'SLA 超时：回复客户', source: 'sla', teamId, dueAt: new Date(Date.now() - 60_000) }),
    );
    announceTask(kefu.ctx, overdue);
    await kefu.ctx.bus.drain();
    expect(heard).toContain(overdue.id);

    const mine = await call(kefu, 'POST', '/api/v1/tasks', ws.tokens.admin, { title: 'Call back', assigneeId: ws.users.operator.id });
    expect(mine.status).toBe(201);

    expect(ids(await call(kefu, 'GET', '/api/v1/tasks?view=team', ws.tokens.agent))).toEqual([overdue.id]);
    expect(ids(await call(kefu, 'GET', '/api/v1/tasks?view=mine', ws.tokens.agent))).toEqual([]);
    expect(ids(await call(kefu, 'GET', '/api/v1/tasks?view=mine', ws.tokens.operator))).toEqual([mine.body.id]);
    expect(ids(await call(kefu, 'GET', '/api/v1/tasks?state=overdue', ws.tokens.operator))).toEqual([overdue.id]);
    expect((await call(kefu, 'GET', `/api/v1/tasks/${overdue.id}`, ws.tokens.agent)).body.overdue).toBe(true);
    expect((await call(kefu, 'GET', '/api/v1/tasks/counts', ws.tokens.agent)).body).toEqual({ open: 2, overdue: 1, mineOverdue: 1 });
    expect((await call(kefu, 'GET', '/api/v1/tasks/counts', other.tokens.admin)).body).toEqual({ open: 0, overdue: 0, mineOverdue: 0 });
  });

  it('reassigns to active members and teams of this workspace only, audited; closed tasks stay closed', async () => {
    const task = (await call(kefu, 'POST', '/api/v1/tasks', ws.tokens.admin, { title: 'Refund check' })).body;
    expectError(
      await call(kefu, 'POST', `/api/v1/tasks/${task.id}/reassign`, ws.tokens.agent, { assigneeId: other.users.agent.id }),
      'validation_failed',
    );
    expectError(await call(kefu, 'POST', `/api/v1/tasks/${task.id}/reassign`, ws.tokens.agent, {}), 'validation_failed');
    const moved = await call(kefu, 'POST', `/api/v1/tasks/${task.id}/reassign`, ws.tokens.agent, { assigneeId: ws.users.agent.id, teamId });
    expect(moved.body).toEqual(expect.objectContaining({ assigneeId: ws.users.agent.id, teamId }));
    const audit = await auditEvents(kefu, ws.tokens.admin, { action: 'task.reassigned' });
    expect(audit[0]).toEqual(expect.objectContaining({ targetId: task.id }));

    expectError(await call(kefu, 'POST', `/api/v1/tasks/${task.id}/reassign`, other.tokens.admin, { teamId: null }), 'not_found');
    expect((await call(kefu, 'POST', `/api/v1/tasks/${task.id}/done`, ws.tokens.agent, { note: 'checked' })).body.data).toEqual({
      doneNote: 'checked',
    });
    expectError(await call(kefu, 'POST', `/api/v1/tasks/${task.id}/reassign`, ws.tokens.agent, { teamId: null }), 'task_closed');
    expect(ids(await call(kefu, 'GET', '/api/v1/tasks?state=done', ws.tokens.agent))).toContain(task.id);
  });

  it('needs tasks.read to list and tasks.manage to change', async () => {
    const viewer = (await call(kefu, 'POST', '/api/v1/roles', ws.tokens.admin, { key: 'viewer', name: 'Viewer', permissions: ['tasks.read'] })).body;
    expect(viewer.id).toBeDefined();
    const key = await call(kefu, 'POST', '/api/v1/api-keys', ws.tokens.admin, { name: 'viewer', roleId: viewer.id });
    expect((await call(kefu, 'GET', '/api/v1/tasks', key.body.token)).status).toBe(200);
    expectError(await call(kefu, 'POST', '/api/v1/tasks', key.body.token, { title: 'x' }), 'forbidden');
    expectError(await call(kefu, 'GET', '/api/v1/tasks?view=mine', key.body.token), 'validation_failed');
  });
});
