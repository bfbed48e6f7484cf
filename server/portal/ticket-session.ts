import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { appError } from '../lib/errors.ts';
import { findPortalSession } from '../modules/portal-access/index.ts';
import { secureCookieFlag } from '../lib/security-headers.ts';

/** The customer's help center session (HttpOnly, scoped to the workspace's /help/<slug> path). */
export const SESSION_COOKIE = 'kefu_portal';
/** The double-submit CSRF cookie: every form posts the same value back in `_csrf`. */
export const CSRF_COOKIE = 'kefu_portal_csrf';

/** A cookie's value from the request, or undefined. */
export function readCookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

const cookiePath = (slug: string) => `/help/${encodeURIComponent(slug)}`;

function appendCookie(reply: FastifyReply, cookie: string): void {
  const existing = reply.getHeader('set-cookie');
  const list = Array.isArray(existing) ? existing : existing ? [String(existing)] : [];
  reply.header('set-cookie', [...list, cookie]);
}

function cookieFlags(req: FastifyRequest, slug: string, maxAge: number): string {
  const secure = secureCookieFlag(req);
  return `Path=${cookiePath(slug)}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, slug: string, token: string, maxAgeSeconds: number): void {
  appendCookie(reply, `${SESSION_COOKIE}=${token}; ${cookieFlags(req, slug, maxAgeSeconds)}`);
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply, slug: string): void {
  appendCookie(reply, `${SESSION_COOKIE}=; ${cookieFlags(req, slug, 0)}`);
}

/** The CSRF token for the page's forms: the request's cookie, or a new one the reply sets. */
export function csrfToken(req: FastifyRequest, reply: FastifyReply, slug: string): string {
  const existing = readCookie(req, CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  appendCookie(reply, `${CSRF_COOKIE}=${token}; ${cookieFlags(req, slug, 7 * 24 * 3600)}`);
  return token;
}

/** Refuse a form whose `_csrf` does not match the cookie (`csrf_invalid`, 403). */
export function checkCsrf(req: FastifyRequest, sent: string | undefined): void {
  const cookie = readCookie(req, CSRF_COOKIE);
  const ok = !!cookie && !!sent && cookie.length === sent.length && timingSafeEqual(Buffer.from(cookie), Buffer.from(sent));
  if (!ok) throw appError('csrf_invalid');
}

/** The signed-in customer of this workspace, or null. */
export function customerOf(ctx: AppContext, req: FastifyRequest, workspaceId: string) {
  return findPortalSession(ctx.db, workspaceId, readCookie(req, SESSION_COOKIE));
}
