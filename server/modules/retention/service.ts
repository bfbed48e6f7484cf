import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../lib/principal.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { findRetentionPolicy, upsertRetentionPolicy } from './repo.ts';
import { retentionActions, type RetentionPolicyRow } from './schema.ts';

/** What a workspace without a saved policy has: keep everything. */
export const defaultRetention = {
  conversationsAction: 'keep',
  conversationsDays: 365,
  ticketsAction: 'keep',
  ticketsYears: 3,
  attachmentsDays: null,
  auditYears: null,
} as const;

export type RetentionSettings = Omit<RetentionPolicyRow, 'workspaceId' | 'updatedBy' | 'updatedAt'>;

export const retentionBody = z
  .object({
    conversationsAction: z.enum(retentionActions),
    conversationsDays: z.number().int().min(1).max(36_500),
    ticketsAction: z.enum(retentionActions),
    ticketsYears: z.number().int().min(1).max(100),
    attachmentsDays: z.number().int().min(1).max(36_500).nullable(),
    auditYears: z.number().int().min(1).max(100).nullable(),
  })
  .partial()
  .strict();

/** The workspace's retention settings (the defaults when none were saved). */
export async function getRetention(db: DbOrTx, workspaceId: string): Promise<RetentionSettings & { updatedAt: Date | null }> {
  const row = await findRetentionPolicy(db, workspaceId);
  return row ?? { ...defaultRetention, updatedAt: null };
}

/** Change the retention settings, audited as `retention.updated` with the changed fields. */
export async function updateRetention(ctx: AppContext, actor: Actor, patch: z.infer<typeof retentionBody>) {
  const workspaceId = actor.principal.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const before = await getRetention(tx, workspaceId);
    const { updatedAt: _, ...current } = before;
    const saved = await upsertRetentionPolicy(tx, { workspaceId, ...current, ...patch, updatedBy: actor.principal.id });
    const keys = Object.keys(patch) as (keyof typeof patch)[];
    await recordAudit(tx, actor, {
      action: 'retention.updated',
      targetType: 'workspace',
      targetId: workspaceId,
      ...changedFields(before, saved, keys),
    });
    return saved;
  });
}
