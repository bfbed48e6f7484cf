import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { issueToken, parseToken, sha256, verifyPassword } from '../../lib/secrets.ts';
import { recordAudit } from '../audit/index.ts';
import { getRole, getUser, type UserRow } from '../users/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import type { TwoFactorRow } from './schema.ts';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.ts';
import {
  claimRecoveryCode,
  claimTotpStep,
  countChallengeFailure,
  deleteChallenge,
  deleteTwoFactor,
  enableTwoFactor,
  findChallenge,
  findTwoFactor,
  getRequireAdminTwoFactor,
  insertChallenge,
  upsertPendingTwoFactor,
} from './two-factor-repo.ts';

const CHALLENGE_TTL_MS = 5 * 60_000;
/** Wrong codes one challenge takes before it is spent (then: sign in with the password again). */
const CHALLENGE_MAX_FAILURES = 5;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export const totpCode = z.string().regex(/^\d{6}$/, 'six digits');
export const recoveryCode = z.string().min(8).max(40);

/** Recovery codes as people read them (`abcde-fghjk`); stored only as hashes of the normalised form. */
const normaliseRecovery = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');
function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const chars = [...randomBytes(10)].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Whether the workspace requires 2FA of this user (it requires it of admins: roles that manage the workspace). */
async function requiredOf(ctx: AppContext, user: UserRow): Promise<boolean> {
  if (!(await getRequireAdminTwoFactor(ctx.db, user.workspaceId))) return false;
  const role = await getRole(ctx.db, user.workspaceId, user.roleId);
  return role.permissions.includes('workspace.manage');
}

/** Whether a user's sign-in needs a code (2FA on) or enrolment (required but not set up). */
export async function secondStepFor(ctx: AppContext, user: UserRow): Promise<'verify' | 'enrol' | null> {
  const factor = await findTwoFactor(ctx.db, user.workspaceId, user.id);
  if (factor?.enabledAt) return 'verify';
  return (await requiredOf(ctx, user)) ? 'enrol' : null;
}

/** Start the short-lived second step; the token is returned once and stored hashed. */
export async function openChallenge(ctx: AppContext, user: UserRow, purpose: 'verify' | 'enrol') {
  const { token, hash } = issueToken('kc', user.workspaceId);
  const expiresAt = new Date(Date.now() + CHALLENGE_TTL_MS);
  await insertChallenge(ctx.db, { workspaceId: user.workspaceId, id: newId('loginChallenge'), userId: user.id, tokenHash: hash, purpose, expiresAt });
  const twoFactor = purpose === 'verify' ? ('code_required' as const) : ('enrolment_required' as const);
  return { twoFactor, challenge: token, expiresAt };
}

/** The live challenge of `purpose` behind a token, with its user; `challenge_invalid` otherwise. */
export async function resolveChallenge(ctx: AppContext, token: string, purpose: 'verify' | 'enrol') {
  const parsed = parseToken('kc', token);
  const row = parsed ? await findChallenge(ctx.db, parsed.workspaceId, parsed.hash) : undefined;
  if (!row || row.purpose !== purpose) throw appError('challenge_invalid');
  const user = await getUser(ctx.db, row.workspaceId, row.userId);
  if (user.status !== 'active') throw appError('user_disabled');
  return { challenge: row, user };
}

/** Count a wrong code against a challenge; the fifth spends it. */
export async function failChallenge(ctx: AppContext, row: { workspaceId: string; id: string }): Promise<never> {
  const failures = await countChallengeFailure(ctx.db, row.workspaceId, row.id);
  if (failures >= CHALLENGE_MAX_FAILURES) await deleteChallenge(ctx.db, row.workspaceId, row.id);
  throw appError('two_factor_invalid');
}

/**
 * Accept a current TOTP code (once: a replayed code is refused) or an unused
 * recovery code (used up). Returns which one matched, or null.
 */
export async function useSecondFactor(
  db: DbOrTx,
  factor: TwoFactorRow,
  input: { code?: string; recoveryCode?: string },
): Promise<'totp' | 'recovery' | null> {
  if (input.code) {
    const step = matchTotp(factor.secret, input.code, Date.now());
    return step !== null && (await claimTotpStep(db, factor.workspaceId, factor.userId, step)) ? 'totp' : null;
  }
  if (input.recoveryCode) {
    const hash = sha256(normaliseRecovery(input.recoveryCode));
    return (await claimRecoveryCode(db, factor.workspaceId, factor.userId, hash)) ? 'recovery' : null;
  }
  return null;
}

/** Start (or restart) enrolment: a new secret and the otpauth URI for the authenticator app. */
export async function beginEnrolment(ctx: AppContext, user: UserRow): Promise<{ secret: string; otpauthUri: string }> {
  const secret = newTotpSecret();
  if (!(await upsertPendingTwoFactor(ctx.db, user.workspaceId, user.id, secret))) throw appError('two_factor_enabled');
  const workspace = await getWorkspace(ctx.db, user.workspaceId);
  return { secret, otpauthUri: otpauthUri(secret, user.email, `Kefu ${workspace.name}`) };
}

/** Confirm enrolment with a first code; returns the 10 recovery codes (shown once). Audited. */
export async function confirmEnrolment(ctx: AppContext, actor: Actor, user: UserRow, code: string): Promise<string[]> {
  const factor = await findTwoFactor(ctx.db, user.workspaceId, user.id);
  if (!factor) throw appError('two_factor_not_started');
  if (factor.enabledAt) throw appError('two_factor_enabled');
  const codes = newRecoveryCodes();
  await ctx.db.transaction(async (tx) => {
    if ((await useSecondFactor(tx, factor, { code })) !== 'totp') throw appError('two_factor_invalid');
    await enableTwoFactor(
      tx,
      user.workspaceId,
      user.id,
      codes.map((c) => sha256(normaliseRecovery(c))),
    );
    await recordAudit(tx, actor, { action: 'user.two_factor_enabled', targetType: 'user', targetId: user.id });
  });
  return codes;
}

/** Turn 2FA off: needs the password and a current code (or a recovery code). Audited. */
export async function disableTwoFactor(ctx: AppContext, actor: Actor, input: { password: string; code?: string; recoveryCode?: string }) {
  const { workspaceId, id } = actor.principal;
  const user = await getUser(ctx.db, workspaceId, id);
  if (!(await verifyPassword(input.password, user.passwordHash))) throw appError('current_password_incorrect');
  const factor = await findTwoFactor(ctx.db, workspaceId, id);
  if (!factor?.enabledAt) throw appError('two_factor_not_started');
  await ctx.db.transaction(async (tx) => {
    if (!(await useSecondFactor(tx, factor, input))) throw appError('two_factor_invalid');
    await deleteTwoFactor(tx, workspaceId, id);
    await recordAudit(tx, actor, { action: 'user.two_factor_disabled', targetType: 'user', targetId: id });
  });
}

/** Whether 2FA is on for the caller, how many recovery codes are left, and whether the workspace requires it of them. */
export async function twoFactorStatus(ctx: AppContext, user: UserRow) {
  const factor = await findTwoFactor(ctx.db, user.workspaceId, user.id);
  return {
    enabled: !!factor?.enabledAt,
    recoveryCodesLeft: factor?.enabledAt ? factor.recoveryCodes.length : 0,
    required: await requiredOf(ctx, user),
  };
}
