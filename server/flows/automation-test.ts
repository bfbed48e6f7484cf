import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { appError } from '../lib/errors.ts';
import { actorOf, errorResponses, type KefuApp } from '../lib/http.ts';
import { idSchema } from '../lib/ids.ts';
import {
  actionSchema,
  automationPolicy,
  conditionResultView,
  evaluateConditions,
  getRule,
  ruleCreate,
  type ActionSpec,
  type AutomationRuleRow,
} from '../modules/automation/index.ts';
import { subjectAdapter } from './automation-run.ts';

const tags = ['automation'];

const subjectBody = {
  subjectType: z.enum(['conversation', 'ticket']).default('conversation'),
  subjectId: z.string().min(1).max(64),
  messageText: z.string().max(5000).optional().describe('Test as if the customer had just written this (message.received rules)'),
};
const testBody = z.object(subjectBody).strict();
const draftTestBody = z.object({ ...subjectBody, rule: ruleCreate }).strict();

const testResult = z.object({
  matched: z.boolean(),
  conditions: z.array(conditionResultView),
  actions: z.array(actionSchema).describe('What the rule would do (nothing is applied); empty when it does not match'),
});

/** A dry run: the rule's conditions against the subject as it is now, and the actions it would take — nothing is applied or logged. */
export async function testRule(
  ctx: AppContext,
  workspaceId: string,
  rule: Pick<AutomationRuleRow, 'conditions' | 'actions'>,
  input: z.infer<typeof testBody>,
): Promise<z.infer<typeof testResult>> {
  const adapter = subjectAdapter(input.subjectType);
  if (!adapter) throw appError('not_found');
  const facts = await adapter.load(ctx, workspaceId, input.subjectId, input.messageText === undefined ? {} : { messageText: input.messageText });
  if (!facts) throw appError('not_found');
  const { matched, results } = evaluateConditions(rule.conditions, facts, Date.now());
  const mask = (a: ActionSpec): ActionSpec => (a.type === 'webhook' ? { ...a, secret: '••••••••' } : a);
  return { matched, conditions: results, actions: matched ? rule.actions.map(mask) : [] };
}

/** POST /api/v1/automation/rules/:id/test (a saved rule) and /api/v1/automation/test (a draft from the editor). */
export function registerAutomationTestRoutes(app: KefuApp, ctx: AppContext): void {
  app.post('/api/v1/automation/rules/:id/test', {
    config: { access: automationPolicy.test },
    schema: {
      tags,
      summary: 'Dry run: would this rule match the conversation or ticket now, and what would it do?',
      params: z.object({ id: idSchema('automationRule') }).strict(),
      body: testBody,
      response: { 200: testResult, ...errorResponses },
    },
    handler: async (req) => {
      const workspaceId = actorOf(req).principal.workspaceId;
      return testRule(ctx, workspaceId, await getRule(ctx.db, workspaceId, req.params.id), req.body);
    },
  });

  app.post('/api/v1/automation/test', {
    config: { access: automationPolicy.test },
    schema: {
      tags,
      summary: 'Dry run of a rule not saved yet (the editor’s "Test")',
      body: draftTestBody,
      response: { 200: testResult, ...errorResponses },
    },
    handler: async (req) => testRule(ctx, actorOf(req).principal.workspaceId, req.body.rule, req.body),
  });
}
