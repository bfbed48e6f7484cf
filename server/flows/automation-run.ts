import type { AppContext } from '../context.ts';
import { AppError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import {
  bumpRunCount,
  countRecentRuns,
  currentChain,
  evaluateConditions,
  insertRun,
  activeRules,
  judgeLoop,
  withinRule,
  type ActionResult,
  type ActionSpec,
  type AutomationRuleRow,
  type SubjectFacts,
  type SubjectType,
  type Trigger,
} from '../modules/automation/index.ts';
import { applyCommonAction } from './automation-actions.ts';

/** What one event tells the rules beyond the subject's current state. */
export interface EventFacts {
  /** The customer message that arrived (`message.received`). */
  messageText?: string;
  /** Condition field names the event changed (`status`, `priority`, `assignee`, `labels`, `team`…). */
  changes?: string[];
}

/**
 * How the engine reads and changes one kind of subject (a conversation, a
 * ticket). `apply` handles the subject's own actions (assign, set_field,
 * labels, canned reply, note) and returns a line for the log; the others
 * (email, webhook, task) are common to every subject.
 */
export interface SubjectAdapter {
  type: SubjectType;
  /**
   * The subject's facts. With `only`, the adapter may read just those
   * condition fields (and leave the rest out); without, every field.
   */
  load(ctx: AppContext, workspaceId: string, id: string, event: EventFacts, only?: ReadonlySet<string>): Promise<SubjectFacts | null>;
  apply(ctx: AppContext, facts: SubjectFacts, action: ActionSpec, rule: AutomationRuleRow): Promise<string | undefined>;
  /** Subjects the time sweep evaluates. */
  sweep(ctx: AppContext, workspaceId: string): Promise<string[]>;
  /** Note on the subject's timeline that a rule ran (the "rules that ran" line). */
  recordRun?(ctx: AppContext, facts: SubjectFacts, run: { ruleId: string; ruleName: string; runId: string; actions: ActionResult[] }): Promise<void>;
}

const adapters = new Map<SubjectType, SubjectAdapter>();

/** Make a subject type automatable (the conversation adapter now; the ticket adapter when tickets land). */
export function provideSubjectAdapter(adapter: SubjectAdapter): void {
  adapters.set(adapter.type, adapter);
}

export function subjectAdapter(type: SubjectType): SubjectAdapter | undefined {
  return adapters.get(type);
}

export function subjectAdapters(): SubjectAdapter[] {
  return [...adapters.values()];
}

const HOUR_MS = 3_600_000;
/** A time rule acts on one subject at most once in this window (the sweep runs every 5 minutes). */
const TIME_RULE_QUIET_MS = 24 * HOUR_MS;

/** The subject types a trigger is about (`time` sweeps every automatable type). */
const triggerSubject = (trigger: Trigger): SubjectType | null =>
  trigger.startsWith('ticket.') ? 'ticket' : trigger === 'time' ? null : 'conversation';

/**
 * Evaluate the workspace's enabled rules of `trigger` on one subject, in
 * order, and apply the actions of each that matches. Each match is logged
 * (`automation_runs`) with its conditions and per-action outcome; later
 * rules see the subject as earlier ones left it. The loop guard
 * (modules/automation/loop.ts) stops a rule that its own chain brought back,
 * a chain too deep, or a rule over its hourly cap: logged `loop_stopped`,
 * never thrown. Action failures are logged per action and do not stop the rest.
 */
export async function runAutomation(
  ctx: AppContext,
  input: { workspaceId: string; trigger: Trigger; subjectType: SubjectType; subjectId: string; event?: EventFacts; rules?: AutomationRuleRow[] },
): Promise<void> {
  const { workspaceId, trigger, subjectType, subjectId } = input;
  const adapter = adapters.get(subjectType);
  if (!adapter) return;
  const rules = input.rules ?? (await activeRules(ctx.db, workspaceId, trigger));
  if (rules.length === 0 || (triggerSubject(trigger) ?? subjectType) !== subjectType) return;
  const event = input.event ?? {};
  // The rules are judged on the fields their conditions name (on a busy inbox most messages match
  // no rule, and reading the contact, session and calendars for each would cost more than the bot);
  // a rule that matches gets the whole subject for its actions and the log.
  let facts = await adapter.load(ctx, workspaceId, subjectId, event, conditionFieldsOf(rules));
  let whole = false;
  // Later rules of this pass see the subject as earlier ones left it, so they are downstream of them too.
  let chain = currentChain();
  for (const rule of rules) {
    if (!facts) return;
    const started = performance.now();
    let { matched, results } = evaluateConditions(rule.conditions, facts, Date.now());
    if (!matched) continue;
    if (!whole) {
      facts = await adapter.load(ctx, workspaceId, subjectId, event);
      whole = true;
      if (!facts) return;
      ({ matched, results } = evaluateConditions(rule.conditions, facts, Date.now()));
      if (!matched) continue;
    }
    const since = new Date(Date.now() - (trigger === 'time' ? TIME_RULE_QUIET_MS : HOUR_MS));
    const recent = await countRecentRuns(ctx.db, workspaceId, rule.id, subjectId, since);
    if (trigger === 'time' && recent > 0) continue;
    const base = { workspaceId, ruleId: rule.id, ruleName: rule.name, subjectType, subjectId, event: trigger, conditions: results };
    const verdict = judgeLoop(chain, rule.id, subjectId, recent);
    if (verdict.stop) {
      await insertRun(ctx.db, {
        ...base,
        id: newId('automationRun'),
        outcome: 'loop_stopped',
        reason: verdict.reason,
        chain: chain.map((l) => l.ruleId),
      });
      ctx.log.warn({ ruleId: rule.id, subjectId, reason: verdict.reason }, 'automation loop stopped');
      continue;
    }
    const current = facts;
    const link = { ruleId: rule.id, subjectId };
    const actions = await withinRule(chain, link, () => applyActions(ctx, adapter, current, rule));
    const failed = actions.filter((a) => a.outcome === 'error').length;
    const outcome = failed === 0 ? 'applied' : failed === actions.length ? 'failed' : 'partial';
    const runId = newId('automationRun');
    await ctx.db.transaction(async (tx) => {
      const durationMs = Math.round(performance.now() - started);
      await insertRun(tx, { ...base, id: runId, outcome, actions, chain: chain.map((l) => l.ruleId), durationMs });
      await bumpRunCount(tx, workspaceId, rule.id);
    });
    await adapter.recordRun?.(ctx, current, { ruleId: rule.id, ruleName: rule.name, runId, actions }).catch((err: unknown) => {
      ctx.log.warn({ err, ruleId: rule.id, subjectId }, 'automation timeline line failed');
    });
    chain = [...chain, link];
    if (actions.some((a) => a.outcome === 'ok')) facts = await adapter.load(ctx, workspaceId, subjectId, event);
    if (rule.stopProcessing) return;
  }
}

/** Every field the rules' conditions name. */
function conditionFieldsOf(rules: AutomationRuleRow[]): Set<string> {
  return new Set(rules.flatMap((r) => [...r.conditions.all, ...r.conditions.any].map((c) => c.field)));
}

/** Apply a rule's actions in order; each one's failure is recorded and the next still runs. */
async function applyActions(ctx: AppContext, adapter: SubjectAdapter, facts: SubjectFacts, rule: AutomationRuleRow): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  for (const action of rule.actions) {
    try {
      const common = await applyCommonAction(ctx, facts, action, rule);
      const detail = common ?? (await adapter.apply(ctx, facts, action, rule));
      results.push({ type: action.type, outcome: 'ok', ...(detail ? { detail } : {}) });
    } catch (err) {
      const detail = describeFailure(err);
      ctx.log.warn({ err, ruleId: rule.id, action: action.type, subjectId: facts.id }, 'automation action failed');
      results.push({ type: action.type, outcome: 'error', detail: detail.slice(0, 500) });
    }
  }
  return results;
}

/** A failure as the log shows it: a catalogued error with its details, else the message. */
function describeFailure(err: unknown): string {
  if (err instanceof AppError) return `${err.code}${err.details === undefined ? '' : `: ${JSON.stringify(err.details)}`}`;
  return err instanceof Error ? err.message : String(err);
}
