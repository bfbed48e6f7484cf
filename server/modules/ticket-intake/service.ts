import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import type { Actor } from '../../lib/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { listCategories } from '../tickets/index.ts';
import { lockIntakeKey, insertIntakeKey, selectIntakeSettings, upsertIntakeSettings } from './repo.ts';

export const intakeSettingsBody = z
  .object({
    /** Intent key (or completed flow's request kind) → ticket category id. */
    intentCategories: z
      .record(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower-case letters, digits and _'), z.string().max(64))
      .refine((m) => Object.keys(m).length <= 500, 'at most 500 intents'),
  })
  .strict();
export type IntakeSettings = z.infer<typeof intakeSettingsBody>;

/** The workspace's intent → category mapping (empty when never set). */
export async function getIntakeSettings(db: DbOrTx, workspaceId: string): Promise<IntakeSettings> {
  const row = await selectIntakeSettings(db, workspaceId);
  return { intentCategories: row?.intentCategories ?? {} };
}

/** Replaces the mapping; every category must be one of this workspace's, not archived. Audited. */
export async function putIntakeSettings(ctx: AppContext, actor: Actor, input: IntakeSettings): Promise<IntakeSettings> {
  const workspaceId = actor.principal.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const live = new Set((await listCategories(tx, workspaceId)).filter((c) => !c.archived).map((c) => c.id));
    const problems = Object.entries(input.intentCategories)
      .filter(([, id]) => !live.has(id))
      .map(([intent]) => ({ in: 'body', path: ['intentCategories', intent], message: 'unknown or archived category' }));
    if (problems.length) throw appError('validation_failed', problems);
    const before = await getIntakeSettings(tx, workspaceId);
    const row = await upsertIntakeSettings(tx, workspaceId, input.intentCategories);
    await recordAudit(tx, actor, {
      action: 'ticket_intake.updated',
      targetType: 'workspace',
      targetId: workspaceId,
      before,
      after: { intentCategories: row.intentCategories },
    });
    return { intentCategories: row.intentCategories };
  });
}

/**
 * Runs `create` once per key: inside the caller's transaction the key is
 * locked and looked up; when a ticket already holds it, that ticket's id is
 * returned and `create` is not called.
 */
export async function claimIntakeKey(
  tx: DbOrTx,
  workspaceId: string,
  key: string,
  create: () => Promise<{ id: string }>,
): Promise<{ ticketId: string; created: boolean }> {
  const existing = await lockIntakeKey(tx, workspaceId, key);
  if (existing) return { ticketId: existing, created: false };
  const made = await create();
  await insertIntakeKey(tx, workspaceId, key, made.id);
  return { ticketId: made.id, created: true };
}
