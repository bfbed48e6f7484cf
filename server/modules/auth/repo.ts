import { and, eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { roles, users } from '../users/index.ts';
import { sessions, type SessionRow } from './schema.ts';

/** What authentication needs to know about a session, with its user's status and role. */
export interface SessionCredential {
  id: string;
  workspaceId: string;
  userId: string;
  roleId: string;
  permissions: string[];
  expiresAt: Date;
  lastUsedAt: Date;
  status: 'active' | 'disabled';
}

export async function insertSession(db: DbOrTx, row: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [created] = await db.insert(sessions).values(row).returning();
  return created!;
}

/** The session for a token hash with its user's role, in one query (hot path). */
export async function findSessionCredential(db: DbOrTx, workspaceId: string, tokenHash: string): Promise<SessionCredential | undefined> {
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
  return row;
}

/** Mark use at most once a minute, so reads do not turn into a write per request. */
export async function touchSession(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await db
    .update(sessions)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, id), lt(sessions.lastUsedAt, sql`now() - interval '1 minute'`)));
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
