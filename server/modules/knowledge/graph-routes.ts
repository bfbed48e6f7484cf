import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { allowedRelations } from '../../nlu/graph-catalogue.ts';
import { buildGraphIndex } from '../../nlu/graph-link.ts';
import { answerFromGraph } from '../../nlu/graph-walk.ts';
import { graphPolicy } from './graph-policy.ts';
import { graphEntityView, graphRelationView, presentEntity, presentRelation } from './graph-present.ts';
import {
  createEntity,
  createRelation,
  deleteEntity,
  deleteRelation,
  entityNeighbourhood,
  getEntity,
  graphEntityCreate,
  graphEntityPatch,
  graphRelationCreate,
  listEntities,
  listEntitiesQuery,
  loadGraph,
  updateEntity,
} from './graph-service.ts';

const tags = ['knowledge graph'];
const base = '/api/v1/knowledge/graph';
const entityParams = z.object({ id: idSchema('graphEntity') }).strict();
const relationParams = z.object({ id: idSchema('graphRelation') }).strict();
const neighbourhoodView = z.object({ centerId: z.string(), entities: z.array(graphEntityView), relations: z.array(graphRelationView) });

/** /api/v1/knowledge/graph: entities, relations, an entity's neighbourhood, the catalogue, and a try-a-question probe. */
export function registerGraphRoutes(app: KefuApp, ctx: AppContext): void {
  const ws = (req: Parameters<typeof actorOf>[0]) => actorOf(req).principal.workspaceId;

  app.get(`${base}/catalogue`, {
    config: { access: graphPolicy.read },
    schema: {
      tags,
      summary: 'Relation types and the (from type, to type) pairs each allows',
      response: { 200: z.object({ relations: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))) }), ...errorResponses },
    },
    handler: async () => ({
      relations: Object.fromEntries(Object.entries(allowedRelations).map(([k, v]) => [k, v.map(([a, b]) => [a, b] as [string, string])])),
    }),
  });

  app.get(`${base}/entities`, {
    config: { access: graphPolicy.read },
    schema: {
      tags,
      summary: 'Entities by id; `q` searches names and aliases, `type` filters; page with `after`',
      querystring: listEntitiesQuery,
      response: { 200: z.object({ items: z.array(graphEntityView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await listEntities(ctx.db, ws(req), req.query)).map(presentEntity) }),
  });

  app.get(`${base}/entities/:id`, {
    config: { access: graphPolicy.read },
    schema: { tags, summary: 'One entity', params: entityParams, response: { 200: graphEntityView, ...errorResponses } },
    handler: async (req) => presentEntity(await getEntity(ctx.db, ws(req), req.params.id)),
  });

  app.get(`${base}/entities/:id/neighbourhood`, {
    config: { access: graphPolicy.read },
    schema: {
      tags,
      summary: 'An entity, the entities within `depth` (1 or 2) relations of it, and the relations among them',
      params: entityParams,
      querystring: z.object({ depth: z.coerce.number().int().min(1).max(2).default(1) }),
      response: { 200: neighbourhoodView, ...errorResponses },
    },
    handler: async (req) => {
      const found = await entityNeighbourhood(ctx.db, ws(req), req.params.id, req.query.depth as 1 | 2);
      return { centerId: req.params.id, entities: found.entities.map(presentEntity), relations: found.relations.map(presentRelation) };
    },
  });

  app.post(`${base}/entities`, {
    config: { access: graphPolicy.write },
    schema: {
      tags,
      summary: 'Add an entity; the bot retrains in the background',
      body: graphEntityCreate,
      response: { 201: graphEntityView, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(presentEntity(await createEntity(ctx, actorOf(req), req.body))),
  });

  app.patch(`${base}/entities/:id`, {
    config: { access: graphPolicy.write },
    schema: {
      tags,
      summary: 'Change an entity’s names, aliases or text (its type stays)',
      params: entityParams,
      body: graphEntityPatch,
      response: { 200: graphEntityView, ...errorResponses },
    },
    handler: async (req) => presentEntity(await updateEntity(ctx, actorOf(req), req.params.id, req.body)),
  });

  app.delete(`${base}/entities/:id`, {
    config: { access: graphPolicy.write },
    schema: { tags, summary: 'Delete an entity and its relations', params: entityParams, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await deleteEntity(ctx, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.post(`${base}/relations`, {
    config: { access: graphPolicy.write },
    schema: {
      tags,
      summary: 'Join two entities; a pair of types the relation type does not allow is `relation_not_allowed`',
      body: graphRelationCreate,
      response: { 201: graphRelationView, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(presentRelation(await createRelation(ctx, actorOf(req), req.body))),
  });

  app.delete(`${base}/relations/:id`, {
    config: { access: graphPolicy.write },
    schema: { tags, summary: 'Delete a relation', params: relationParams, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await deleteRelation(ctx, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.post(`${base}/ask`, {
    config: { access: graphPolicy.read },
    schema: {
      tags,
      summary: 'What the graph would answer to a question (the path and the reply), or null; for trying the graph out',
      body: z.object({ text: z.string().trim().min(1).max(500) }).strict(),
      response: {
        200: z.object({
          answer: z
            .object({
              kind: z.string(),
              path: z.array(z.string()),
              answers: z.array(z.string()),
              reply: z.object({ 'zh-CN': z.string(), en: z.string() }),
            })
            .nullable(),
        }),
        ...errorResponses,
      },
    },
    handler: async (req) => ({ answer: answerFromGraph(buildGraphIndex(await loadGraph(ctx.db, ws(req))), req.body.text) ?? null }),
  });
}
