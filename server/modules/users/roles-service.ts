import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { builtinRoles, permissions, type BuiltinRoleKey } from '../../lib/permissions.ts';
import type { Actor } from '../../lib/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { countLiveApiKeysWithRole, deleteDeadApiKeysWithRole } from './api-keys-repo.ts';
import {
  countPendingInvitationsWithRole,
  countUsersWithRole,
  deleteRoleRow,
  deleteSpentInvitationsWithRole,
  findRole,
  findRoleByKey,
  insertRoles,
  lockRole,
  selectRoles,
  syncBuiltinRolePermissions,
  updateRoleRow,
} from './repo.ts';
import type { RoleRow } from './schema.ts';

const permissionList = z
  .array(z.enum(permissions))
  .max(permissions.length)
  .transform((list) => [...new Set(list)]);

export const roleCreate = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, 'lower-case letters, digits and _; 2–32 characters'),
    name: z.string().trim().min(1).max(60),
    permissions: permissionList,
  })
  .strict();

export const rolePatch = z
  .object({ name: z.string().trim().min(1).max(60), permissions: permissionList })
  .partial()
  .strict();

/** Create the built-in roles of a new workspace inside the caller's transaction. */
export async function createBuiltinRoles(tx: DbOrTx, workspaceId: string): Promise<Record<BuiltinRoleKey, RoleRow>> {
  const rows = await insertRoles(
    tx,
    (Object.keys(builtinRoles) as BuiltinRoleKey[]).map((key) => ({
      workspaceId,
      id: newId('role'),
      key,
      name: builtinRoles[key].name,
      permissions: [...builtinRoles[key].permissions],
      builtin: true,
    })),
  );
  return Object.fromEntries(rows.map((r) => [r.key, r])) as Record<BuiltinRoleKey, RoleRow>;
}

/**
 * At boot: built-in roles of every workspace get the permissions this
 * version defines (they cannot be edited by hand, so nothing is lost).
 */
export async function syncBuiltinRoles(db: DbOrTx): Promise<number> {
  let changed = 0;
  for (const key of Object.keys(builtinRoles) as BuiltinRoleKey[]) {
    changed += await syncBuiltinRolePermissions(db, key, [...builtinRoles[key].permissions]);
  }
  return changed;
}

export function listRoles(db: DbOrTx, workspaceId: string): Promise<RoleRow[]> {
  return selectRoles(db, workspaceId);
}

/** A role of this workspace, or `not_found` (also for another workspace's role id). */
export async function getRole(db: DbOrTx, workspaceId: string, id: string): Promise<RoleRow> {
  const row = await findRole(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

export async function getRoleByKey(db: DbOrTx, workspaceId: string, key: string): Promise<RoleRow | undefined> {
  return findRoleByKey(db, workspaceId, key);
}

export async function createRole(ctx: AppContext, actor: Actor, input: z.infer<typeof roleCreate>): Promise<RoleRow> {
  const workspaceId = actor.principal.workspaceId;
  const role = await ctx.db.transaction(async (tx) => {
    if (await findRoleByKey(tx, workspaceId, input.key)) throw appError('role_key_taken');
    const [row] = await insertRoles(tx, [{ workspaceId, id: newId('role'), ...input, builtin: false }]);
    await recordAudit(tx, actor, { action: 'role.created', targetType: 'role', targetId: row!.id, after: input });
    return row!;
  });
  ctx.bus.emit('role.created', { workspaceId, roleId: role.id });
  return role;
}

export async function updateRole(ctx: AppContext, actor: Actor, id: string, patch: z.infer<typeof rolePatch>): Promise<RoleRow> {
  const workspaceId = actor.principal.workspaceId;
  const role = await ctx.db.transaction(async (tx) => {
    const before = await getRole(tx, workspaceId, id);
    if (before.builtin) throw appError('builtin_role');
    const after = await updateRoleRow(tx, workspaceId, id, patch);
    await recordAudit(tx, actor, {
      action: 'role.updated',
      targetType: 'role',
      targetId: id,
      before: { name: before.name, permissions: before.permissions },
      after: { name: after.name, permissions: after.permissions },
    });
    return after;
  });
  ctx.bus.emit('role.updated', { workspaceId, roleId: id });
  return role;
}

/**
 * Delete a custom role nobody holds: no user, no pending invitation and no
 * working API key. Used invitations and revoked or expired keys that still
 * name it are removed with it.
 */
export async function deleteRole(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const workspaceId = actor.principal.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const role = await lockRole(tx, workspaceId, id);
    if (!role) throw appError('not_found');
    if (role.builtin) throw appError('builtin_role');
    const holders =
      (await countUsersWithRole(tx, workspaceId, id)) +
      (await countPendingInvitationsWithRole(tx, workspaceId, id)) +
      (await countLiveApiKeysWithRole(tx, workspaceId, id));
    if (holders > 0) throw appError('role_in_use');
    await deleteSpentInvitationsWithRole(tx, workspaceId, id);
    await deleteDeadApiKeysWithRole(tx, workspaceId, id);
    await deleteRoleRow(tx, workspaceId, id);
    await recordAudit(tx, actor, { action: 'role.deleted', targetType: 'role', targetId: id, before: { key: role.key, name: role.name } });
  });
  ctx.bus.emit('role.deleted', { workspaceId, roleId: id });
}
