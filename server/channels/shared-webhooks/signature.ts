import { createHmac, timingSafeEqual } from 'node:crypto';
import { appError } from '../../lib/errors.ts';

/** How far a signed request's timestamp may be from Kefu's clock, either way. */
export const MAX_SKEW_SECONDS = 300;

export const SIGNATURE_HEADER = 'x-kefu-signature';
export const TIMESTAMP_HEADER = 'x-kefu-timestamp';
export const DELIVERY_HEADER = 'x-kefu-delivery';

/**
 * `sha256=<hex HMAC-SHA256>` of `base` with `secret`: the one signature
 * format of the API, SMS and voice channels, both directions.
 *
 * @example hmacSignature('s3cret', '1700000000.{"a":1}') // 'sha256=6c…'
 */
export function hmacSignature(secret: string, base: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(base).digest('hex')}`;
}

/**
 * What a caller signs when calling Kefu: `<timestamp>.<METHOD>.<path>.<raw body>`,
 * with the path and query exactly as in the request line and an empty body
 * for GET. Signing the method and path stops a captured request from being
 * replayed against another conversation.
 *
 * @example requestSigningBase('1700000000', 'GET', '/channels/api/inb_…/conversations/conv_…/messages?afterSeq=3', '')
 */
export function requestSigningBase(timestamp: string, method: string, path: string, body: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}.${method.toUpperCase()}.${path}.`), Buffer.from(body)]);
}

/** What Kefu signs on the webhooks it sends: `<timestamp>.<raw body>` (no URL, so proxies in front of the receiver do not matter). */
export function webhookSigningBase(timestamp: string, body: string): string {
  return `${timestamp}.${body}`;
}

export interface SignedRequest {
  signature: string | undefined;
  timestamp: string | undefined;
  method: string;
  path: string;
  body: Buffer;
}

function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Check a request signed with the inbox's secret; throws 401
 * `signature_missing`, `signature_stale` (timestamp not Unix seconds within
 * five minutes) or `signature_invalid`.
 */
export function verifySignedRequest(secret: string, req: SignedRequest, nowMs = Date.now()): void {
  if (!req.signature || !req.timestamp) throw appError('signature_missing');
  if (!/^\d{1,12}$/.test(req.timestamp) || Math.abs(nowMs / 1000 - Number(req.timestamp)) > MAX_SKEW_SECONDS) throw appError('signature_stale');
  const expected = hmacSignature(secret, requestSigningBase(req.timestamp, req.method, req.path, req.body));
  if (!sameSignature(req.signature.trim().toLowerCase(), expected)) throw appError('signature_invalid');
}
