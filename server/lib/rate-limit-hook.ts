import type { FastifyRequest } from 'fastify';
import type { Env } from '../env.ts';
import { appError } from './errors.ts';
import type { KefuApp } from './http.ts';
import { consume, keyDigest, type Limit, type RateStore } from './rate-limit.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The counters behind rate limits and login lockouts (memory, or Redis with REDIS_URL). */
    rateStore: RateStore;
  }
}

/** Sign-in endpoints: a tighter per-IP limit on top of the general one (password guessing, mail bombing). */
const AUTH_ROUTES = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/login/2fa',
  'POST /api/v1/auth/login/2fa/enrol',
  'POST /api/v1/auth/login/2fa/enrol/confirm',
  'POST /api/v1/invitations/accept',
  'POST /help/:workspace/tickets/sign-in',
  'POST /help/:workspace/tickets/sign-in/:token',
]);

/** Whether rate limits apply: KEFU_RATE_LIMIT, else on everywhere but under NODE_ENV=test. */
export const rateLimitsOn = (env: Env): boolean => env.KEFU_RATE_LIMIT ?? env.NODE_ENV !== 'test';

function bearerOf(req: FastifyRequest): string | undefined {
  const header = /^Bearer +(\S{1,400})$/i.exec(req.headers.authorization?.trim() ?? '')?.[1];
  if (header) return header;
  const query = req.routeOptions.config?.tokenInQuery ? (req.query as { token?: unknown } | undefined)?.token : undefined;
  return typeof query === 'string' && query.length <= 400 ? query : undefined;
}

/** The buckets one request counts against: its IP, its token or widget visitor, and sign-in routes. */
function bucketsOf(req: FastifyRequest, env: Env): [string, Limit][] {
  const windowMs = env.KEFU_RATE_LIMIT_WINDOW_SECONDS * 1000;
  const buckets: [string, Limit][] = [[`ip:${req.ip}`, { max: env.KEFU_RATE_LIMIT_PER_IP, windowMs }]];
  if (AUTH_ROUTES.has(`${req.method} ${req.routeOptions.url}`)) buckets.push([`auth:${req.ip}`, { max: env.KEFU_RATE_LIMIT_AUTH_PER_IP, windowMs }]);
  const token = bearerOf(req);
  if (token) {
    const visitor = req.url.startsWith('/channels/widget/');
    const max = visitor ? env.KEFU_RATE_LIMIT_PER_VISITOR : env.KEFU_RATE_LIMIT_PER_TOKEN;
    buckets.push([`${visitor ? 'visitor' : 'token'}:${keyDigest(token)}`, { max, windowMs }]);
  }
  return buckets;
}

/**
 * Rate limits per client IP, per bearer token (sessions and API keys), per
 * widget visitor, and tighter per IP on sign-in routes: one `onRequest` hook
 * before authentication, so a flood costs no database work. Counts live in
 * `app.rateStore` (Redis when REDIS_URL is set, so every node shares them;
 * this node's own counts while Redis is unreachable).
 * The client IP is the socket's unless KEFU_TRUST_PROXY is set.
 *
 * @example registerRateLimits(app, ctx.env, await createRateStore(ctx.env.REDIS_URL, ctx.log));
 */
export function registerRateLimits(app: KefuApp, env: Env, store: RateStore): void {
  app.decorate('rateStore', store);
  app.addHook('onClose', async () => store.close());
  if (!rateLimitsOn(env)) return;
  app.addHook('onRequest', async (req) => {
    if (req.url === '/health') return;
    // The store never throws: without Redis it counts on this node (see rate-store-redis.ts).
    let retryAfter = 0;
    for (const [key, limit] of bucketsOf(req, env)) {
      const { allowed, retryAfterSeconds } = await consume(store, key, limit);
      if (!allowed) retryAfter = Math.max(retryAfter, retryAfterSeconds);
    }
    // The error handler turns details.retryAfterSeconds into Retry-After.
    if (retryAfter > 0) throw appError('rate_limited', { retryAfterSeconds: retryAfter });
  });
}
