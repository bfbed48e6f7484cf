import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { roles, users } from '../users/index.ts';
import { apiKeys, sessions, type ApiKeyRow, type SessionRow } from './schema.ts';

export interface CredentialRow {
  id: string;
  workspaceId: string;
  roleId: string;
  permissions: string[];
  expiresAt: Date | null;
  /** users only: the user's status; api keys: revoked or not. */
  active: boolean;
  userId?: string;
}

export async function insertSession(db: DbOrTx, row: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [created] = await db.insert(sessions).values(row).returning();
  return created!;
}

/** The session for a token hash with its user's role, in one query (hot path). */
export async function findSessionCredential(db: DbOrTx, workspaceId: string, tokenHash: string): Promise<CredentialRow | undefined> {
  const [row] = await db
    .select({
      id: sessions.id,
      workspaceId: sessions.workspaceId,
      userId: users.id,
      roleId: users.roleId,
      permissions: roles.permissions,
      expiresAt: sessions.expiresAt,
      status: users.status,
      lastUsedAt: sessions.lastUsedAt,
    })
    .from(sessions)
    .innerJoin(users, and(eq(users.workspaceId, sessions.workspaceId), eq(users.id, sessions.userId)))
    .innerJoin(roles, and(eq(roles.workspaceId, users.workspaceId), eq(roles.id, users.roleId)))
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.tokenHash, tokenHash)));
  return row && { ...row, active: row.status === 'active' };
}

export async function findApiKeyCredential(db: DbOrTx, workspaceId: string, tokenHash: string): Promise<CredentialRow | undefined> {
  const [row] = await db
    .select({
      id: apiKeys.id,
      workspaceId: apiKeys.workspaceId,
      roleId: apiKeys.roleId,
      permissions: roles.permissions,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .innerJoin(roles, and(eq(roles.workspaceId, apiKeys.workspaceId), eq(roles.id, apiKeys.roleId)))
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.tokenHash, tokenHash)));
  return row && { ...row, active: row.revokedAt === null };
}

/** Mark use at most once a minute, so reads do not turn into a write per request. */
export async function touchSession(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await db
    .update(sessions)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, id), lt(sessions.lastUsedAt, sql`now() - interval '1 minute'`)));
}

export async function touchApiKey(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.workspaceId, workspaceId),
        eq(apiKeys.id, id),
        sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`,
      ),
    );
}

export async function deleteSession(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, id)));
}

/** Sign a user out everywhere, optionally keeping one session (the one changing the password). */
export async function deleteUserSessions(db: DbOrTx, workspaceId: string, userId: string, keep?: string): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.userId, userId), keep ? sql`${sessions.id} <> ${keep}` : undefined))
    .returning({ id: sessions.id });
  return rows.length;
}

export async function deleteExpiredSessions(db: DbOrTx): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(lt(sessions.expiresAt, sql`now()`))
    .returning({ id: sessions.id });
  return rows.length;
}

export async function insertApiKey(db: DbOrTx, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [created] = await db.insert(apiKeys).values(row).returning();
  return created!;
}

export async function selectApiKeys(db: DbOrTx, workspaceId: string): Promise<ApiKeyRow[]> {
  return db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.id))
    .limit(500);
}

export async function revokeApiKeyRow(db: DbOrTx, workspaceId: string, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  return row;
}
