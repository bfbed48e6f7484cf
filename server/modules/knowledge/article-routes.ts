import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { splitPassages } from '../../nlu/passages.ts';
import { registerArticleImageRoutes } from './article-images.ts';
import { articleImport, importArticles, MAX_IMPORT_BYTES } from './article-import.ts';
import { renderArticleHtml } from './article-render.ts';
import type { ArticleRow } from './article-schema.ts';
import {
  articleCreate,
  articlePatch,
  createArticle,
  deleteArticle,
  getArticle,
  listArticles,
  listArticlesQuery,
  MAX_ARTICLE_BODY,
  updateArticle,
} from './article-service.ts';
import { knowledgePolicy } from './policy.ts';

const tags = ['knowledge'];
const params = z.object({ id: idSchema('article') }).strict();

export const articleView = z.object({
  id: z.string(),
  key: z.string(),
  locale: z.string(),
  slug: z.string(),
  title: z.string(),
  body: z.string(),
  category: z.array(z.string()),
  tags: z.array(z.string()),
  status: z.string(),
  updatedBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const articleSummary = articleView.omit({ body: true });
const renderView = z.object({
  html: z.string(),
  passages: z.array(z.object({ anchor: z.string(), headings: z.array(z.string()), text: z.string() })),
});

/** An article as the API shows it. */
export function presentArticle(row: ArticleRow): z.infer<typeof articleView> {
  return {
    id: row.id,
    key: row.key,
    locale: row.locale,
    slug: row.slug,
    title: row.title,
    body: row.body,
    category: row.category,
    tags: row.tags,
    status: row.status,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const summarise = (row: ArticleRow) => {
  const { body: _body, ...rest } = presentArticle(row);
  return rest;
};

/** /api/v1/knowledge/articles: CRUD, the Markdown preview, the folder import, and article images. */
export function registerArticleRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/knowledge/articles', {
    config: { access: knowledgePolicy.list },
    schema: {
      tags,
      summary: 'Articles, newest first, without their bodies; page with `cursor` (the previous page’s `nextCursor`)',
      querystring: listArticlesQuery,
      response: { 200: z.object({ items: z.array(articleSummary), nextCursor: z.string().nullable() }), ...errorResponses },
    },
    handler: async (req) => {
      const page = await listArticles(ctx.db, actorOf(req).principal.workspaceId, req.query);
      return { items: page.items.map(summarise), nextCursor: page.nextCursor };
    },
  });

  app.get('/api/v1/knowledge/articles/:id', {
    config: { access: knowledgePolicy.read },
    schema: { tags, summary: 'One article with its Markdown body', params, response: { 200: articleView, ...errorResponses } },
    handler: async (req) => presentArticle(await getArticle(ctx.db, actorOf(req).principal.workspaceId, req.params.id)),
  });

  app.post('/api/v1/knowledge/articles', {
    config: { access: knowledgePolicy.create },
    schema: {
      tags,
      summary: 'Add an article; the bot retrains in the background',
      body: articleCreate,
      response: { 201: articleView, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(presentArticle(await createArticle(ctx, actorOf(req), req.body))),
  });

  app.patch('/api/v1/knowledge/articles/:id', {
    config: { access: knowledgePolicy.update },
    schema: {
      tags,
      summary: 'Change an article; the bot retrains in the background',
      params,
      body: articlePatch,
      response: { 200: articleView, ...errorResponses },
    },
    handler: async (req) => presentArticle(await updateArticle(ctx, actorOf(req), req.params.id, req.body)),
  });

  app.delete('/api/v1/knowledge/articles/:id', {
    config: { access: knowledgePolicy.delete },
    schema: { tags, summary: 'Delete an article', params, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await deleteArticle(ctx, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/knowledge/articles/preview', {
    config: { access: knowledgePolicy.read },
    schema: {
      tags,
      summary: 'Render Markdown as the help center will (HTML) and show the passages the bot will answer from',
      body: z.object({ body: z.string().max(MAX_ARTICLE_BODY) }).strict(),
      response: { 200: renderView, ...errorResponses },
    },
    handler: async (req) => ({
      html: renderArticleHtml(req.body.body),
      passages: splitPassages(req.body.body).map(({ anchor, headings, text }) => ({ anchor, headings, text })),
    }),
  });

  app.post('/api/v1/knowledge/articles/import', {
    config: { access: knowledgePolicy.create },
    bodyLimit: MAX_IMPORT_BYTES,
    schema: {
      tags,
      summary: 'Import a folder of Markdown files (all or nothing; `dryRun` previews); folders are categories, the first `# heading` the title',
      body: articleImport,
      response: {
        200: z.object({
          dryRun: z.boolean(),
          created: z.number(),
          updated: z.number(),
          items: z.array(
            z.object({
              path: z.string(),
              locale: z.string(),
              slug: z.string(),
              title: z.string(),
              category: z.array(z.string()),
              action: z.enum(['create', 'update']),
            }),
          ),
          errors: z.array(z.object({ path: z.string(), message: z.string() })),
        }),
        ...errorResponses,
      },
    },
    handler: async (req) => importArticles(ctx, actorOf(req), req.body),
  });

  registerArticleImageRoutes(app, ctx);
}
