import { and, count, desc, eq, isNull, isNotNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { apiKeys, roles, type ApiKeyRow } from './schema.ts';

/** What authentication needs to know about an API key, with its role's permissions. */
export interface ApiKeyCredential {
  id: string;
  workspaceId: string;
  roleId: string;
  permissions: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
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

/** The key for a token hash with its role, in one query (hot path). */
export async function findApiKeyCredential(db: DbOrTx, workspaceId: string, tokenHash: string): Promise<ApiKeyCredential | undefined> {
  const [row] = await db
    .select({
      id: apiKeys.id,
      workspaceId: apiKeys.workspaceId,
      roleId: apiKeys.roleId,
      permissions: roles.permissions,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .innerJoin(roles, and(eq(roles.workspaceId, apiKeys.workspaceId), eq(roles.id, apiKeys.roleId)))
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.tokenHash, tokenHash)));
  return row;
}

/** Mark use at most once a minute, so reads do not turn into a write per request. */
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

/** Keys that still work (not revoked, not expired) with this role. */
export async function countLiveApiKeysWithRole(db: DbOrTx, workspaceId: string, roleId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.workspaceId, workspaceId),
        eq(apiKeys.roleId, roleId),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), sql`${apiKeys.expiresAt} > now()`),
      ),
    );
  return row?.n ?? 0;
}

/** Remove revoked or expired keys that still name a role, so the role can go. */
export async function deleteDeadApiKeysWithRole(db: DbOrTx, workspaceId: string, roleId: string): Promise<void> {
  await db
    .delete(apiKeys)
    .where(
      and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.roleId, roleId), or(isNotNull(apiKeys.revokedAt), sql`${apiKeys.expiresAt} <= now()`)),
    );
}
