import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import { isPermission } from '../../lib/permissions.ts';
import type { Actor, Principal } from '../../lib/principal.ts';
import type { RateStore } from '../../lib/rate-limit.ts';
import { parseToken, verifyPassword } from '../../lib/secrets.ts';
import { recordAudit } from '../audit/index.ts';
import { findWorkspaceBySlug } from '../workspaces/index.ts';
import {
  email,
  findApiKeyCredential,
  findUsersByEmailEverywhere,
  getUser,
  password,
  setUserPassword,
  touchApiKey,
  type ApiKeyCredential,
  type UserRow,
} from '../users/index.ts';
import { assertNotLocked, clearLoginFailures, recordLoginFailure } from './lockout.ts';
import { deleteSession, deleteUserSessions, findSessionCredential, touchSession, type SessionCredential } from './repo.ts';
import { openSession, selfActor, type LoginMeta } from './session.ts';
import { openChallenge, secondStepFor } from './two-factor-service.ts';

export const loginBody = z
  .object({
    email,
    password: z.string().min(1).max(200),
    workspace: z.string().max(64).optional().describe('Workspace slug; needed only when the email belongs to several workspaces'),
  })
  .strict();

export const passwordChange = z.object({ currentPassword: z.string().min(1).max(200), newPassword: password }).strict();

async function pickLoginUser(ctx: AppContext, input: z.infer<typeof loginBody>): Promise<UserRow | undefined> {
  let candidates = await findUsersByEmailEverywhere(ctx.db, input.email);
  if (input.workspace !== undefined) {
    const workspace = await findWorkspaceBySlug(ctx.db, input.workspace);
    candidates = candidates.filter((u) => u.workspaceId === workspace?.id);
  }
  if (candidates.length > 1) throw appError('workspace_required');
  return candidates[0];
}

/** What a correct password leads to: a session, or the second step (a code, or enrolment an admin setting requires). */
export type LoginResult =
  | { kind: 'session'; token: string; expiresAt: Date; user: UserRow }
  | { kind: 'challenge'; twoFactor: 'code_required' | 'enrolment_required'; challenge: string; expiresAt: Date };

/** Count the failure; the failure that locks a real account is audited. */
async function onLoginFailure(ctx: AppContext, store: RateStore, email: string, user: UserRow | undefined, meta: LoginMeta): Promise<void> {
  const scope = await recordLoginFailure(ctx.env, store, email, meta.ip);
  if (!scope || !user) return;
  const minutes = ctx.env.KEFU_LOGIN_LOCK_MINUTES;
  await recordAudit(ctx.db, selfActor(user, meta), {
    action: 'user.locked',
    targetType: 'user',
    targetId: user.id,
    after: { lockedMinutes: minutes, scope },
  });
}

/**
 * Check email and password, then open a session or start the second step.
 * Wrong email and wrong password look the same to the caller and take the
 * same time; too many failures lock the email from that IP (existing or not),
 * the email everywhere after many more, and the IP (lockout.ts).
 */
export async function login(ctx: AppContext, store: RateStore, input: z.infer<typeof loginBody>, meta: LoginMeta): Promise<LoginResult> {
  await assertNotLocked(store, input.email, meta.ip);
  const user = await pickLoginUser(ctx, input);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!user || !ok) {
    await onLoginFailure(ctx, store, input.email, user, meta);
    throw appError('invalid_credentials');
  }
  await clearLoginFailures(store, input.email, meta.ip);
  if (user.status !== 'active') throw appError('user_disabled');
  const step = await secondStepFor(ctx, user);
  if (step) return { kind: 'challenge', ...(await openChallenge(ctx, user, step)) };
  return { kind: 'session', ...(await openSession(ctx, user, meta)) };
}

function sessionPrincipal(row: SessionCredential): Principal {
  if (row.status !== 'active') throw appError('user_disabled');
  const principal = { kind: 'user', id: row.userId, workspaceId: row.workspaceId, roleId: row.roleId, sessionId: row.id } as const;
  return { ...principal, permissions: new Set(row.permissions.filter(isPermission)) };
}

function apiKeyPrincipal(row: ApiKeyCredential): Principal {
  if (row.revokedAt) throw appError('unauthenticated');
  return {
    kind: 'api_key',
    id: row.id,
    workspaceId: row.workspaceId,
    roleId: row.roleId,
    permissions: new Set(row.permissions.filter(isPermission)),
  };
}

const expired = (expiresAt: Date | null) => expiresAt !== null && expiresAt.getTime() <= Date.now();
/** Last use is recorded at most once a minute, so most requests write nothing. */
const stale = (lastUsedAt: Date | null) => lastUsedAt === null || Date.now() - lastUsedAt.getTime() > 60_000;

/**
 * Resolve an `Authorization` header to a principal: a session token (`ks_…`)
 * or an API key (`kk_…`). Throws `unauthenticated`, `token_expired` or
 * `user_disabled`. Records use at most once a minute, off the request path.
 */
export async function authenticate(ctx: AppContext, header: string | undefined): Promise<Principal> {
  const token = /^Bearer +([A-Za-z0-9_.-]{1,200})$/i.exec(header?.trim() ?? '')?.[1];
  const onTouchError = (err: unknown) => ctx.log.warn({ err }, 'could not record credential use');
  const session = token ? parseToken('ks', token) : null;
  if (session) {
    const row = await findSessionCredential(ctx.db, session.workspaceId, session.hash);
    if (!row) throw appError('unauthenticated');
    if (expired(row.expiresAt)) throw appError('token_expired');
    const principal = sessionPrincipal(row);
    if (stale(row.lastUsedAt)) touchSession(ctx.db, row.workspaceId, row.id).catch(onTouchError);
    return principal;
  }
  const key = token ? parseToken('kk', token) : null;
  if (!key) throw appError('unauthenticated');
  const row = await findApiKeyCredential(ctx.db, key.workspaceId, key.hash);
  if (!row) throw appError('unauthenticated');
  if (expired(row.expiresAt)) throw appError('token_expired');
  const principal = apiKeyPrincipal(row);
  if (stale(row.lastUsedAt)) touchApiKey(ctx.db, row.workspaceId, row.id).catch(onTouchError);
  return principal;
}

export async function logout(ctx: AppContext, actor: Actor): Promise<void> {
  const { sessionId, workspaceId } = actor.principal;
  if (!sessionId) return; // API keys have no session to end; revoke the key instead.
  await ctx.db.transaction(async (tx) => {
    await deleteSession(tx, workspaceId, sessionId);
    await recordAudit(tx, actor, { action: 'session.ended', targetType: 'session', targetId: sessionId });
  });
}

/** Change one's own password; every other session of the user ends. */
export async function changePassword(ctx: AppContext, actor: Actor, input: z.infer<typeof passwordChange>): Promise<void> {
  const { principal } = actor;
  if (principal.kind !== 'user') throw appError('forbidden');
  await ctx.db.transaction(async (tx) => {
    const user = await getUser(tx, principal.workspaceId, principal.id);
    if (!(await verifyPassword(input.currentPassword, user.passwordHash))) throw appError('current_password_incorrect');
    await setUserPassword(tx, actor, user.id, input.newPassword);
    await deleteUserSessions(tx, principal.workspaceId, user.id, principal.sessionId);
  });
}

/** End every session of a disabled user (they are already refused at authentication). */
export async function endSessionsOfUser(ctx: AppContext, workspaceId: string, userId: string): Promise<number> {
  return deleteUserSessions(ctx.db, workspaceId, userId);
}
