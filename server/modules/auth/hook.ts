import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import type { Access, KefuApp } from '../../lib/http.ts';

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every /api/v1 route with the access it declares, for tests and docs. */
    routeTable: RouteAccess[];
  }
}
import { authenticate } from './service.ts';

/**
 * Authenticate and authorize every request before its body is even parsed:
 * routes declare `config.access`, and this hook enforces it. A route under
 * /api/v1 without `access` stops the app from starting.
 */
export function registerAccessControl(app: KefuApp, ctx: AppContext): void {
  const table: RouteAccess[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access policy (config.access)`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.access;
    if (!access || access === 'public') return;
    const queryToken = req.routeOptions.config.tokenInQuery ? (req.query as { token?: unknown }).token : undefined;
    const header = req.headers.authorization ?? (typeof queryToken === 'string' ? `Bearer ${queryToken}` : undefined);
    const principal = await authenticate(ctx, header);
    req.principal = principal;
    req.log = req.log.child({ workspaceId: principal.workspaceId, principal: principal.id });
    if (access === 'authenticated') return;
    if (access === 'user') {
      if (principal.kind !== 'user') throw appError('forbidden');
      return;
    }
    if (!principal.permissions.has(access)) throw appError('forbidden');
  });
}
