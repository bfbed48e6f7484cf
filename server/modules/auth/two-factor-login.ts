import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import type { Actor } from '../../lib/principal.ts';
import type { RateStore } from '../../lib/rate-limit.ts';
import { recordAudit } from '../audit/index.ts';
import { getUser } from '../users/index.ts';
import { lockedForSeconds, unlockEmail } from './lockout.ts';
import { openSession, selfActor, type LoginMeta } from './session.ts';
import { findTwoFactor, getRequireAdminTwoFactor, setRequireAdminTwoFactor } from './two-factor-repo.ts';
import { beginEnrolment, confirmEnrolment, failChallenge, recoveryCode, resolveChallenge, totpCode, useSecondFactor } from './two-factor-service.ts';
import { deleteChallenge } from './two-factor-repo.ts';

const challengeToken = z.string().min(1).max(200);
export const secondStepBody = z
  .object({ challenge: challengeToken, code: totpCode.optional(), recoveryCode: recoveryCode.optional() })
  .strict()
  .refine((b) => !!b.code !== !!b.recoveryCode, 'send either code or recoveryCode');
export const enrolBody = z.object({ challenge: challengeToken }).strict();
export const enrolConfirmBody = z.object({ challenge: challengeToken, code: totpCode }).strict();
export const authSettingsBody = z.object({ requireAdminTwoFactor: z.boolean() }).strict();

/**
 * The second sign-in step: a current TOTP code or a recovery code for the
 * challenge a correct password opened. Wrong codes count against the
 * challenge; a recovery code used is audited (the user should set up anew).
 */
export async function completeSecondStep(ctx: AppContext, input: z.infer<typeof secondStepBody>, meta: LoginMeta) {
  const { challenge, user } = await resolveChallenge(ctx, input.challenge, 'verify');
  const factor = await findTwoFactor(ctx.db, user.workspaceId, user.id);
  if (!factor?.enabledAt) throw appError('challenge_invalid');
  const used = await useSecondFactor(ctx.db, factor, input);
  if (!used) return failChallenge(ctx, challenge);
  await deleteChallenge(ctx.db, challenge.workspaceId, challenge.id);
  if (used === 'recovery') {
    await recordAudit(ctx.db, selfActor(user, meta), { action: 'user.recovery_code_used', targetType: 'user', targetId: user.id });
  }
  return openSession(ctx, user, meta);
}

/** Forced enrolment at sign-in (the workspace requires 2FA of admins): the secret for the app. */
export async function beginLoginEnrolment(ctx: AppContext, input: z.infer<typeof enrolBody>) {
  const { user } = await resolveChallenge(ctx, input.challenge, 'enrol');
  return beginEnrolment(ctx, user);
}

/** Finish forced enrolment with a first code: the session plus the recovery codes, shown once. */
export async function confirmLoginEnrolment(ctx: AppContext, input: z.infer<typeof enrolConfirmBody>, meta: LoginMeta) {
  const { challenge, user } = await resolveChallenge(ctx, input.challenge, 'enrol');
  const recoveryCodes = await confirmEnrolment(ctx, selfActor(user, meta), user, input.code).catch((err: unknown) =>
    (err as { code?: string }).code === 'two_factor_invalid' ? failChallenge(ctx, challenge) : Promise.reject(err),
  );
  await deleteChallenge(ctx.db, challenge.workspaceId, challenge.id);
  return { ...(await openSession(ctx, user, meta)), recoveryCodes };
}

export async function readAuthSettings(ctx: AppContext, workspaceId: string) {
  return { requireAdminTwoFactor: await getRequireAdminTwoFactor(ctx.db, workspaceId) };
}

/** Change the workspace's sign-in rules; audited with before and after. */
export async function updateAuthSettings(ctx: AppContext, actor: Actor, input: z.infer<typeof authSettingsBody>) {
  const { workspaceId } = actor.principal;
  await ctx.db.transaction(async (tx) => {
    const before = await getRequireAdminTwoFactor(tx, workspaceId);
    await setRequireAdminTwoFactor(tx, workspaceId, input.requireAdminTwoFactor);
    await recordAudit(tx, actor, {
      action: 'auth_settings.updated',
      targetType: 'workspace',
      targetId: workspaceId,
      before: { requireAdminTwoFactor: before },
      after: input,
    });
  });
  return input;
}

/** Whether a user of the workspace is locked out of sign-in, and for how long. */
export async function readLockout(ctx: AppContext, store: RateStore, workspaceId: string, userId: string) {
  const user = await getUser(ctx.db, workspaceId, userId);
  const seconds = await lockedForSeconds(store, user.email);
  return { locked: seconds > 0, retryAfterSeconds: seconds };
}

/** An admin lifts a user's lockout; audited. */
export async function unlockUser(ctx: AppContext, store: RateStore, actor: Actor, userId: string): Promise<void> {
  const user = await getUser(ctx.db, actor.principal.workspaceId, userId);
  const wasLocked = await unlockEmail(store, user.email);
  await recordAudit(ctx.db, actor, { action: 'user.unlocked', targetType: 'user', targetId: user.id, before: { locked: wasLocked } });
}
