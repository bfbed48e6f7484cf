import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Visitor tokens are stateless: `kwv1.<visitorId>.<HMAC-SHA256(inbox's
 * visitorSecret, inboxId:visitorId)>`. Nothing is stored until the visitor
 * writes (or fills in the pre-chat form); rotating the inbox's
 * `visitorSecret` invalidates every token at once.
 */
const PREFIX = 'kwv1';
const VISITOR_ID = /^[A-Za-z0-9_-]{22}$/;

function sign(secret: string, inboxId: string, visitorId: string): string {
  return createHmac('sha256', secret).update(`${inboxId}:${visitorId}`).digest('base64url');
}

/** A new visitor id (128 random bits) and its token. */
export function issueVisitorToken(
  secret: string,
  inboxId: string,
  visitorId = randomBytes(16).toString('base64url'),
): { visitorId: string; token: string } {
  return { visitorId, token: `${PREFIX}.${visitorId}.${sign(secret, inboxId, visitorId)}` };
}

/**
 * The visitor id a token stands for, or null when it is malformed or was
 * signed with another key or for another inbox.
 *
 * @example verifyVisitorToken(secret, inboxId, issueVisitorToken(secret, inboxId).token) // the visitor id
 */
export function verifyVisitorToken(secret: string, inboxId: string, token: string | undefined | null): string | null {
  const [prefix, visitorId, signature, ...rest] = (token ?? '').split('.');
  if (prefix !== PREFIX || !visitorId || !signature || rest.length || !VISITOR_ID.test(visitorId)) return null;
  const expected = Buffer.from(sign(secret, inboxId, visitorId));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? visitorId : null;
}
