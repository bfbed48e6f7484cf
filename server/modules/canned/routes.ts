import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { cannedPolicy } from './policy.ts';
import { renderBody, renderCanned } from './render-service.ts';
import type { CannedResponseRow } from './schema.ts';
import { cannedCreate, cannedPatch, createCanned, deleteCanned, listCanned, listCannedQuery, updateCanned } from './service.ts';

const tags = ['canned responses'];
const params = z.object({ id: idSchema('cannedResponse') }).strict();

export const cannedView = z.object({
  id: z.string(),
  scope: z.enum(['workspace', 'personal']),
  ownerId: z.string().nullable(),
  title: z.string(),
  shortcut: z.string(),
  content: z.object({ 'zh-CN': z.string().optional(), en: z.string().optional() }),
  tags: z.array(z.string()),
  updatedAt: z.string(),
});

export function presentCanned(row: CannedResponseRow): z.infer<typeof cannedView> {
  return {
    id: row.id,
    scope: row.scope,
    ownerId: row.ownerId,
    title: row.title,
    shortcut: row.shortcut,
    content: row.content,
    tags: row.tags,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** /api/v1/canned-responses: list and search, create, change, delete, and render into a conversation. */
export function registerCannedRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/canned-responses', {
    config: { access: cannedPolicy.list },
    schema: {
      tags,
      summary: 'The workspace’s canned responses and your own; `q` searches shortcut, title and text',
      querystring: listCannedQuery,
      response: { 200: z.object({ items: z.array(cannedView), nextCursor: z.string().nullable() }), ...errorResponses },
    },
    handler: async (req) => {
      const page = await listCanned(ctx.db, actorOf(req).principal, req.query);
      return { items: page.items.map(presentCanned), nextCursor: page.nextCursor };
    },
  });

  app.post('/api/v1/canned-responses', {
    config: { access: cannedPolicy.write },
    schema: {
      tags,
      summary: 'Add a canned response: `workspace` (needs knowledge.manage; audited) or `personal` (needs messages.send)',
      body: cannedCreate,
      response: { 201: cannedView, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(presentCanned(await createCanned(ctx, actorOf(req), req.body))),
  });

  app.patch('/api/v1/canned-responses/:id', {
    config: { access: cannedPolicy.write },
    schema: {
      tags,
      summary: 'Change a canned response (its scope stays)',
      params,
      body: cannedPatch,
      response: { 200: cannedView, ...errorResponses },
    },
    handler: async (req) => presentCanned(await updateCanned(ctx, actorOf(req), req.params.id, req.body)),
  });

  app.delete('/api/v1/canned-responses/:id', {
    config: { access: cannedPolicy.write },
    schema: { tags, summary: 'Delete a canned response', params, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await deleteCanned(ctx, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/canned-responses/:id/render', {
    config: { access: cannedPolicy.render },
    schema: {
      tags,
      summary: 'The response’s text for a conversation, variables filled (phones masked), in the customer’s language',
      params,
      body: renderBody,
      response: { 200: z.object({ content: z.string(), locale: z.enum(['zh-CN', 'en']) }), ...errorResponses },
    },
    handler: async (req) => renderCanned(ctx, actorOf(req).principal, req.params.id, req.body),
  });
}
