import { and, asc, desc, eq, gte, lt, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Trigger } from './rules.ts';
import { conversations } from '../conversations/schema.ts';
import { automationRules, automationRuns, type AutomationRuleRow, type AutomationRunRow } from './schema.ts';

type RuleInsert = typeof automationRules.$inferInsert;
type RunInsert = typeof automationRuns.$inferInsert;

export async function selectRules(db: DbOrTx, workspaceId: string): Promise<AutomationRuleRow[]> {
  return db
    .select()
    .from(automationRules)
    .where(eq(automationRules.workspaceId, workspaceId))
    .orderBy(asc(automationRules.position), asc(automationRules.createdAt));
}

/** The enabled rules of one trigger, in evaluation order. */
export async function selectActiveRules(db: DbOrTx, workspaceId: string, trigger: Trigger): Promise<AutomationRuleRow[]> {
  const r = automationRules;
  return db
    .select()
    .from(r)
    .where(and(eq(r.workspaceId, workspaceId), eq(r.trigger, trigger), eq(r.enabled, true)))
    .orderBy(asc(r.position), asc(r.createdAt));
}

export async function findRule(db: DbOrTx, workspaceId: string, id: string): Promise<AutomationRuleRow | undefined> {
  const [row] = await db
    .select()
    .from(automationRules)
    .where(and(eq(automationRules.workspaceId, workspaceId), eq(automationRules.id, id)));
  return row;
}

/** The position after the last rule (new rules go to the end). */
export async function nextPosition(db: DbOrTx, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ max: sql<number | null>`max(${automationRules.position})` })
    .from(automationRules)
    .where(eq(automationRules.workspaceId, workspaceId));
  return (row?.max ?? -1) + 1;
}

export async function insertRules(db: DbOrTx, rows: RuleInsert[]): Promise<AutomationRuleRow[]> {
  return db.insert(automationRules).values(rows).returning();
}

export async function updateRuleRow(db: DbOrTx, workspaceId: string, id: string, patch: Partial<RuleInsert>): Promise<AutomationRuleRow | undefined> {
  const [row] = await db
    .update(automationRules)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(automationRules.workspaceId, workspaceId), eq(automationRules.id, id)))
    .returning();
  return row;
}

export async function deleteRuleRow(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await db.delete(automationRules).where(and(eq(automationRules.workspaceId, workspaceId), eq(automationRules.id, id)));
}

/** Count one more run of the rule. */
export async function bumpRunCount(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await db
    .update(automationRules)
    .set({ runCount: sql`${automationRules.runCount} + 1`, lastRunAt: new Date() })
    .where(and(eq(automationRules.workspaceId, workspaceId), eq(automationRules.id, id)));
}

export async function insertRun(db: DbOrTx, row: RunInsert): Promise<AutomationRunRow> {
  const [run] = await db.insert(automationRuns).values(row).returning();
  return run!;
}

/** How often the rule acted on the subject since `since` (loop-stopped evaluations not counted). */
export async function countRecentRuns(db: DbOrTx, workspaceId: string, ruleId: string, subjectId: string, since: Date): Promise<number> {
  const r = automationRuns;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(r)
    .where(
      and(eq(r.workspaceId, workspaceId), eq(r.ruleId, ruleId), eq(r.subjectId, subjectId), gte(r.createdAt, since), ne(r.outcome, 'loop_stopped')),
    );
  return row?.n ?? 0;
}

export interface RunFilter {
  ruleId?: string;
  subjectId?: string;
  /** Keyset: runs older than this run id (ids sort by time). */
  beforeId?: string;
  limit: number;
}

/** The log, newest first. */
export async function selectRuns(db: DbOrTx, workspaceId: string, filter: RunFilter): Promise<AutomationRunRow[]> {
  const r = automationRuns;
  return db
    .select()
    .from(r)
    .where(
      and(
        eq(r.workspaceId, workspaceId),
        filter.ruleId ? eq(r.ruleId, filter.ruleId) : undefined,
        filter.subjectId ? eq(r.subjectId, filter.subjectId) : undefined,
        filter.beforeId ? lt(r.id, filter.beforeId) : undefined,
      ),
    )
    .orderBy(desc(r.id))
    .limit(filter.limit);
}

/** Workspaces with at least one enabled time rule (the sweep's work list). */
export async function selectWorkspacesWithTimeRules(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .selectDistinct({ workspaceId: automationRules.workspaceId })
    .from(automationRules)
    .where(and(eq(automationRules.trigger, 'time'), eq(automationRules.enabled, true)));
  return rows.map((r) => r.workspaceId);
}

/**
 * Conversations the time sweep looks at: not resolved, least recently
 * touched first (a rule like "pending for more than 24 h" finds them first).
 */
export async function selectSweepConversations(db: DbOrTx, workspaceId: string, limit: number): Promise<string[]> {
  const c = conversations;
  const rows = await db
    .select({ id: c.id })
    .from(c)
    .where(and(eq(c.workspaceId, workspaceId), ne(c.status, 'resolved')))
    .orderBy(asc(c.updatedAt))
    .limit(limit);
  return rows.map((r) => r.id);
}
