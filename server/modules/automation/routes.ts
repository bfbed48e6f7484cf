import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { automationPolicy } from './policy.ts';
import { presentRule, presentRun, ruleView, runView } from './present.ts';
import { ruleCreate, rulePatch } from './rules.ts';
import { createRule, deleteRule, getRule, listRules, listRuns, reorderBody, reorderRules, runsQuery, updateRule } from './service.ts';

const tags = ['automation'];
const params = z.object({ id: idSchema('automationRule') }).strict();
const rulesList = z.object({ items: z.array(ruleView) });

/** /api/v1/automation/rules (CRUD, reorder) and /api/v1/automation/runs (the log). The dry run is in flows/automation-test.ts. */
export function registerAutomationRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/automation/rules', {
    config: { access: automationPolicy.list },
    schema: { tags, summary: 'Rules in evaluation order, with run counts', response: { 200: rulesList, ...errorResponses } },
    handler: async (req) => ({ items: (await listRules(ctx, actorOf(req).principal.workspaceId)).map(presentRule) }),
  });

  app.post('/api/v1/automation/rules', {
    config: { access: automationPolicy.create },
    schema: { tags, summary: 'Add a rule (evaluated after the existing ones)', body: ruleCreate, response: { 201: ruleView, ...errorResponses } },
    handler: async (req, reply) => reply.code(201).send(presentRule(await createRule(ctx, actorOf(req), req.body))),
  });

  app.put('/api/v1/automation/rules/order', {
    config: { access: automationPolicy.reorder },
    schema: { tags, summary: 'Set the evaluation order', body: reorderBody, response: { 200: rulesList, ...errorResponses } },
    handler: async (req) => ({ items: (await reorderRules(ctx, actorOf(req), req.body.ids)).map(presentRule) }),
  });

  app.get('/api/v1/automation/rules/:id', {
    config: { access: automationPolicy.read },
    schema: { tags, summary: 'One rule', params, response: { 200: ruleView, ...errorResponses } },
    handler: async (req) => presentRule(await getRule(ctx.db, actorOf(req).principal.workspaceId, req.params.id)),
  });

  app.patch('/api/v1/automation/rules/:id', {
    config: { access: automationPolicy.update },
    schema: {
      tags,
      summary: 'Change a rule; `{ "enabled": false }` turns it off. A webhook secret sent back masked is kept.',
      params,
      body: rulePatch,
      response: { 200: ruleView, ...errorResponses },
    },
    handler: async (req) => presentRule(await updateRule(ctx, actorOf(req), req.params.id, req.body)),
  });

  app.delete('/api/v1/automation/rules/:id', {
    config: { access: automationPolicy.delete },
    schema: { tags, summary: 'Delete a rule (its log entries stay)', params, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await deleteRule(ctx, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/automation/runs', {
    config: { access: automationPolicy.runs },
    schema: {
      tags,
      summary: 'The log: which rule did what to which conversation or ticket, newest first',
      querystring: runsQuery,
      response: { 200: z.object({ items: z.array(runView), nextCursor: z.string().nullable() }), ...errorResponses },
    },
    handler: async (req) => {
      const page = await listRuns(ctx, actorOf(req).principal.workspaceId, req.query);
      return { items: page.items.map(presentRun), nextCursor: page.nextCursor };
    },
  });
}
