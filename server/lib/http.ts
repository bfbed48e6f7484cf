import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appError } from './errors.ts';
import type { Permission } from './permissions.ts';
import type { Actor, Principal } from './principal.ts';

/**
 * Who may call a route: anyone (`public`), any signed-in user or API key of
 * the workspace (`authenticated`), any signed-in person but no API key
 * (`user`), or holders of one permission. Every route
 * under /api/v1 must declare it; the app refuses to start otherwise.
 */
export type Access = 'public' | 'authenticated' | 'user' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** WebSocket routes: the bearer token may come as `?token=` (browsers cannot set headers there). */
    tokenInQuery?: boolean;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The Fastify instance type every module registers its routes on. */
export type KefuApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** The caller of an authenticated route, with request facts for audit rows. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.principal) throw appError('unauthenticated');
  return { principal: req.principal, requestId: req.id, ip: req.ip };
}

/** Schema of the JSON body every error response carries (for OpenAPI). */
export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .describe('Error');

/** Common error responses, merged into each route's `response` for the OpenAPI document. */
export const errorResponses = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export const isoDate = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** NUL, or half of a surrogate pair without its other half (not well-formed Unicode). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);

/**
 * Path to the first string (or object key) in parsed input that PostgreSQL
 * cannot store as sent — it holds U+0000, or a lone surrogate (which jsonb
 * refuses and text silently turns into U+FFFD) — or null when there is none.
 * Such input is refused at the edge. Iterative, so deeply nested JSON cannot
 * overflow the stack.
 *
 * @example unstorableTextPath({ name: ['ok', 'a\u0000'] }) // ['name', 1]
 */
export function unstorableTextPath(value: unknown): (string | number)[] | null {
  // Each entry links to its parent instead of copying the path, so deep input stays linear.
  interface Step {
    value: unknown;
    key?: string | number;
    parent?: Step;
  }
  const pathOf = (step: Step | undefined, last?: string): (string | number)[] => {
    const reversed: (string | number)[] = last === undefined ? [] : [last];
    for (let s = step; s && s.key !== undefined; s = s.parent) reversed.push(s.key);
    return reversed.reverse();
  };
  const stack: Step[] = [{ value }];
  while (stack.length) {
    const step = stack.pop()!;
    const item = step.value;
    if (typeof item === 'string') {
      if (unstorable(item)) return pathOf(step);
    } else if (Array.isArray(item)) {
      item.forEach((v, i) => stack.push({ value: v, key: i, parent: step }));
    } else if (item && typeof item === 'object') {
      for (const [k, v] of Object.entries(item)) {
        if (unstorable(k)) return pathOf(step, k);
        stack.push({ value: v, key: k, parent: step });
      }
    }
  }
  return null;
}
