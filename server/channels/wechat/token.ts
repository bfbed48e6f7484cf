import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { endpoint, readJson, REQUEST_TIMEOUT_MS, type WechatAccount } from './http.ts';
import { findAccessToken, lockAccessToken, saveAccessToken } from './repo.ts';
import type { WechatAccessTokenRow } from './schema.ts';

/** access_token invalid (40001, 40014) or expired (42001): fetch a new one and try once more. */
export const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

/** Refresh this long before WeChat says the token expires (WeChat keeps the old one valid 5 minutes after a refresh too). */
const EXPIRY_MARGIN_S = 300;

const credentialHash = (account: WechatAccount) => createHash('sha256').update(`${account.apiBaseUrl}\n${account.appSecret}`).digest('hex');

async function requestToken(account: WechatAccount): Promise<{ token: string; expiresAt: Date }> {
  const url = endpoint(account, 'cgi-bin/token', { grant_type: 'client_credential', appid: account.appId, secret: account.appSecret });
  const body = await readJson(await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }), 'cgi-bin/token');
  const token = body.access_token;
  const expiresIn = Number(body.expires_in);
  if (typeof token !== 'string' || !token || !(expiresIn > 0)) throw new Error('WeChat cgi-bin/token answered without access_token/expires_in');
  const lifetime = expiresIn > 2 * EXPIRY_MARGIN_S ? expiresIn - EXPIRY_MARGIN_S : expiresIn / 2;
  return { token, expiresAt: new Date(Date.now() + lifetime * 1000) };
}

/**
 * The account's access_token, shared by every Kefu node through PostgreSQL:
 * a stored token is used until shortly before it expires; otherwise one
 * node fetches a new one while holding the account's advisory lock, and
 * the others, waiting on that lock, then find and use it. Pass the token
 * WeChat just refused as `stale` to replace it — unless another node
 * already did, in which case its token is returned without a fetch.
 */
export async function accessToken(db: Db, account: WechatAccount, stale?: string): Promise<string> {
  const hash = credentialHash(account);
  const usable = (row: WechatAccessTokenRow | undefined): row is WechatAccessTokenRow =>
    row !== undefined && row.credentialHash === hash && row.accessToken !== stale && row.expiresAt.getTime() > Date.now();
  const stored = await findAccessToken(db, account.workspaceId, account.appId);
  if (usable(stored)) return stored.accessToken;
  return db.transaction(async (tx) => {
    await lockAccessToken(tx, account.workspaceId, account.appId);
    const current = await findAccessToken(tx, account.workspaceId, account.appId);
    if (usable(current)) return current.accessToken;
    const fresh = await requestToken(account);
    await saveAccessToken(tx, {
      workspaceId: account.workspaceId,
      appId: account.appId,
      credentialHash: hash,
      accessToken: fresh.token,
      expiresAt: fresh.expiresAt,
    });
    return fresh.token;
  });
}
