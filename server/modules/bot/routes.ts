import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, isoDate, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { pageQuery } from '../../lib/pagination.ts';
import { listWebhookDeliveries } from './flow-webhooks.ts';
import { botPolicy } from './policy.ts';
import { webhookDeliveryStatuses, type BotRequestRow, type FlowRow, type IntentRow, type WebhookDeliveryRow } from './schema.ts';
import {
  createIntent,
  deleteFlow,
  deleteIntent,
  dictionaryBody,
  getDictionary,
  getRequest,
  intentCreate,
  intentPatch,
  listFlows,
  listIntents,
  listRequests,
  saveFlow,
  setDictionary,
  updateIntent,
} from './service.ts';
import { getWebhookSecret, rotateWebhookSecret, type WebhookSecret } from './webhook-secret.ts';

const tags = ['bot'];
const intentParams = z.object({ id: idSchema('intent') }).strict();
const flowParams = z.object({ name: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/) }).strict();

const intentView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  examples: z.object({ 'zh-CN': z.array(z.string()), en: z.array(z.string()) }),
  response: z.object({ 'zh-CN': z.string(), en: z.string() }).nullable(),
  action: z.string(),
  updatedAt: z.string(),
});
const presentIntent = (r: IntentRow): z.infer<typeof intentView> => ({
  id: r.id,
  name: r.name,
  description: r.description,
  examples: r.examples,
  response: r.response ?? null,
  action: r.action,
  updatedAt: r.updatedAt.toISOString(),
});

const flowView = z.object({ id: z.string(), name: z.string(), definition: z.record(z.string(), z.unknown()), updatedAt: z.string() });
const presentFlow = (r: FlowRow): z.infer<typeof flowView> => ({
  id: r.id,
  name: r.name,
  definition: r.definition,
  updatedAt: r.updatedAt.toISOString(),
});

const requestView = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.string(),
  conversationId: z.string(),
  contactId: z.string(),
  slots: z.record(z.string(), z.unknown()),
  status: z.string(),
  createdAt: z.string(),
});
const presentRequest = (r: BotRequestRow): z.infer<typeof requestView> => ({
  id: r.id,
  number: r.number,
  kind: r.kind,
  conversationId: r.conversationId,
  contactId: r.contactId,
  slots: r.slots,
  status: r.status,
  createdAt: r.createdAt.toISOString(),
});

const deliveryView = z.object({
  id: z.string(),
  flow: z.string(),
  url: z.string(),
  locale: z.string(),
  slots: z.record(z.string(), z.unknown()),
  requestNumber: z.string().nullable(),
  conversationId: z.string(),
  messageId: z.string(),
  status: z.enum(webhookDeliveryStatuses),
  attempts: z.number(),
  lastError: z.string().nullable(),
  responseStatus: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deliveredAt: z.string().nullable(),
});
const presentDelivery = (r: WebhookDeliveryRow): z.infer<typeof deliveryView> => ({
  id: r.id,
  flow: r.flow,
  url: r.url,
  locale: r.locale,
  slots: r.slots,
  requestNumber: r.requestNumber,
  conversationId: r.conversationId,
  messageId: r.messageId,
  status: r.status,
  attempts: r.attempts,
  lastError: r.lastError,
  responseStatus: r.responseStatus,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deliveredAt: isoDate(r.deliveredAt),
});

const secretView = z.object({ secret: z.string(), createdAt: z.string(), updatedAt: z.string() });
const presentSecret = (s: WebhookSecret): z.infer<typeof secretView> => ({
  secret: s.secret,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

/** Intents, flows and the dictionary (what the bot is trained on) and the requests its flows created. */
export function registerBotRoutes(app: KefuApp, ctx: AppContext): void {
  const ws = (req: Parameters<typeof actorOf>[0]) => actorOf(req).principal.workspaceId;

  app.get('/api/v1/bot/intents', {
    config: { access: botPolicy.read },
    schema: {
      tags,
      summary: 'The bot’s intents with their examples',
      response: { 200: z.object({ items: z.array(intentView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await listIntents(ctx.db, ws(req))).map(presentIntent) }),
  });
  app.post('/api/v1/bot/intents', {
    config: { access: botPolicy.manage },
    schema: {
      tags,
      summary: 'Add an intent; the bot retrains in the background',
      body: intentCreate,
      response: { 201: intentView, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(presentIntent(await createIntent(ctx, actorOf(req), req.body))),
  });
  app.patch('/api/v1/bot/intents/:id', {
    config: { access: botPolicy.manage },
    schema: {
      tags,
      summary: 'Change an intent’s examples, response or action',
      params: intentParams,
      body: intentPatch,
      response: { 200: intentView, ...errorResponses },
    },
    handler: async (req) => presentIntent(await updateIntent(ctx, actorOf(req), req.params.id, req.body)),
  });
  app.delete('/api/v1/bot/intents/:id', {
    config: { access: botPolicy.manage },
    schema: { tags, summary: 'Delete an intent', params: intentParams, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await deleteIntent(ctx, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/bot/flows', {
    config: { access: botPolicy.read },
    schema: { tags, summary: 'Slot-filling flows', response: { 200: z.object({ items: z.array(flowView) }), ...errorResponses } },
    handler: async (req) => ({ items: (await listFlows(ctx.db, ws(req))).map(presentFlow) }),
  });
  app.put('/api/v1/bot/flows/:name', {
    config: { access: botPolicy.manage },
    schema: {
      tags,
      summary: 'Create or replace a flow (see docs/bot.md for the format)',
      params: flowParams,
      body: z.record(z.string(), z.unknown()),
      response: { 200: flowView, ...errorResponses },
    },
    handler: async (req) => presentFlow(await saveFlow(ctx, actorOf(req), req.params.name, req.body)),
  });
  app.delete('/api/v1/bot/flows/:name', {
    config: { access: botPolicy.manage },
    schema: { tags, summary: 'Delete a flow', params: flowParams, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await deleteFlow(ctx, actorOf(req), req.params.name);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/bot/dictionary', {
    config: { access: botPolicy.read },
    schema: { tags, summary: 'Domain words for the Chinese tokenizer and product names', response: { 200: dictionaryBody, ...errorResponses } },
    handler: async (req) => ({ words: await getDictionary(ctx.db, ws(req)) }),
  });
  app.put('/api/v1/bot/dictionary', {
    config: { access: botPolicy.manage },
    schema: {
      tags,
      summary: 'Replace the domain dictionary',
      body: dictionaryBody,
      response: { 200: z.object({ count: z.number() }), ...errorResponses },
    },
    handler: async (req) => ({ count: await setDictionary(ctx, actorOf(req), req.body) }),
  });

  app.get('/api/v1/bot/requests', {
    config: { access: botPolicy.requests },
    schema: {
      tags,
      summary: 'Service requests created by bot flows (returns, appointments…)',
      querystring: z.object({ conversationId: idSchema('conversation').optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.object({ items: z.array(requestView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await listRequests(ctx.db, ws(req), req.query)).map(presentRequest) }),
  });
  app.get('/api/v1/bot/requests/:id', {
    config: { access: botPolicy.requests },
    schema: {
      tags,
      summary: 'One service request',
      params: z.object({ id: idSchema('request') }).strict(),
      response: { 200: requestView, ...errorResponses },
    },
    handler: async (req) => presentRequest(await getRequest(ctx.db, ws(req), req.params.id)),
  });

  registerWebhookRoutes(app, ctx);
}

/** Flow webhooks: what was sent where (support staff), and the signing secret (those who manage the bot). */
function registerWebhookRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/bot/webhook-deliveries', {
    config: { access: botPolicy.requests },
    schema: {
      tags,
      summary: 'Flow webhook deliveries, newest first, with their status, attempts and last error',
      querystring: pageQuery
        .extend({ conversationId: idSchema('conversation').optional(), status: z.enum(webhookDeliveryStatuses).optional() })
        .strict(),
      response: { 200: z.object({ items: z.array(deliveryView), nextCursor: z.string().nullable() }), ...errorResponses },
    },
    handler: async (req) => {
      const page = await listWebhookDeliveries(ctx.db, actorOf(req).principal.workspaceId, req.query);
      return { items: page.items.map(presentDelivery), nextCursor: page.nextCursor };
    },
  });
  app.get('/api/v1/bot/webhook-secret', {
    config: { access: botPolicy.manage },
    schema: {
      tags,
      summary: 'The secret that signs flow webhooks (X-Kefu-Signature); made on first use',
      response: { 200: secretView, ...errorResponses },
    },
    handler: async (req) => presentSecret(await getWebhookSecret(ctx, actorOf(req))),
  });
  app.post('/api/v1/bot/webhook-secret/rotate', {
    config: { access: botPolicy.manage },
    schema: {
      tags,
      summary: 'Replace the webhook signing secret; every attempt from now on is signed with the new one',
      response: { 200: secretView, ...errorResponses },
    },
    handler: async (req) => presentSecret(await rotateWebhookSecret(ctx, actorOf(req))),
  });
}
