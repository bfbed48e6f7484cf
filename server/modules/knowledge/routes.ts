import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { categoryMove, categoryQuery, listCategories, moveCategory } from './category-service.ts';
import { knowledgePolicy } from './policy.ts';
import { categoriesView, faqView, presentFaq } from './present.ts';
import { createFaqs, deleteFaq, faqCreate, faqPatch, getFaq, listFaqs, listFaqsQuery, updateFaq } from './service.ts';
import { registerVersionRoutes } from './version-routes.ts';

const tags = ['knowledge'];
const params = z.object({ id: idSchema('faq') }).strict();

/** /api/v1/knowledge: FAQ items, their versions and translations, and the category tree. */
export function registerKnowledgeRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/knowledge/faqs', {
    config: { access: knowledgePolicy.list },
    schema: {
      tags,
      summary: 'FAQ items, by id, filtered by locale, status, category and words; page with `after` (the last id of the previous page)',
      querystring: listFaqsQuery,
      response: { 200: z.object({ items: z.array(faqView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await listFaqs(ctx.db, actorOf(req).principal.workspaceId, req.query)).map(presentFaq) }),
  });

  app.get('/api/v1/knowledge/faqs/:id', {
    config: { access: knowledgePolicy.read },
    schema: { tags, summary: 'One FAQ item', params, response: { 200: faqView, ...errorResponses } },
    handler: async (req) => presentFaq(await getFaq(ctx.db, actorOf(req).principal.workspaceId, req.params.id)),
  });

  app.post('/api/v1/knowledge/faqs', {
    config: { access: knowledgePolicy.create },
    schema: {
      tags,
      summary: 'Add a FAQ item (version 1); the bot retrains in the background',
      body: faqCreate,
      response: { 201: faqView, ...errorResponses },
    },
    handler: async (req, reply) => {
      const [row] = await createFaqs(ctx, actorOf(req), [req.body]);
      return reply.code(201).send(presentFaq(row!));
    },
  });

  app.patch('/api/v1/knowledge/faqs/:id', {
    config: { access: knowledgePolicy.update },
    schema: {
      tags,
      summary: 'Change a FAQ item (a new version when anything changed); the bot retrains in the background',
      params,
      body: faqPatch,
      response: { 200: faqView, ...errorResponses },
    },
    handler: async (req) => presentFaq(await updateFaq(ctx, actorOf(req), req.params.id, req.body)),
  });

  app.delete('/api/v1/knowledge/faqs/:id', {
    config: { access: knowledgePolicy.delete },
    schema: { tags, summary: 'Delete a FAQ item and its history', params, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await deleteFaq(ctx, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/knowledge/categories', {
    config: { access: knowledgePolicy.categories },
    schema: {
      tags,
      summary: 'The category tree (3 levels) grown from the items’ category paths, with item counts',
      querystring: categoryQuery,
      response: { 200: categoriesView, ...errorResponses },
    },
    handler: async (req) => listCategories(ctx.db, actorOf(req).principal.workspaceId, req.query.locale),
  });

  app.post('/api/v1/knowledge/categories/move', {
    config: { access: knowledgePolicy.moveCategory },
    schema: {
      tags,
      summary: 'Rename or move a category: its items (and its subcategories’) get the new path, each as a new version',
      body: categoryMove,
      response: { 200: z.object({ moved: z.number() }), ...errorResponses },
    },
    handler: async (req) => moveCategory(ctx, actorOf(req), req.body),
  });

  registerVersionRoutes(app, ctx);
}
