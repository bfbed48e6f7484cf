import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, tstz, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';
import type { ActionSpec, ConditionSet, Trigger } from './rules.ts';

export const subjectTypes = ['conversation', 'ticket'] as const;
export type SubjectType = (typeof subjectTypes)[number];

/** What became of one matched evaluation: actions ran (all ok, some failed), or the loop guard stopped it. */
export const runOutcomes = ['applied', 'partial', 'failed', 'loop_stopped'] as const;
export type RunOutcome = (typeof runOutcomes)[number];

/** One action's result in a run. */
export interface ActionResult {
  type: ActionSpec['type'];
  outcome: 'ok' | 'error' | 'skipped';
  detail?: string;
}

/** One condition's verdict in a run (or a dry run): the value it saw. */
export interface ConditionResult {
  group: 'all' | 'any';
  field: string;
  op: string;
  value: unknown;
  actual: unknown;
  matched: boolean;
}

/**
 * A workspace's automation rule: when `trigger` happens to a conversation or
 * ticket and the conditions hold, apply the actions. Rules run in `position`
 * order; `stopProcessing` ends the pass after this one matched.
 */
export const automationRules = pgTable(
  'automation_rules',
  {
    ...tenantColumns(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    enabled: boolean('enabled').notNull().default(true),
    position: integer('position').notNull().default(0),
    trigger: text('trigger').$type<Trigger>().notNull(),
    conditions: jsonb('conditions').$type<ConditionSet>().notNull().default({ all: [], any: [] }),
    actions: jsonb('actions').$type<ActionSpec[]>().notNull().default([]),
    stopProcessing: boolean('stop_processing').notNull().default(false),
    /** How often it matched and acted (loop-stopped evaluations not counted). */
    runCount: integer('run_count').notNull().default(0),
    lastRunAt: tstz('last_run_at'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('automation_rules_trigger_idx').on(t.workspaceId, t.trigger, t.enabled, t.position),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

/** The log: one row per evaluation that matched (and per loop the guard stopped), with what each action did. */
export const automationRuns = pgTable(
  'automation_runs',
  {
    ...tenantColumns(),
    ruleId: text('rule_id').notNull(),
    /** The rule's name when it ran (the log stays readable after a rename or delete). */
    ruleName: text('rule_name').notNull(),
    subjectType: text('subject_type', { enum: subjectTypes }).notNull(),
    subjectId: text('subject_id').notNull(),
    event: text('event').notNull(),
    outcome: text('outcome', { enum: runOutcomes }).notNull(),
    conditions: jsonb('conditions').$type<ConditionResult[]>().notNull().default([]),
    actions: jsonb('actions').$type<ActionResult[]>().notNull().default([]),
    /** Rule ids that led here (earlier rules whose actions caused this event), oldest first. */
    chain: text('chain').array().notNull().default([]),
    /** Why the loop guard stopped it (`same_rule_in_chain`, `depth`, `rate_cap`). */
    reason: text('reason'),
    durationMs: integer('duration_ms').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('automation_runs_recent_idx').on(t.workspaceId, t.createdAt),
    index('automation_runs_subject_idx').on(t.workspaceId, t.subjectId, t.createdAt),
    index('automation_runs_rule_idx').on(t.workspaceId, t.ruleId, t.subjectId, t.createdAt),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export type AutomationRuleRow = typeof automationRules.$inferSelect;
export type AutomationRunRow = typeof automationRuns.$inferSelect;
