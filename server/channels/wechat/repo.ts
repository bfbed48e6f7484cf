import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { wechatAccessTokens, type WechatAccessTokenRow } from './schema.ts';

/** The stored access_token of an official account, if any (possibly expired). */
export async function findAccessToken(db: DbOrTx, workspaceId: string, appId: string): Promise<WechatAccessTokenRow | undefined> {
  const [row] = await db
    .select()
    .from(wechatAccessTokens)
    .where(and(eq(wechatAccessTokens.workspaceId, workspaceId), eq(wechatAccessTokens.appId, appId)))
    .limit(1);
  return row;
}

/**
 * Hold the account's refresh lock until `tx` ends, so one node at a time
 * fetches a token for it (the two-key form keeps these locks apart from
 * Kefu's other advisory locks). Works before the row exists.
 */
export async function lockAccessToken(tx: Tx, workspaceId: string, appId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('kefu.wechat_access_tokens'), hashtext(${`${workspaceId}:${appId}`}))`);
}

/** Store the token just fetched, replacing the account's previous one. */
export async function saveAccessToken(tx: Tx, row: Omit<WechatAccessTokenRow, 'updatedAt'>): Promise<void> {
  await tx
    .insert(wechatAccessTokens)
    .values(row)
    .onConflictDoUpdate({
      target: [wechatAccessTokens.workspaceId, wechatAccessTokens.appId],
      set: { credentialHash: row.credentialHash, accessToken: row.accessToken, expiresAt: row.expiresAt, updatedAt: sql`now()` },
    });
}
