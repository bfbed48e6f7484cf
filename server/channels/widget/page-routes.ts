import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import type { KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { webDistDir } from '../../web.ts';
import { DEMO_CSP, findDemoWidgetInbox, renderDemoPage } from './demo.ts';
import { loadWidgetInbox } from './service.ts';

/** The built widget bundle, re-read only when the file changes. */
function widgetScript(file: string) {
  let cached: { mtimeMs: number; body: Buffer } | null = null;
  return async (): Promise<Buffer | null> => {
    const info = await stat(file).catch(() => null);
    if (!info) return null;
    if (cached?.mtimeMs !== info.mtimeMs) cached = { mtimeMs: info.mtimeMs, body: await readFile(file) };
    return cached.body;
  };
}

/** The embeddable script (`npm run build:web` builds it) and the demo shop page that embeds it. */
export function registerPageRoutes(scoped: KefuApp, ctx: AppContext): void {
  const script = widgetScript(path.join(webDistDir, 'widget', 'kefu-widget.js'));
  scoped.get('/widget/kefu-widget.js', {
    schema: { hide: true },
    handler: async (_req, reply) => {
      const body = await script();
      if (!body) throw appError('route_not_found', { hint: 'the widget is not built: npm run build:web' });
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(body);
    },
  });

  scoped.get('/demo/widget', {
    schema: { hide: true, querystring: z.object({ inbox: idSchema('inbox').optional(), lang: z.enum(['zh-CN', 'en']).optional() }) },
    handler: async (req, reply) => {
      const inboxId = req.query.inbox ? (await loadWidgetInbox(ctx, req.query.inbox)).inbox.id : await findDemoWidgetInbox(ctx);
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-security-policy', DEMO_CSP)
        .header('x-content-type-options', 'nosniff')
        .send(renderDemoPage(inboxId, req.query.lang ?? 'zh-CN'));
    },
  });
}
