import { createHash } from 'node:crypto';

/** What the WeChat API client needs from an inbox's settings. */
export interface WechatAccount {
  appId: string;
  appSecret: string;
  apiBaseUrl: string;
}

/** An answer from the WeChat API with a non-zero `errcode`. */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly endpoint: string,
  ) {
    super(`WeChat ${endpoint} answered errcode ${errcode}: ${errmsg}`);
  }
}

/** access_token invalid (40001, 40014) or expired (42001): fetch a new one and try once more. */
export const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

const REQUEST_TIMEOUT_MS = 10_000;
/** Refresh this long before WeChat says the token expires (it keeps the old one valid 5 minutes after a refresh too). */
const EXPIRY_MARGIN_S = 300;

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * Tokens by account, in this process only. Fetching a token invalidates the
 * previous one, so several Kefu nodes sharing an account should share this
 * cache (PostgreSQL or Redis) — not done yet.
 */
const tokens = new Map<string, CachedToken>();
const inFlight = new Map<string, Promise<string>>();

const cacheKey = (account: WechatAccount) => `${account.apiBaseUrl}|${account.appId}|${createHash('sha256').update(account.appSecret).digest('hex')}`;

function endpoint(account: WechatAccount, path: string, query: Record<string, string>): string {
  const url = new URL(path, account.apiBaseUrl.endsWith('/') ? account.apiBaseUrl : `${account.apiBaseUrl}/`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.toString();
}

async function readJson(res: Response, name: string): Promise<Record<string, unknown>> {
  if (!res.ok) throw new Error(`WeChat ${name} answered HTTP ${res.status}`);
  const body = (await res.json().catch(() => null)) as unknown;
  if (!body || typeof body !== 'object') throw new Error(`WeChat ${name} answered something other than a JSON object`);
  const record = body as Record<string, unknown>;
  if (typeof record.errcode === 'number' && record.errcode !== 0) throw new WechatApiError(record.errcode, String(record.errmsg ?? ''), name);
  return record;
}

async function fetchToken(account: WechatAccount): Promise<string> {
  const url = endpoint(account, 'cgi-bin/token', { grant_type: 'client_credential', appid: account.appId, secret: account.appSecret });
  const body = await readJson(await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }), 'cgi-bin/token');
  const token = body.access_token;
  const expiresIn = Number(body.expires_in);
  if (typeof token !== 'string' || !token || !(expiresIn > 0)) throw new Error('WeChat cgi-bin/token answered without access_token/expires_in');
  const lifetime = expiresIn > 2 * EXPIRY_MARGIN_S ? expiresIn - EXPIRY_MARGIN_S : expiresIn / 2;
  tokens.set(cacheKey(account), { token, expiresAt: Date.now() + lifetime * 1000 });
  return token;
}

/**
 * The account's access_token: cached until shortly before it expires;
 * concurrent callers share one fetch. Pass the token that was just refused
 * as `stale` to force a new one (unless another caller already replaced it).
 */
export async function accessToken(account: WechatAccount, stale?: string): Promise<string> {
  const key = cacheKey(account);
  const cached = tokens.get(key);
  if (cached && cached.token !== stale && cached.expiresAt > Date.now()) return cached.token;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = fetchToken(account).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

/**
 * Call an API that takes `access_token` in the query; a token WeChat refuses
 * as invalid or expired is replaced and the call tried once more.
 */
async function withToken<T>(account: WechatAccount, call: (token: string) => Promise<T>): Promise<T> {
  const token = await accessToken(account);
  try {
    return await call(token);
  } catch (err) {
    if (!(err instanceof WechatApiError && TOKEN_ERRORS.has(err.errcode))) throw err;
    return call(await accessToken(account, token));
  }
}

/** Send one customer-service message (客服消息), e.g. `{ touser, msgtype: 'text', text: { content } }`. */
export async function sendCustomMessage(account: WechatAccount, message: Record<string, unknown>): Promise<{ msgid?: string }> {
  return withToken(account, async (token) => {
    const res = await fetch(endpoint(account, 'cgi-bin/message/custom/send', { access_token: token }), {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = await readJson(res, 'cgi-bin/message/custom/send');
    return body.msgid === undefined ? {} : { msgid: String(body.msgid) };
  });
}

/** Largest media file fetched from WeChat (its own limits are lower: images 10 MB, voice 2 MB). */
const MAX_MEDIA_BYTES = 10 * 1024 * 1024;

/**
 * Download a temporary media file (临时素材) a customer sent, by MediaId.
 * Returns the bytes and their content type; errors arrive as JSON.
 */
export async function downloadMedia(account: WechatAccount, mediaId: string, signal?: AbortSignal): Promise<{ data: Buffer; contentType: string }> {
  return withToken(account, async (token) => {
    const res = await fetch(endpoint(account, 'cgi-bin/media/get', { access_token: token, media_id: mediaId }), {
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) : AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!res.ok || contentType === 'application/json' || contentType === 'text/plain') {
      await readJson(res, 'cgi-bin/media/get');
      throw new Error('WeChat cgi-bin/media/get answered without a file');
    }
    if (Number(res.headers.get('content-length') ?? 0) > MAX_MEDIA_BYTES) throw new Error('WeChat media file too large');
    const data = Buffer.from(await res.arrayBuffer());
    if (data.length > MAX_MEDIA_BYTES) throw new Error('WeChat media file too large');
    return { data, contentType };
  });
}
