import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import { idSchema, newId } from '../../lib/ids.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import type { Actor } from '../../lib/principal.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { keepMaskedSecrets } from './present.ts';
import { deleteRuleRow, findRule, insertRules, nextPosition, selectActiveRules, selectRuns, selectRules, updateRuleRow } from './repo.ts';
import type { RuleCreate, RulePatch, Trigger } from './rules.ts';
import type { AutomationRuleRow, AutomationRunRow } from './schema.ts';
import type { DbOrTx } from '../../db/client.ts';
import { readCache } from '../../lib/read-cache.ts';

/**
 * The enabled rules per workspace and trigger, read once per {@link RULES_TTL_MS}
 * rather than on every message; a change on this node is seen at once.
 */
const RULES_TTL_MS = 5_000;
const activeRuleCache = readCache<AutomationRuleRow[]>(RULES_TTL_MS);

/** The enabled rules of one trigger, in evaluation order (cached). */
export function activeRules(db: DbOrTx, workspaceId: string, trigger: Trigger): Promise<AutomationRuleRow[]> {
  return activeRuleCache.get(db, `${workspaceId}:${trigger}`, () => selectActiveRules(db, workspaceId, trigger));
}

/** Forget the workspace's cached rules once a change has committed. */
async function changingRules<T>(ctx: AppContext, workspaceId: string, change: Promise<T>): Promise<T> {
  try {
    return await change;
  } finally {
    activeRuleCache.forget(ctx.db, `${workspaceId}:`, true);
  }
}

const AUDITED = ['name', 'description', 'enabled', 'position', 'trigger', 'conditions', 'actions', 'stopProcessing'] as const;

/** What the audit log keeps of a rule (webhook secrets left out). */
function summary(row: AutomationRuleRow): Record<string, unknown> {
  const { before } = changedFields(row, row, AUDITED);
  return { ...before, actions: row.actions.map((a) => (a.type === 'webhook' ? { ...a, secret: '[redacted]' } : a)) };
}

/** JSON with object keys sorted: jsonb hands keys back in its own order, so plain stringify would see changes that are not there. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

export async function listRules(ctx: AppContext, workspaceId: string): Promise<AutomationRuleRow[]> {
  return selectRules(ctx.db, workspaceId);
}

/** One rule of the workspace; another workspace's is `not_found`. */
export async function getRule(db: DbOrTx, workspaceId: string, id: string): Promise<AutomationRuleRow> {
  const row = await findRule(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

/** Add a rule at the end of the order; audited. */
export async function createRule(ctx: AppContext, actor: Actor, input: RuleCreate): Promise<AutomationRuleRow> {
  const workspaceId = actor.principal.workspaceId;
  return changingRules(
    ctx,
    workspaceId,
    ctx.db.transaction(async (tx) => {
      const [row] = await insertRules(tx, [
        {
          ...input,
          actions: keepMaskedSecrets(input.actions, []),
          workspaceId,
          id: newId('automationRule'),
          position: await nextPosition(tx, workspaceId),
          createdBy: actor.principal.id,
        },
      ]);
      await recordAudit(tx, actor, { action: 'automation_rule.created', targetType: 'automation_rule', targetId: row!.id, after: summary(row!) });
      return row!;
    }),
  );
}

/** Change a rule (enable/disable is a patch of `enabled`); audited with the fields that changed. */
export async function updateRule(ctx: AppContext, actor: Actor, id: string, patch: RulePatch): Promise<AutomationRuleRow> {
  const workspaceId = actor.principal.workspaceId;
  return changingRules(
    ctx,
    workspaceId,
    ctx.db.transaction(async (tx) => {
      const before = await getRule(tx, workspaceId, id);
      const next = patch.actions ? { ...patch, actions: keepMaskedSecrets(patch.actions, before.actions) } : patch;
      const after = (await updateRuleRow(tx, workspaceId, id, next))!;
      const changed = AUDITED.filter((k) => canonical(before[k]) !== canonical(after[k]));
      if (changed.length) {
        const diff = changedFields(summary(before), summary(after), changed);
        await recordAudit(tx, actor, { action: 'automation_rule.updated', targetType: 'automation_rule', targetId: id, ...diff });
      }
      return after;
    }),
  );
}

export async function deleteRule(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const workspaceId = actor.principal.workspaceId;
  await changingRules(
    ctx,
    workspaceId,
    ctx.db.transaction(async (tx) => {
      const before = await getRule(tx, workspaceId, id);
      await deleteRuleRow(tx, workspaceId, id);
      await recordAudit(tx, actor, { action: 'automation_rule.deleted', targetType: 'automation_rule', targetId: id, before: summary(before) });
    }),
  );
}

export const reorderBody = z
  .object({ ids: z.array(idSchema('automationRule')).min(1).max(500).describe('Every rule id of the workspace, in the new evaluation order') })
  .strict();

/** Set the evaluation order: `ids` must name every rule of the workspace exactly once. */
export async function reorderRules(ctx: AppContext, actor: Actor, ids: string[]): Promise<AutomationRuleRow[]> {
  const workspaceId = actor.principal.workspaceId;
  return changingRules(
    ctx,
    workspaceId,
    ctx.db.transaction(async (tx) => {
      const rules = await selectRules(tx, workspaceId);
      const known = new Set(rules.map((r) => r.id));
      if (new Set(ids).size !== ids.length || ids.length !== known.size || ids.some((id) => !known.has(id))) {
        throw appError('validation_failed', [{ in: 'body', path: ['ids'], message: 'name every rule of the workspace exactly once' }]);
      }
      for (const [position, id] of ids.entries()) await updateRuleRow(tx, workspaceId, id, { position });
      await recordAudit(tx, actor, {
        action: 'automation_rule.reordered',
        targetType: 'automation_rule',
        before: { order: rules.map((r) => r.id) },
        after: { order: ids },
      });
      return selectRules(tx, workspaceId);
    }),
  );
}

export const runsQuery = z
  .object({
    ruleId: idSchema('automationRule').optional(),
    subjectId: z.string().max(64).optional().describe('A conversation or ticket id: the rules that ran on it'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

/** The log, newest first, keyset-paginated. */
export async function listRuns(
  ctx: AppContext,
  workspaceId: string,
  query: z.infer<typeof runsQuery>,
): Promise<{ items: AutomationRunRow[]; nextCursor: string | null }> {
  const rows = await selectRuns(ctx.db, workspaceId, {
    ruleId: query.ruleId,
    subjectId: query.subjectId,
    beforeId: decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  return toPage(rows, query.limit);
}
