import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, isoDate, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { apiKeyCreate, createApiKey, listApiKeys, revokeApiKey } from './api-keys-service.ts';
import { usersPolicy } from './policy.ts';
import type { ApiKeyRow } from './schema.ts';

const tags = ['api keys'];

const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  roleId: z.string(),
  hint: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});

function presentApiKey(row: ApiKeyRow): z.infer<typeof apiKeyView> {
  return {
    id: row.id,
    name: row.name,
    roleId: row.roleId,
    hint: `…${row.hint}`,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: isoDate(row.lastUsedAt),
    expiresAt: isoDate(row.expiresAt),
  };
}

/** API keys: list, create (token shown once), revoke. */
export function registerApiKeyRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/api-keys', {
    config: { access: usersPolicy.manageApiKeys },
    schema: {
      tags,
      summary: 'Active API keys (secrets are never shown again)',
      response: { 200: z.object({ items: z.array(apiKeyView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await listApiKeys(ctx, actorOf(req).principal.workspaceId)).map(presentApiKey) }),
  });

  app.post('/api/v1/api-keys', {
    config: { access: usersPolicy.manageApiKeys },
    schema: {
      tags,
      summary: 'Create an API key; the token is shown once',
      body: apiKeyCreate,
      response: { 201: z.object({ apiKey: apiKeyView, token: z.string() }), ...errorResponses },
    },
    handler: async (req, reply) => {
      const { apiKey, token } = await createApiKey(ctx, actorOf(req), req.body);
      return reply.code(201).send({ apiKey: presentApiKey(apiKey), token });
    },
  });

  app.delete('/api/v1/api-keys/:id', {
    config: { access: usersPolicy.manageApiKeys },
    schema: {
      tags,
      summary: 'Revoke an API key',
      params: z.object({ id: idSchema('apiKey') }).strict(),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await revokeApiKey(ctx, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
}
