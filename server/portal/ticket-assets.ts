import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { appError } from '../lib/errors.ts';
import type { KefuApp } from '../lib/http.ts';

const files: Record<string, { type: string; body: Buffer }> = {
  'tickets.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('./ticket-assets/tickets.css', import.meta.url)) },
  'tickets.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('./ticket-assets/tickets.js', import.meta.url)) },
};

/** The ticket pages' stylesheet and script (versioned by the help center's asset hash in their URLs). */
export function registerTicketAssetRoutes(scoped: KefuApp): void {
  scoped.get('/help/_ticket-assets/:file', {
    config: { access: 'public' },
    schema: { hide: true, params: z.object({ file: z.string().max(40) }) },
    handler: async (req, reply) => {
      // Own keys only: `toString` and friends are on every object.
      const asset = Object.hasOwn(files, req.params.file) ? files[req.params.file] : undefined;
      if (!asset) throw appError('route_not_found');
      return reply.type(asset.type).header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff').send(asset.body);
    },
  });
}
