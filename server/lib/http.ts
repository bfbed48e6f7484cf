import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appError } from './errors.ts';
import type { Permission } from './permissions.ts';
import type { Actor, Principal } from './principal.ts';

/**
 * Who may call a route: anyone (`public`), any signed-in user or API key of
 * the workspace (`authenticated`), or holders of one permission. Every route
 * under /api/v1 must declare it; the app refuses to start otherwise.
 */
export type Access = 'public' | 'authenticated' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The Fastify instance type every module registers its routes on. */
export type KefuApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

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
