import { z } from 'zod';
import { appError } from '../../lib/errors.ts';
import { isoDate } from '../../lib/http.ts';
import { actionSchema, conditionSetSchema, triggers } from './rules.ts';
import { runOutcomes, subjectTypes, type AutomationRuleRow, type AutomationRunRow } from './schema.ts';

/** A webhook's secret is write-only: the API shows that one is set, never its value. */
const MASK = '••••••••';

export const ruleView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  position: z.number().int(),
  trigger: z.enum(triggers),
  conditions: conditionSetSchema,
  actions: z.array(actionSchema),
  stopProcessing: z.boolean(),
  runCount: z.number().int(),
  lastRunAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function presentRule(row: AutomationRuleRow): z.infer<typeof ruleView> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    enabled: row.enabled,
    position: row.position,
    trigger: row.trigger,
    conditions: row.conditions,
    actions: row.actions.map((a) => (a.type === 'webhook' ? { ...a, secret: MASK } : a)),
    stopProcessing: row.stopProcessing,
    runCount: row.runCount,
    lastRunAt: isoDate(row.lastRunAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Keep a stored webhook secret when an edit sends the mask back unchanged
 * (matched by URL); a mask with no stored secret behind it is refused.
 */
export function keepMaskedSecrets(next: AutomationRuleRow['actions'], before: AutomationRuleRow['actions']): AutomationRuleRow['actions'] {
  return next.map((a, i) => {
    if (a.type !== 'webhook' || a.secret !== MASK) return a;
    const old = before.find((b) => b.type === 'webhook' && b.url === a.url);
    if (old?.type !== 'webhook')
      throw appError('validation_failed', [{ in: 'body', path: ['actions', i, 'secret'], message: 'give the webhook a secret' }]);
    return { ...a, secret: old.secret };
  });
}

const conditionResult = z.object({
  group: z.enum(['all', 'any']),
  field: z.string(),
  op: z.string(),
  value: z.unknown(),
  actual: z.unknown(),
  matched: z.boolean(),
});

export const runView = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  subjectType: z.enum(subjectTypes),
  subjectId: z.string(),
  event: z.string(),
  outcome: z.enum(runOutcomes),
  reason: z.string().nullable(),
  conditions: z.array(conditionResult),
  actions: z.array(z.object({ type: z.string(), outcome: z.enum(['ok', 'error', 'skipped']), detail: z.string().optional() })),
  chain: z.array(z.string()),
  durationMs: z.number().int(),
  createdAt: z.string(),
});

export function presentRun(row: AutomationRunRow): z.infer<typeof runView> {
  return {
    id: row.id,
    ruleId: row.ruleId,
    ruleName: row.ruleName,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    event: row.event,
    outcome: row.outcome,
    reason: row.reason,
    conditions: row.conditions,
    actions: row.actions,
    chain: row.chain,
    durationMs: row.durationMs,
    createdAt: row.createdAt.toISOString(),
  };
}

export const conditionResultView = conditionResult;
