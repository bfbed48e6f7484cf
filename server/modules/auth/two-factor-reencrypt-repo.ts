import { and, asc, count, eq, gt, not, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { FORMAT_PREFIX, undecryptable, workspaceCipher, type BatchResult } from '../encryption/index.ts';
import { userTwoFactor } from './schema.ts';
import { TOTP_SECRET } from './two-factor-repo.ts';

/*
 * The re-encryption job's part for staff TOTP secrets: seal secrets stored in
 * clear (before sealing existed) and move sealed ones to the active key.
 * Keyset batches by user id, rows locked while they move; safe to repeat.
 */

/** One batch of a workspace's TOTP secrets after user `afterId`; returns where to go on. */
export async function reencryptTwoFactorSecrets(db: DbOrTx, workspaceId: string, afterId: string, limit: number): Promise<BatchResult> {
  const cipher = await workspaceCipher(db, workspaceId);
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ userId: userTwoFactor.userId, secret: userTwoFactor.secret })
      .from(userTwoFactor)
      .where(and(eq(userTwoFactor.workspaceId, workspaceId), gt(userTwoFactor.userId, afterId)))
      .orderBy(asc(userTwoFactor.userId))
      .limit(limit)
      .for('update');
    let moved = 0;
    let failed = 0;
    for (const row of rows) {
      if (cipher.isCurrent(row.secret)) continue;
      const bad = await undecryptable(async () => {
        const secret = cipher.seal(TOTP_SECRET, cipher.open(TOTP_SECRET, row.secret));
        await tx
          .update(userTwoFactor)
          .set({ secret })
          .where(and(eq(userTwoFactor.workspaceId, workspaceId), eq(userTwoFactor.userId, row.userId)));
        moved++;
      });
      if (bad) failed++;
    }
    return { next: rows.length === limit ? rows.at(-1)!.userId : null, moved, failed };
  });
}

/** TOTP secrets of the workspace not yet under `activeKeyId` (clear ones included). */
export async function countTwoFactorSecretsLeft(db: DbOrTx, workspaceId: string, activeKeyId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(userTwoFactor)
    .where(and(eq(userTwoFactor.workspaceId, workspaceId), not(sql`${userTwoFactor.secret} like ${`${FORMAT_PREFIX}${activeKeyId}:%`}`)));
  return row?.n ?? 0;
}

/** Workspaces with a TOTP secret still in clear: the boot seals them before serving. */
export async function selectWorkspacesWithClearTotpSecrets(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .selectDistinct({ workspaceId: userTwoFactor.workspaceId })
    .from(userTwoFactor)
    .where(not(sql`${userTwoFactor.secret} like ${`${FORMAT_PREFIX}%`}`));
  return rows.map((r) => r.workspaceId);
}
