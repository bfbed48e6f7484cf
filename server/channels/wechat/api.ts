import type { Db } from '../../db/client.ts';
import { endpoint, readJson, REQUEST_TIMEOUT_MS, WechatApiError, type WechatAccount } from './http.ts';
import { accessToken, TOKEN_ERRORS } from './token.ts';

/** Uploads carry up to 10 MB; give them longer than a JSON call. */
const UPLOAD_TIMEOUT_MS = 60_000;

/**
 * Call an API that takes `access_token` in the query; a token WeChat refuses
 * as invalid or expired (40001, 40014, 42001) is replaced — by this node or
 * whichever node gets there first — and the call tried once more.
 */
async function withToken<T>(db: Db, account: WechatAccount, call: (token: string) => Promise<T>): Promise<T> {
  const token = await accessToken(db, account);
  try {
    return await call(token);
  } catch (err) {
    if (!(err instanceof WechatApiError && TOKEN_ERRORS.has(err.errcode))) throw err;
    return call(await accessToken(db, account, token));
  }
}

/** Send one customer-service message (客服消息), e.g. `{ touser, msgtype: 'text', text: { content } }`. */
export async function sendCustomMessage(db: Db, account: WechatAccount, message: Record<string, unknown>): Promise<{ msgid?: string }> {
  return withToken(db, account, async (token) => {
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

/**
 * Upload a temporary media file (新增临时素材, kept by WeChat for 3 days) as
 * the multipart field `media`, the way WeChat documents it
 * (`curl -F media=@file "…/cgi-bin/media/upload?access_token=…&type=image"`);
 * returns its `media_id` for a customer-service message.
 */
export async function uploadMedia(
  db: Db,
  account: WechatAccount,
  type: 'image',
  file: { filename: string; contentType: string; data: Buffer },
): Promise<string> {
  return withToken(db, account, async (token) => {
    const form = new FormData();
    form.append('media', new Blob([new Uint8Array(file.data)], { type: file.contentType }), file.filename);
    const res = await fetch(endpoint(account, 'cgi-bin/media/upload', { access_token: token, type }), {
      method: 'POST',
      body: form,
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    const body = await readJson(res, 'cgi-bin/media/upload');
    if (typeof body.media_id !== 'string' || !body.media_id) throw new Error('WeChat cgi-bin/media/upload answered without media_id');
    return body.media_id;
  });
}

/** Largest media file fetched from WeChat (its own limits are lower: images 10 MB, voice 2 MB). */
const MAX_MEDIA_BYTES = 10 * 1024 * 1024;

/**
 * Download a temporary media file (临时素材) a customer sent, by MediaId.
 * Returns the bytes and their content type; errors arrive as JSON.
 */
export async function downloadMedia(
  db: Db,
  account: WechatAccount,
  mediaId: string,
  signal?: AbortSignal,
): Promise<{ data: Buffer; contentType: string }> {
  return withToken(db, account, async (token) => {
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

export { WechatApiError, wechatAccount, type WechatAccount } from './http.ts';
export { TOKEN_ERRORS } from './token.ts';
