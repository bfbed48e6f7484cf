import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { knowledgePolicy } from './policy.ts';
import type { FaqRow } from './schema.ts';
import { createFaqs, deleteFaq, faqCreate, faqPatch, getFaq, listFaqs, listFaqsQuery, updateFaq } from './service.ts';

const tags = ['knowledge'];
const params = z.object({ id: idSchema('faq') }).strict();

export const faqView = z.object({
  id: z.string(),
  key: z.string(),
  locale: z.string(),
  question: z.string(),
  similar: z.array(z.string()),
  answer: z.string(),
  shortAnswer: z.string().nullable(),
  category: z.array(z.string()),
  tags: z.array(z.string()),
  status: z.string(),
  updatedAt: z.string(),
});

export function presentFaq(row: FaqRow): z.infer<typeof faqView> {
  return {
    id: row.id,
    key: row.key,
    locale: row.locale,
    question: row.question,
    similar: row.similar,
    answer: row.answer,
    shortAnswer: row.shortAnswer,
    category: row.category,
    tags: row.tags,
    status: row.status,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function registerKnowledgeRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/knowledge/faqs', {
    config: { access: knowledgePolicy.list },
    schema: {
      tags,
      summary: 'FAQ items, by id; page with `after` (the last id of the previous page)',
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
    schema: { tags, summary: 'Add a FAQ item; the bot retrains in the background', body: faqCreate, response: { 201: faqView, ...errorResponses } },
    handler: async (req, reply) => {
      const [row] = await createFaqs(ctx, actorOf(req), [req.body]);
      return reply.code(201).send(presentFaq(row!));
    },
  });

  app.patch('/api/v1/knowledge/faqs/:id', {
    config: { access: knowledgePolicy.update },
    schema: {
      tags,
      summary: 'Change a FAQ item; the bot retrains in the background',
      params,
      body: faqPatch,
      response: { 200: faqView, ...errorResponses },
    },
    handler: async (req) => presentFaq(await updateFaq(ctx, actorOf(req), req.params.id, req.body)),
  });

  app.delete('/api/v1/knowledge/faqs/:id', {
    config: { access: knowledgePolicy.delete },
    schema: { tags, summary: 'Delete a FAQ item', params, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await deleteFaq(ctx, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
}
