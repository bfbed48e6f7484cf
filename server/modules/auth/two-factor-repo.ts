import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { withCipher } from '../encryption/index.ts';
import { authSettings, loginChallenges, userTwoFactor, type LoginChallengeRow, type TwoFactorRow } from './schema.ts';

/**
 * The column the TOTP secret is sealed for (docs/encryption.md): a database
 * dump must not be enough to mint a staff member's codes. A secret stored in
 * clear before sealing existed still opens (it passes through) until the
 * re-encryption job seals it.
 */
export const TOTP_SECRET = 'user_two_factor.secret';

/** The user's factor with its secret opened. */
export async function findTwoFactor(db: DbOrTx, workspaceId: string, userId: string): Promise<TwoFactorRow | undefined> {
  const [row] = await db
    .select()
    .from(userTwoFactor)
    .where(and(eq(userTwoFactor.workspaceId, workspaceId), eq(userTwoFactor.userId, userId)));
  return row && { ...row, secret: await withCipher(db, workspaceId, (c) => c.open(TOTP_SECRET, row.secret)) };
}

/** Start (or restart) enrolment with a new secret, sealed; an enabled factor is never replaced here. */
export async function upsertPendingTwoFactor(db: DbOrTx, workspaceId: string, userId: string, plainSecret: string): Promise<boolean> {
  const secret = await withCipher(db, workspaceId, (c) => c.seal(TOTP_SECRET, plainSecret));
  const rows = await db
    .insert(userTwoFactor)
    .values({ workspaceId, userId, secret })
    .onConflictDoUpdate({
      target: [userTwoFactor.workspaceId, userTwoFactor.userId],
      set: { secret, lastStep: null, recoveryCodes: [], createdAt: sql`now()` },
      setWhere: isNull(userTwoFactor.enabledAt),
    })
    .returning({ userId: userTwoFactor.userId });
  return rows.length === 1;
}

export async function enableTwoFactor(db: DbOrTx, workspaceId: string, userId: string, recoveryHashes: string[]): Promise<void> {
  await db
    .update(userTwoFactor)
    .set({ enabledAt: sql`now()`, recoveryCodes: recoveryHashes })
    .where(and(eq(userTwoFactor.workspaceId, workspaceId), eq(userTwoFactor.userId, userId)));
}

export async function deleteTwoFactor(db: DbOrTx, workspaceId: string, userId: string): Promise<void> {
  await db.delete(userTwoFactor).where(and(eq(userTwoFactor.workspaceId, workspaceId), eq(userTwoFactor.userId, userId)));
}

/** Take a time step if it is after the last one used; false = a replayed (or older) code. Atomic across nodes. */
export async function claimTotpStep(db: DbOrTx, workspaceId: string, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(userTwoFactor)
    .set({ lastStep: step })
    .where(
      and(
        eq(userTwoFactor.workspaceId, workspaceId),
        eq(userTwoFactor.userId, userId),
        or(isNull(userTwoFactor.lastStep), lt(userTwoFactor.lastStep, step)),
      ),
    )
    .returning({ userId: userTwoFactor.userId });
  return rows.length === 1;
}

/** Use up a recovery code by its hash; false when it is not (or no longer) there. */
export async function claimRecoveryCode(db: DbOrTx, workspaceId: string, userId: string, hash: string): Promise<boolean> {
  const rows = await db
    .update(userTwoFactor)
    .set({ recoveryCodes: sql`array_remove(${userTwoFactor.recoveryCodes}, ${hash})` })
    .where(and(eq(userTwoFactor.workspaceId, workspaceId), eq(userTwoFactor.userId, userId), sql`${hash} = any(${userTwoFactor.recoveryCodes})`))
    .returning({ userId: userTwoFactor.userId });
  return rows.length === 1;
}

export async function insertChallenge(db: DbOrTx, row: typeof loginChallenges.$inferInsert): Promise<void> {
  await db.insert(loginChallenges).values(row);
}

/** A live challenge by its token hash. */
export async function findChallenge(db: DbOrTx, workspaceId: string, tokenHash: string): Promise<LoginChallengeRow | undefined> {
  const [row] = await db
    .select()
    .from(loginChallenges)
    .where(and(eq(loginChallenges.workspaceId, workspaceId), eq(loginChallenges.tokenHash, tokenHash), gt(loginChallenges.expiresAt, sql`now()`)));
  return row;
}

/** Count a wrong code; returns the failures so far. */
export async function countChallengeFailure(db: DbOrTx, workspaceId: string, id: string): Promise<number> {
  const [row] = await db
    .update(loginChallenges)
    .set({ failures: sql`${loginChallenges.failures} + 1` })
    .where(and(eq(loginChallenges.workspaceId, workspaceId), eq(loginChallenges.id, id)))
    .returning({ failures: loginChallenges.failures });
  return row?.failures ?? Number.POSITIVE_INFINITY;
}

export async function deleteChallenge(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await db.delete(loginChallenges).where(and(eq(loginChallenges.workspaceId, workspaceId), eq(loginChallenges.id, id)));
}

export async function deleteExpiredChallenges(db: DbOrTx): Promise<number> {
  const rows = await db
    .delete(loginChallenges)
    .where(lt(loginChallenges.expiresAt, sql`now()`))
    .returning({ id: loginChallenges.id });
  return rows.length;
}

export async function getRequireAdminTwoFactor(db: DbOrTx, workspaceId: string): Promise<boolean> {
  const [row] = await db.select().from(authSettings).where(eq(authSettings.workspaceId, workspaceId));
  return row?.requireAdminTwoFactor ?? false;
}

export async function setRequireAdminTwoFactor(db: DbOrTx, workspaceId: string, value: boolean): Promise<void> {
  await db
    .insert(authSettings)
    .values({ workspaceId, requireAdminTwoFactor: value })
    .onConflictDoUpdate({ target: authSettings.workspaceId, set: { requireAdminTwoFactor: value, updatedAt: sql`now()` } });
}
