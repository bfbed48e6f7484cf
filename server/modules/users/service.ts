import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import type { Actor } from '../../lib/principal.ts';
import { hashPassword } from '../../lib/secrets.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { locale } from '../workspaces/index.ts';
import { findUser, findUserByEmail, findUsersByEmailEverywhere, insertUser, lockActiveAdmins, selectUsers, updateUserRow } from './repo.ts';
import { getRole } from './roles-service.ts';
import type { UserRow } from './schema.ts';

export const email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());
export const password = z.string().min(10, 'at least 10 characters').max(200);

export const userPatch = z
  .object({
    name: z.string().trim().min(1).max(100),
    roleId: z.string().max(64),
    status: z.enum(['active', 'disabled']),
    locale,
  })
  .partial()
  .strict();

/** A user of this workspace, or `not_found` (also for another workspace's user id). */
export async function getUser(db: DbOrTx, workspaceId: string, id: string): Promise<UserRow> {
  const row = await findUser(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

export async function listUsers(db: DbOrTx, workspaceId: string, query: { limit: number; cursor?: string }) {
  const rows = await selectUsers(db, workspaceId, { before: decodeCursor(query.cursor), limit: query.limit + 1 });
  return toPage(rows, query.limit);
}

export { findUserByEmail, findUsersByEmailEverywhere };

/**
 * Add a user with a password inside the caller's transaction (first admin of
 * a workspace, accepted invitations, demo seed).
 */
export async function createUserWithPassword(
  tx: DbOrTx,
  actor: Actor,
  input: { email: string; name: string; password: string; roleId: string; locale?: string },
): Promise<UserRow> {
  const workspaceId = actor.principal.workspaceId;
  if (await findUserByEmail(tx, workspaceId, input.email)) throw appError('email_taken');
  const user = await insertUser(tx, {
    workspaceId,
    id: newId('user'),
    email: input.email.toLowerCase(),
    name: input.name,
    passwordHash: await hashPassword(input.password),
    roleId: input.roleId,
    locale: input.locale ?? 'zh-CN',
  });
  await recordAudit(tx, actor, {
    action: 'user.created',
    targetType: 'user',
    targetId: user.id,
    after: { email: user.email, name: user.name, roleId: user.roleId },
  });
  return user;
}

/**
 * Rename, change the role of, or disable a user. The workspace always keeps
 * one active admin; a disabled user's sessions stop working at once.
 */
export async function updateUser(ctx: AppContext, actor: Actor, id: string, patch: z.infer<typeof userPatch>): Promise<UserRow> {
  const workspaceId = actor.principal.workspaceId;
  if (Object.keys(patch).length === 0) return getUser(ctx.db, workspaceId, id); // nothing to change, nothing to audit
  const user = await ctx.db.transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx, workspaceId);
    const before = await getUser(tx, workspaceId, id);
    if (patch.roleId !== undefined) await getRole(tx, workspaceId, patch.roleId);
    const after = await updateUserRow(tx, workspaceId, id, patch);
    const stillAdmin = after.status === 'active' && (await getRole(tx, workspaceId, after.roleId)).key === 'admin';
    if (admins.includes(id) && !stillAdmin && admins.length === 1) throw appError('last_admin');
    const keys = Object.keys(patch) as (keyof typeof patch)[];
    await recordAudit(tx, actor, {
      action: patch.roleId && patch.roleId !== before.roleId ? 'user.role_changed' : 'user.updated',
      targetType: 'user',
      targetId: id,
      ...changedFields(before, after, keys),
    });
    return after;
  });
  ctx.bus.emit('user.updated', { workspaceId, userId: id, changes: Object.keys(patch) });
  if (patch.status === 'disabled') ctx.bus.emit('user.disabled', { workspaceId, userId: id });
  return user;
}

export const profilePatch = z
  .object({ name: z.string().trim().min(1).max(100), locale })
  .partial()
  .strict();

/** A signed-in user changes their own name or console language (no users.manage needed). */
export async function updateOwnProfile(ctx: AppContext, actor: Actor, patch: z.infer<typeof profilePatch>): Promise<UserRow> {
  const { principal } = actor;
  if (principal.kind !== 'user') throw appError('forbidden');
  if (Object.keys(patch).length === 0) return getUser(ctx.db, principal.workspaceId, principal.id);
  const user = await ctx.db.transaction(async (tx) => {
    const before = await getUser(tx, principal.workspaceId, principal.id);
    const after = await updateUserRow(tx, principal.workspaceId, principal.id, patch);
    const keys = Object.keys(patch) as (keyof typeof patch)[];
    await recordAudit(tx, actor, {
      action: 'user.updated',
      targetType: 'user',
      targetId: principal.id,
      ...changedFields(before, after, keys),
    });
    return after;
  });
  ctx.bus.emit('user.updated', { workspaceId: principal.workspaceId, userId: principal.id, changes: Object.keys(patch) });
  return user;
}

/** Set a new password (the auth module checks the old one first). */
export async function setUserPassword(tx: DbOrTx, actor: Actor, userId: string, newPassword: string): Promise<void> {
  await updateUserRow(tx, actor.principal.workspaceId, userId, { passwordHash: await hashPassword(newPassword) });
  await recordAudit(tx, actor, {
    action: 'user.password_changed',
    targetType: 'user',
    targetId: userId,
    before: { password: '' },
    after: { password: '' },
  });
}

export async function recordLogin(db: DbOrTx, workspaceId: string, userId: string): Promise<void> {
  await updateUserRow(db, workspaceId, userId, { lastLoginAt: new Date() });
}
