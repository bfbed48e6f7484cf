import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { tasksPolicy } from './policy.ts';
import { presentTask, taskView } from './present.ts';
import {
  completeTask,
  completeTaskBody,
  countMyTasks,
  createTaskBody,
  createUserTask,
  getTask,
  listTasks,
  listTasksQuery,
  reassignTask,
  reassignTaskBody,
} from './service.ts';

const tags = ['tasks'];
const params = z.object({ id: idSchema('task') }).strict();

/** /api/v1/tasks: staff to-dos with a due time (follow-ups of bad ratings, rule and SLA actions, hand-written ones). */
export function registerTaskRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/tasks', {
    config: { access: tasksPolicy.list },
    schema: {
      tags,
      summary: 'Tasks of a view (mine, my teams’, all) in a state (open, overdue, done)',
      querystring: listTasksQuery,
      response: { 200: z.object({ items: z.array(taskView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await listTasks(ctx.db, actorOf(req), req.query)).map((t) => presentTask(t)) }),
  });

  app.get('/api/v1/tasks/counts', {
    config: { access: tasksPolicy.list },
    schema: {
      tags,
      summary: 'Open and overdue tasks of the workspace, and overdue ones of mine and my teams (the nav badge)',
      response: { 200: z.object({ open: z.number().int(), overdue: z.number().int(), mineOverdue: z.number().int() }), ...errorResponses },
    },
    handler: async (req) => countMyTasks(ctx.db, actorOf(req)),
  });

  app.post('/api/v1/tasks', {
    config: { access: tasksPolicy.create },
    schema: { tags, summary: 'Write a task by hand', body: createTaskBody, response: { 201: taskView, ...errorResponses } },
    handler: async (req, reply) => reply.code(201).send(presentTask(await createUserTask(ctx, actorOf(req), req.body))),
  });

  app.get('/api/v1/tasks/:id', {
    config: { access: tasksPolicy.read },
    schema: { tags, summary: 'One task', params, response: { 200: taskView, ...errorResponses } },
    handler: async (req) => presentTask(await getTask(ctx.db, actorOf(req).principal.workspaceId, req.params.id)),
  });

  app.post('/api/v1/tasks/:id/done', {
    config: { access: tasksPolicy.complete },
    schema: {
      tags,
      summary: 'Mark an open task done, with a note of what was done',
      params,
      body: completeTaskBody.default({ note: '' }),
      response: { 200: taskView, ...errorResponses },
    },
    handler: async (req) => presentTask(await completeTask(ctx, actorOf(req), req.params.id, req.body)),
  });

  app.post('/api/v1/tasks/:id/reassign', {
    config: { access: tasksPolicy.reassign },
    schema: {
      tags,
      summary: 'Give an open task to another person and/or team',
      params,
      body: reassignTaskBody,
      response: { 200: taskView, ...errorResponses },
    },
    handler: async (req) => presentTask(await reassignTask(ctx, actorOf(req), req.params.id, req.body)),
  });
}
