import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from './context.ts';
import { pingDatabase } from './db/client.ts';
import { appError, errorBody, toAppError } from './lib/errors.ts';
import { unstorableTextPath, type KefuApp } from './lib/http.ts';
import { requestContext } from './lib/log-context.ts';
import { createRateStore } from './lib/rate-store-redis.ts';
import { registerRateLimits } from './lib/rate-limit-hook.ts';
import { publicUrlIsHttps, registerSecurityHeaders } from './lib/security-headers.ts';
import type pg from 'pg';
import { registerAccessControl, registerAuthRoutes } from './modules/auth/index.ts';
import { registerAuditRoutes } from './modules/audit/index.ts';
import { registerUserRoutes } from './modules/users/index.ts';
import { registerWorkspaceRoutes } from './modules/workspaces/index.ts';
import websocket from '@fastify/websocket';
import { registerChannelRoutes } from './channels/index.ts';
import { registerFlowRoutes } from './flows/routes.ts';
import { registerEncryptionRoutes } from './flows/encryption-routes.ts';
import { registerContactRoutes } from './modules/contacts/index.ts';
import { registerConversationRoutes } from './modules/conversations/index.ts';
import { registerInboxRoutes } from './modules/inboxes/index.ts';
import { registerArticleRoutes, registerGraphRoutes, registerImportRoutes, registerKnowledgeRoutes } from './modules/knowledge/index.ts';
import { registerBotRoutes } from './modules/bot/index.ts';
import { registerCannedRoutes } from './modules/canned/index.ts';
import { registerHelpcenterRoutes } from './modules/helpcenter/index.ts';
import { knowledgeArticles } from './portal/article-source.ts';
import { registerPortalRoutes } from './portal/routes.ts';
import { registerGapRoutes } from './modules/gaps/index.ts';
import { registerAgentAssistRoutes } from './flows/agent-assist.ts';
import { registerRoutingRoutes } from './modules/routing/index.ts';
import { registerAutomationRoutes } from './modules/automation/index.ts';
import { registerAutomationTestRoutes } from './flows/automation-test.ts';
import { registerTicketConfigRoutes, registerTicketRoutes } from './modules/tickets/index.ts';
import { registerTicketIntakeRoutes } from './modules/ticket-intake/index.ts';
import { registerPortalAccessRoutes } from './modules/portal-access/index.ts';
import { registerAgentSocket } from './realtime/agent-socket.ts';
import { registerAttachmentRoutes } from './storage/routes.ts';
import { registerWebApp, webDistDir } from './web.ts';
import { registerFeedbackRoutes } from './modules/feedback/index.ts';
import { registerTaskRoutes } from './modules/tasks/index.ts';
import { registerSurveyRoutes } from './portal/survey-routes.ts';
import { registerSlaRoutes } from './modules/sla/index.ts';
import { registerConsentRoutes } from './modules/consent/index.ts';
import { registerRetentionRoutes } from './modules/retention/index.ts';
import { registerConsoleMasking, registerPrivacyRoutes } from './modules/pii/index.ts';

export interface AppOptions {
  pool: pg.Pool;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** JSON pointer (`/items/0/name`) to a path array (`['items', 0, 'name']`), the shape services use too. */
function pointerToPath(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function validationDetails(err: { validation?: unknown[]; validationContext?: string }) {
  return (err.validation ?? []).map((v) => {
    const item = v as { instancePath?: string; message?: string; params?: { issue?: { path?: unknown[] } } };
    const path = item.params?.issue?.path ?? pointerToPath(item.instancePath ?? '');
    return { in: err.validationContext ?? 'body', path, message: item.message ?? 'invalid' };
  });
}

/**
 * Build the HTTP app: Fastify with zod at every edge, the error catalogue,
 * request ids, OpenAPI, access control and every module's routes.
 */
export async function buildApp(ctx: AppContext, options: AppOptions): Promise<KefuApp> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: ctx.env.KEFU_BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : `req_${randomBytes(8).toString('hex')}`;
    },
    // Client IPs (rate limits, lockouts, audit) come from X-Forwarded-For only behind a configured proxy.
    trustProxy: ctx.env.KEFU_TRUST_PROXY,
    routerOptions: { maxParamLength: 200 },
    // Malformed URLs (bad percent-encoding) never reach a route or its hooks; answer them from the catalogue too.
    // A refused WebSocket upgrade has no HTTP parser left to close its socket (the websocket plugin's
    // onResponse hook, which does, never runs here): close it once answered, or it stays open for good.
    frameworkErrors: (_err, req, reply) => {
      if (req.headers.upgrade) reply.raw.once('finish', () => req.raw.socket.destroy());
      void (reply as FastifyReply)
        .code(400)
        .header('x-request-id', req.id)
        .send(errorBody(appError('bad_request'), req.id));
    },
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only; Fastify would otherwise also accept text/plain bodies.
  app.removeContentTypeParser('text/plain');

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // First hook: everything done for this request, whichever logger it uses, logs its reqId.
  app.addHook('onRequest', (req, _reply, done) => requestContext.run({ reqId: req.id }, done));

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // A refused WebSocket upgrade must not leave its connection open (nor let a pipelined request through).
    if (req.headers.upgrade && reply.statusCode >= 400) reply.header('connection', 'close');
  });
  registerSecurityHeaders(app, { https: publicUrlIsHttps(ctx.env.KEFU_PUBLIC_URL) });
  app.addHook('onResponse', async (req, reply) => {
    if (req.headers.upgrade && reply.statusCode >= 400) req.raw.socket?.destroy();
  });

  app.setErrorHandler((err, req, reply) => {
    const e = err as { code?: string; validation?: unknown[]; validationContext?: string };
    const appErr = e.validation ? appError('validation_failed', validationDetails(e)) : toAppError(err);
    if (appErr.status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: appErr.code }, 'request rejected');
    const retryAfter = (appErr.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (appErr.status === 429 && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
    return reply.code(appErr.status).send(errorBody(appErr, req.id));
  });

  // After the schema check, so only input of the expected shape is walked.
  app.addHook('preHandler', async (req) => {
    for (const [where, input] of [
      ['body', req.body],
      ['querystring', req.query],
      ['params', req.params],
    ] as const) {
      const path = unstorableTextPath(input);
      if (path) throw appError('validation_failed', [{ in: where, path, message: 'must be well-formed Unicode without NUL (U+0000)' }]);
    }
  });

  app.setNotFoundHandler((req, reply) => reply.code(404).send(errorBody(appError('route_not_found'), req.id)));

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Kefu API', version: '1', description: 'Kefu (客服) HTTP API. Errors follow docs/errors.md.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Session token (ks_…) or API key (kk_…)' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Before authentication: a flood is refused without touching the database.
  registerRateLimits(app, ctx.env, await createRateStore(ctx.env.REDIS_URL, ctx.log));
  registerAccessControl(app, ctx);
  registerConsoleMasking(app, ctx);

  app.get('/health', {
    schema: { hide: true },
    handler: async (_req, reply) => {
      const ok = await pingDatabase(options.pool);
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable' });
    },
  });

  app.get('/api/openapi.json', {
    schema: { hide: true, response: { 200: z.unknown() } },
    handler: async () => app.swagger(),
  });

  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  registerAuthRoutes(app, ctx);
  registerWorkspaceRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerContactRoutes(app, ctx);
  registerConsentRoutes(app, ctx);
  registerRetentionRoutes(app, ctx);
  registerInboxRoutes(app, ctx);
  registerConversationRoutes(app, ctx);
  registerKnowledgeRoutes(app, ctx);
  registerGapRoutes(app, ctx);
  registerArticleRoutes(app, ctx);
  registerGraphRoutes(app, ctx);
  registerImportRoutes(app, ctx);
  registerBotRoutes(app, ctx);
  registerCannedRoutes(app, ctx);
  registerRoutingRoutes(app, ctx);
  registerAutomationRoutes(app, ctx);
  registerAutomationTestRoutes(app, ctx);
  registerTicketRoutes(app, ctx);
  registerTicketConfigRoutes(app, ctx);
  registerTicketIntakeRoutes(app, ctx);
  registerPortalAccessRoutes(app, ctx);
  registerAttachmentRoutes(app, ctx);
  registerFlowRoutes(app, ctx);
  registerAgentAssistRoutes(app, ctx);
  registerAgentSocket(app, ctx);
  registerChannelRoutes(app, ctx);
  registerHelpcenterRoutes(app, ctx);
  registerSlaRoutes(app, ctx);
  registerPortalRoutes(app, ctx, { articles: knowledgeArticles(ctx) });
  registerFeedbackRoutes(app, ctx);
  registerTaskRoutes(app, ctx);
  registerEncryptionRoutes(app, ctx);
  registerSurveyRoutes(app, ctx);
  registerPrivacyRoutes(app, ctx);

  await registerWebApp(app, webDistDir);
  return app;
}
