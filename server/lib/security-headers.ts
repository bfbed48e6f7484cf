import type { FastifyRequest } from 'fastify';
import type { KefuApp } from './http.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** KEFU_PUBLIC_URL is https: cookies get Secure, responses HSTS. */
    publicHttps: boolean;
  }
}

/**
 * The policy an HTML page gets when its route sets none (API docs, error
 * pages): own scripts only, no plugins, never framed. The console, help
 * center, survey and widget demo pages set their own, equally strict on
 * scripts (`script-src 'self'`, no 'unsafe-inline').
 */
export const DEFAULT_HTML_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** No camera, microphone, location, payment or USB for any page Kefu serves. */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()';

/** Whether Kefu is reached over https (KEFU_PUBLIC_URL), so cookies get Secure and responses HSTS. */
export const publicUrlIsHttps = (publicUrl: string | undefined): boolean => publicUrl?.startsWith('https://') ?? false;

/**
 * Security headers on every response: nosniff, a referrer policy,
 * Permissions-Policy and Cross-Origin-Opener-Policy everywhere; a CSP on HTML
 * that has none yet; HSTS when the public URL is https; `no-store` on the
 * sign-in API (tokens, challenges, recovery codes must not sit in a cache).
 * Routes that set a header themselves keep theirs.
 *
 * @example registerSecurityHeaders(app, { https: publicUrlIsHttps(env.KEFU_PUBLIC_URL) });
 */
export function registerSecurityHeaders(app: KefuApp, options: { https: boolean }): void {
  app.decorate('publicHttps', options.https);
  app.addHook('onSend', async (req, reply) => {
    const setIfAbsent = (name: string, value: string) => {
      if (!reply.hasHeader(name) && !reply.raw.hasHeader(name)) reply.header(name, value);
    };
    setIfAbsent('x-content-type-options', 'nosniff');
    setIfAbsent('referrer-policy', 'strict-origin-when-cross-origin');
    setIfAbsent('permissions-policy', PERMISSIONS_POLICY);
    setIfAbsent('cross-origin-opener-policy', 'same-origin');
    if (options.https) setIfAbsent('strict-transport-security', 'max-age=31536000; includeSubDomains');
    const type = String(reply.getHeader('content-type') ?? reply.raw.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) setIfAbsent('content-security-policy', DEFAULT_HTML_CSP);
    if (req.url.startsWith('/api/v1/auth/')) reply.header('cache-control', 'no-store');
  });
}

/**
 * `; Secure` for a cookie when Kefu is public over https (KEFU_PUBLIC_URL),
 * or the request itself came over https; every cookie Kefu sets is also
 * HttpOnly and SameSite=Lax.
 *
 * @example `kefu_visitor=${id}; Path=/help; HttpOnly; SameSite=Lax${secureCookieFlag(req)}`
 */
export function secureCookieFlag(req: FastifyRequest): string {
  return req.server.publicHttps || req.protocol === 'https' ? '; Secure' : '';
}
