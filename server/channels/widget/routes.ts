import websocket from '@fastify/websocket';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { errorResponses, type KefuApp } from '../../lib/http.ts';
import { registerAttachmentRoutes } from './attachment-routes.ts';
import { registerPageRoutes } from './page-routes.ts';
import { registerWidgetTicketRoutes } from './ticket-routes.ts';
import { errorFrame } from './protocol.ts';
import { RateLimiter } from './rate-limit.ts';
import { inboxParams, tags } from './route-helpers.ts';
import { checkOrigin, loadWidgetInbox, openVisitorSession, type WidgetInbox } from './service.ts';
import { KeyedQueue } from '../../lib/keyed-queue.ts';
import { VisitorConnection } from './socket.ts';
import { verifyVisitorToken } from './token.ts';

const HEARTBEAT_MS = 30_000;

const sessionBody = z
  .object({
    visitorToken: z.string().max(300).optional().describe('The token from an earlier session; omit (or send a stale one) to start a new visitor'),
    profile: z
      .object({ name: z.string().trim().max(200).optional(), email: z.email().max(254).optional(), phone: z.string().max(40).optional() })
      .strict()
      .optional()
      .describe('Pre-chat form: a known email or phone joins that contact'),
    locale: z.enum(['zh-CN', 'en']).optional(),
  })
  .strict();

const sessionView = z.object({
  visitorToken: z.string(),
  contactId: z.string().nullable(),
  conversationId: z.string().nullable(),
  lastSeq: z.number(),
  widget: z.object({ color: z.string(), greeting: z.record(z.string(), z.string()).nullable(), preChatForm: z.boolean(), tickets: z.boolean() }),
});

/**
 * The widget's public endpoints: visitor sessions, the WebSocket,
 * attachments, the embeddable script and the demo page. All of it is
 * callable from any site (CORS `*`); inboxes that list allowed origins
 * refuse the others.
 */
export function registerWidgetRoutes(app: KefuApp, ctx: AppContext): void {
  void app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    // Once per app: a root registration (the app has one) also serves this scope.
    if (!scoped.hasDecorator('websocketServer')) await scoped.register(websocket, { options: { maxPayload: 1024 * 1024 } });
    // Per visitor across every node when REDIS_URL is set (app.rateStore), else per node.
    const limiter = new RateLimiter();
    const stopSharing = limiter.shareEvery(scoped.rateStore, ctx.log);
    scoped.addHook('onClose', async () => stopSharing());
    allowAnyOrigin(scoped);
    registerSessionRoute(scoped, ctx);
    registerSocketRoute(scoped, ctx, limiter);
    registerAttachmentRoutes(scoped, ctx, limiter);
    registerWidgetTicketRoutes(scoped, ctx, limiter);
    registerPageRoutes(scoped, ctx);
  });
}

function allowAnyOrigin(scoped: KefuApp): void {
  scoped.addHook('onSend', async (_req, reply) => {
    reply.header('access-control-allow-origin', '*');
  });
  scoped.options('/channels/widget/*', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .code(204)
      .header('access-control-allow-methods', 'GET, POST, OPTIONS')
      .header('access-control-allow-headers', 'authorization, content-type, x-filename, x-file-type')
      .header('access-control-max-age', '86400')
      .send(),
  );
}

function registerSessionRoute(scoped: KefuApp, ctx: AppContext): void {
  scoped.post('/channels/widget/:inboxId/sessions', {
    schema: {
      tags,
      summary: 'Start or resume a widget visitor (public; Origin checked against allowedOrigins)',
      params: inboxParams,
      body: sessionBody,
      response: { 200: sessionView, ...errorResponses },
    },
    handler: async (req) => {
      const widget = await loadWidgetInbox(ctx, req.params.inboxId);
      checkOrigin(widget, req.headers.origin);
      const session = await openVisitorSession(ctx, widget, req.body);
      const { color, greeting, preChatForm, tickets } = widget.settings;
      return { ...session, widget: { color, greeting: (greeting as Record<string, string> | undefined) ?? null, preChatForm, tickets } };
    },
  });
}

/** The visitor's WebSocket; inbox and Origin are checked before the upgrade (404/403), the token after it (close 4401). */
function registerSocketRoute(scoped: KefuApp, ctx: AppContext, limiter: RateLimiter): void {
  const queue = new KeyedQueue();
  const connections = new Set<VisitorConnection>();
  const widgets = new WeakMap<object, WidgetInbox>();
  const heartbeat = setInterval(() => {
    limiter.sweep();
    for (const connection of connections) connection.heartbeat();
  }, HEARTBEAT_MS);
  heartbeat.unref();
  scoped.addHook('onClose', async () => clearInterval(heartbeat));

  scoped.get(
    '/channels/widget/:inboxId/ws',
    {
      websocket: true,
      logLevel: 'warn', // the URL carries the visitor token; keep it out of the request log
      schema: { params: inboxParams, querystring: z.object({ token: z.string().max(300).optional() }).strict() },
      preValidation: async (req) => {
        const widget = await loadWidgetInbox(ctx, (req.params as { inboxId: string }).inboxId);
        checkOrigin(widget, req.headers.origin);
        widgets.set(req.raw, widget);
      },
    },
    (socket, req) => {
      const widget = widgets.get(req.raw)!;
      const visitorId = verifyVisitorToken(widget.settings.visitorSecret, widget.inbox.id, req.query.token);
      if (!visitorId) {
        socket.send(JSON.stringify(errorFrame('visitor_token_invalid')));
        return socket.close(4401, 'visitor_token_invalid');
      }
      const connection = new VisitorConnection(socket, { ctx, widget, visitorId, limiter, queue });
      connections.add(connection);
      socket.on('close', () => connections.delete(connection));
    },
  );
}
