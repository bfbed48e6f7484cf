import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, isoDate, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { getRole, getUser, presentRole, presentUser, roleView, userView } from '../users/index.ts';
import { getWorkspace, presentWorkspace, workspaceView } from '../workspaces/index.ts';
import { apiKeyCreate, createApiKey, listApiKeys, revokeApiKey } from './api-keys-service.ts';
import { authPolicy } from './policy.ts';
import type { ApiKeyRow } from './schema.ts';
import { changePassword, login, loginBody, logout, passwordChange } from './service.ts';

const tags = ['auth'];

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

export function registerAuthRoutes(app: KefuApp, ctx: AppContext): void {
  app.post('/api/v1/auth/login', {
    config: { access: authPolicy.login },
    schema: {
      tags,
      summary: 'Sign in with email and password; returns a session token',
      security: [],
      body: loginBody,
      response: { 200: z.object({ token: z.string(), expiresAt: z.string(), user: userView, workspaceId: z.string() }), ...errorResponses },
    },
    handler: async (req) => {
      const result = await login(ctx, req.body, { ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id });
      return { token: result.token, expiresAt: result.expiresAt.toISOString(), user: presentUser(result.user), workspaceId: result.user.workspaceId };
    },
  });

  app.get('/api/v1/auth/me', {
    config: { access: authPolicy.me },
    schema: {
      tags,
      summary: 'Who the token belongs to, with role and workspace',
      response: {
        200: z.object({ kind: z.enum(['user', 'api_key']), user: userView.nullable(), role: roleView, workspace: workspaceView }),
        ...errorResponses,
      },
    },
    handler: async (req) => {
      const { principal } = actorOf(req);
      const [workspace, role, user] = await Promise.all([
        getWorkspace(ctx.db, principal.workspaceId),
        getRole(ctx.db, principal.workspaceId, principal.roleId),
        principal.kind === 'user' ? getUser(ctx.db, principal.workspaceId, principal.id) : null,
      ]);
      return { kind: principal.kind, user: user && presentUser(user), role: presentRole(role), workspace: presentWorkspace(workspace) };
    },
  });

  app.post('/api/v1/auth/logout', {
    config: { access: authPolicy.logout },
    schema: { tags, summary: 'End this session', response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await logout(ctx, actorOf(req));
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/auth/password', {
    config: { access: authPolicy.changePassword },
    schema: { tags, summary: 'Change your password; other sessions end', body: passwordChange, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await changePassword(ctx, actorOf(req), req.body);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/api-keys', {
    config: { access: authPolicy.manageApiKeys },
    schema: {
      tags,
      summary: 'Active API keys (secrets are never shown again)',
      response: { 200: z.object({ items: z.array(apiKeyView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await listApiKeys(ctx, actorOf(req).principal.workspaceId)).map(presentApiKey) }),
  });

  app.post('/api/v1/api-keys', {
    config: { access: authPolicy.manageApiKeys },
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
    config: { access: authPolicy.manageApiKeys },
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
