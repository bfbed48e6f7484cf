import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { botPolicy } from './policy.ts';
import type { BotRequestRow, FlowRow, IntentRow } from './schema.ts';
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
}
