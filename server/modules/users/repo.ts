import { and, count, desc, eq, gt, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { invitations, roles, users, type InvitationRow, type RoleRow, type UserRow } from './schema.ts';

// Roles

export async function findRole(db: DbOrTx, workspaceId: string, id: string): Promise<RoleRow | undefined> {
  const [row] = await db
    .select()
    .from(roles)
    .where(and(eq(roles.workspaceId, workspaceId), eq(roles.id, id)));
  return row;
}

/** The role, locked so no one can give it out while it is being deleted. */
export async function lockRole(db: DbOrTx, workspaceId: string, id: string): Promise<RoleRow | undefined> {
  const [row] = await db
    .select()
    .from(roles)
    .where(and(eq(roles.workspaceId, workspaceId), eq(roles.id, id)))
    .for('update');
  return row;
}

export async function findRoleByKey(db: DbOrTx, workspaceId: string, key: string): Promise<RoleRow | undefined> {
  const [row] = await db
    .select()
    .from(roles)
    .where(and(eq(roles.workspaceId, workspaceId), eq(roles.key, key)));
  return row;
}

export async function selectRoles(db: DbOrTx, workspaceId: string): Promise<RoleRow[]> {
  return db.select().from(roles).where(eq(roles.workspaceId, workspaceId)).orderBy(roles.id);
}

export async function insertRoles(db: DbOrTx, rows: (typeof roles.$inferInsert)[]): Promise<RoleRow[]> {
  return db.insert(roles).values(rows).returning();
}

export async function updateRoleRow(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<RoleRow, 'name' | 'permissions'>>,
): Promise<RoleRow> {
  const [row] = await db
    .update(roles)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(roles.workspaceId, workspaceId), eq(roles.id, id)))
    .returning();
  return row!;
}

export async function deleteRoleRow(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await db.delete(roles).where(and(eq(roles.workspaceId, workspaceId), eq(roles.id, id)));
}

export async function countUsersWithRole(db: DbOrTx, workspaceId: string, roleId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.roleId, roleId)));
  return row?.n ?? 0;
}

/** Give built-in roles the permissions the code defines for them now (new features add permissions). */
export async function syncBuiltinRolePermissions(db: DbOrTx, key: string, permissions: string[]): Promise<number> {
  const rows = await db
    .update(roles)
    .set({ permissions, updatedAt: new Date() })
    .where(
      and(
        eq(roles.builtin, true),
        eq(roles.key, key),
        sql`${roles.permissions} <> array[${sql.join(
          permissions.map((p) => sql`${p}`),
          sql`, `,
        )}]::text[]`,
      ),
    )
    .returning({ id: roles.id });
  return rows.length;
}

// Users

export async function findUser(db: DbOrTx, workspaceId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
  return row;
}

export async function findUserByEmail(db: DbOrTx, workspaceId: string, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.email, email)));
  return row;
}

/** Users with this email in any workspace: login's only cross-tenant lookup. */
export async function findUsersByEmailEverywhere(db: DbOrTx, email: string): Promise<UserRow[]> {
  return db.select().from(users).where(eq(users.email, email)).limit(20);
}

export async function selectUsers(db: DbOrTx, workspaceId: string, page: { before?: string; limit: number }): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), page.before ? lt(users.id, page.before) : undefined))
    .orderBy(desc(users.id))
    .limit(page.limit);
}

export async function insertUser(db: DbOrTx, row: typeof users.$inferInsert): Promise<UserRow> {
  const [created] = await db.insert(users).values(row).returning();
  return created!;
}

export async function updateUserRow(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<UserRow, 'name' | 'roleId' | 'status' | 'locale' | 'passwordHash' | 'lastLoginAt'>>,
): Promise<UserRow> {
  const [row] = await db
    .update(users)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)))
    .returning();
  return row!;
}

/**
 * Lock the workspace's active admins (FOR UPDATE) and count them, so two
 * concurrent demotions cannot both pass the last-admin check.
 */
export async function lockActiveAdmins(db: DbOrTx, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(roles, and(eq(roles.workspaceId, users.workspaceId), eq(roles.id, users.roleId)))
    .where(and(eq(users.workspaceId, workspaceId), eq(users.status, 'active'), eq(roles.key, 'admin')))
    .orderBy(users.id) // one lock order for every caller, so two of them cannot deadlock
    .for('update', { of: users });
  return rows.map((r) => r.id);
}

// Invitations

export async function countPendingInvitationsWithRole(db: DbOrTx, workspaceId: string, roleId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.roleId, roleId), ...pending()));
  return row?.n ?? 0;
}

/** Accepted, revoked or expired invitations naming a role, removed when the role goes. */
export async function deleteSpentInvitationsWithRole(db: DbOrTx, workspaceId: string, roleId: string): Promise<void> {
  await db
    .delete(invitations)
    .where(
      and(
        eq(invitations.workspaceId, workspaceId),
        eq(invitations.roleId, roleId),
        or(isNotNull(invitations.acceptedAt), isNotNull(invitations.revokedAt), lte(invitations.expiresAt, sql`now()`)),
      ),
    );
}

export async function insertInvitation(db: DbOrTx, row: typeof invitations.$inferInsert): Promise<InvitationRow> {
  const [created] = await db.insert(invitations).values(row).returning();
  return created!;
}

export async function findPendingInvitationByEmail(db: DbOrTx, workspaceId: string, email: string): Promise<InvitationRow | undefined> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.email, email), ...pending()));
  return row;
}

function pending() {
  return [isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`)];
}

/** A usable invitation by token hash, locked for the accepting transaction. */
export async function lockPendingInvitation(db: DbOrTx, workspaceId: string, tokenHash: string): Promise<InvitationRow | undefined> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.tokenHash, tokenHash), ...pending()))
    .for('update');
  return row;
}

export async function selectPendingInvitations(db: DbOrTx, workspaceId: string): Promise<InvitationRow[]> {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), ...pending()))
    .orderBy(desc(invitations.id))
    .limit(500);
}

export async function findInvitation(db: DbOrTx, workspaceId: string, id: string): Promise<InvitationRow | undefined> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, id)));
  return row;
}

export async function markInvitation(db: DbOrTx, workspaceId: string, id: string, patch: { acceptedAt?: Date; revokedAt?: Date }): Promise<void> {
  await db
    .update(invitations)
    .set(patch)
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, id)));
}
