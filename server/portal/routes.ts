import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RateLimiter } from '../channels/widget/rate-limit.ts';
import type { AppContext } from '../context.ts';
import { appError } from '../lib/errors.ts';
import { errorResponses, type KefuApp } from '../lib/http.ts';
import { noArticles, renderArticlePage, type ArticleSource } from './article-page.ts';
import { loadAssets, type Assets } from './assets.ts';
import { registerFeedbackRoutes } from './feedback-routes.ts';
import { mostHelpfulKeys } from '../modules/helpcenter/index.ts';
import { renderCategory, renderFaq, renderHome, renderSearch, type FeedbackState } from './pages.ts';
import { renderRobots, renderSitemap } from './seo.ts';
import { sendNotFound, sendPage } from './respond.ts';
import { loadHelpCenter } from './site.ts';
import { registerTicketPortalRoutes } from './ticket-routes.ts';

export interface PortalOptions {
  /** Where articles come from; none until the articles module is wired (see `ArticleSource`). */
  articles?: ArticleSource;
}

const slug = z.string().min(1).max(64);
const pageQuery = z.object({
  lang: z.string().max(10).optional(),
  feedback: z.enum(['thanks', 'comment']).optional(),
});
const searchQuery = pageQuery.extend({ q: z.string().max(500).optional() });

/** Searches per visitor address: a burst for typing, then about two a second. */
const SEARCH_LIMIT = { burst: 40, perMinute: 120 };

/**
 * The public help center at /help/<workspace slug>: server-rendered pages
 * (home, categories, FAQ items, articles, search), sitemap and robots.txt,
 * "was this helpful?" votes, and the JSON search the pages use as you type,
 * answered by the workspace's own bot retriever.
 */
export function registerPortalRoutes(app: KefuApp, ctx: AppContext, options: PortalOptions = {}): void {
  const articles = options.articles ?? noArticles;
  void app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    const assets = loadAssets();
    const limiter = new RateLimiter();
    registerAssetRoutes(scoped, assets);
    registerPageRoutes(scoped, ctx, assets.version, articles);
    registerSeoRoutes(scoped, ctx, assets.version, articles);
    registerSearchApi(scoped, ctx, limiter);
    registerFeedbackRoutes(scoped, ctx, { version: assets.version, articles, limiter });
    registerTicketPortalRoutes(scoped, ctx, { version: assets.version, limiter });
  });
}

function registerAssetRoutes(scoped: KefuApp, assets: Assets): void {
  scoped.get('/help/_assets/:file', {
    config: { access: 'public' },
    schema: { hide: true, params: z.object({ file: z.string().max(40) }) },
    handler: async (req, reply) => {
      // Own keys only: `toString` and friends are on every object.
      const asset = Object.hasOwn(assets.files, req.params.file) ? assets.files[req.params.file] : undefined;
      if (!asset) throw appError('route_not_found');
      return reply.type(asset.type).header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff').send(asset.body);
    },
  });
}

function registerPageRoutes(scoped: KefuApp, ctx: AppContext, version: string, articles: ArticleSource): void {
  const load = (req: FastifyRequest, workspace: string, lang?: string) => loadHelpCenter(ctx, req, workspace, lang, version);
  const feedbackOf = (q: { feedback?: 'thanks' | 'comment' }): FeedbackState => q.feedback ?? 'ask';
  const noStore = (q: { feedback?: string }) => (q.feedback ? 'no-store' : undefined);

  scoped.get('/help/:workspace', {
    config: { access: 'public' },
    schema: { hide: true, params: z.object({ workspace: slug }), querystring: pageQuery },
    handler: async (req, reply) => {
      const loaded = await load(req, req.params.workspace, req.query.lang);
      if (!loaded) return sendNotFound(reply, loaded);
      const popular = await mostHelpfulKeys(ctx.db, loaded.workspace.id, 'faq', 8);
      return sendPage(reply, 200, renderHome(loaded.site, loaded.catalog, popular));
    },
  });

  scoped.get('/help/:workspace/search', {
    config: { access: 'public' },
    schema: { hide: true, params: z.object({ workspace: slug }), querystring: searchQuery },
    handler: async (req, reply) => {
      const loaded = await load(req, req.params.workspace, req.query.lang);
      if (!loaded) return sendNotFound(reply, loaded);
      const q = (req.query.q ?? '').trim();
      const hits = q ? loaded.catalog.search(q, loaded.site.locale, 10) : [];
      return sendPage(reply, 200, renderSearch(loaded.site, q, hits), 'no-store');
    },
  });

  const categoryHandler = async (
    req: FastifyRequest<{ Params: Record<string, string>; Querystring: z.infer<typeof pageQuery> }>,
    reply: FastifyReply,
  ) => {
    const loaded = await load(req, req.params.workspace!, req.query.lang);
    const path = [req.params.a, req.params.b, req.params.c].filter((p): p is string => p !== undefined);
    const node = loaded?.catalog.category(loaded.site.locale, path);
    if (!loaded || !node) return sendNotFound(reply, loaded);
    return sendPage(reply, 200, renderCategory(loaded.site, loaded.catalog, node));
  };
  for (const url of ['/help/:workspace/categories/:a', '/help/:workspace/categories/:a/:b', '/help/:workspace/categories/:a/:b/:c']) {
    scoped.get(url, {
      config: { access: 'public' },
      schema: { hide: true, params: z.record(z.string(), z.string().max(200)), querystring: pageQuery },
      handler: categoryHandler,
    });
  }

  scoped.get('/help/:workspace/faq/:key', {
    config: { access: 'public' },
    schema: { hide: true, params: z.object({ workspace: slug, key: z.string().max(200) }), querystring: pageQuery },
    handler: async (req, reply) => {
      const loaded = await load(req, req.params.workspace, req.query.lang);
      const item = loaded?.catalog.item(req.params.key, loaded.site.locale);
      if (!loaded || !item) return sendNotFound(reply, loaded);
      return sendPage(reply, 200, renderFaq(loaded.site, loaded.catalog, item, feedbackOf(req.query)), noStore(req.query));
    },
  });

  scoped.get('/help/:workspace/articles/:slug', {
    config: { access: 'public' },
    schema: { hide: true, params: z.object({ workspace: slug, slug: z.string().max(200) }), querystring: pageQuery },
    handler: async (req, reply) => {
      const loaded = await load(req, req.params.workspace, req.query.lang);
      const article = loaded && (await articles.find(loaded.workspace.id, req.params.slug, loaded.site.locale));
      if (!loaded || !article) return sendNotFound(reply, loaded);
      return sendPage(reply, 200, renderArticlePage(loaded.site, article, feedbackOf(req.query)), noStore(req.query));
    },
  });
}

function registerSeoRoutes(scoped: KefuApp, ctx: AppContext, version: string, articles: ArticleSource): void {
  scoped.get('/help/:workspace/sitemap.xml', {
    config: { access: 'public' },
    schema: { hide: true, params: z.object({ workspace: slug }) },
    handler: async (req, reply) => {
      const loaded = await loadHelpCenter(ctx, req, req.params.workspace, undefined, version);
      if (!loaded) return sendNotFound(reply, loaded);
      const body = renderSitemap(loaded.site, loaded.catalog, await articles.list(loaded.workspace.id));
      return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=600').send(body);
    },
  });

  scoped.get('/help/:workspace/robots.txt', {
    config: { access: 'public' },
    schema: { hide: true, params: z.object({ workspace: slug }) },
    handler: async (req, reply) => {
      const loaded = await loadHelpCenter(ctx, req, req.params.workspace, undefined, version);
      if (!loaded) return sendNotFound(reply, loaded);
      return reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(renderRobots(loaded.site));
    },
  });
}

const searchHitView = z.object({
  key: z.string(),
  locale: z.string(),
  question: z.string(),
  /** The stored question that matched best. */
  matched: z.string(),
  snippet: z.string(),
  score: z.number(),
  url: z.string(),
});

function registerSearchApi(scoped: KefuApp, ctx: AppContext, limiter: RateLimiter): void {
  scoped.get('/api/v1/public/help/:workspace/search', {
    config: { access: 'public' },
    schema: {
      tags: ['help center'],
      summary: 'Search a workspace’s published FAQ items with a natural-language question (the bot’s own retriever); public',
      params: z.object({ workspace: slug }),
      querystring: z.object({
        q: z.string().trim().min(1).max(500),
        lang: z.enum(['zh-CN', 'en']).optional(),
        limit: z.coerce.number().int().min(1).max(10).default(5),
      }),
      response: { 200: z.object({ locale: z.string(), items: z.array(searchHitView) }), 429: errorResponses[400], ...errorResponses },
    },
    handler: async (req, reply) => {
      if (!limiter.take(`search:${req.ip}`, SEARCH_LIMIT)) throw appError('rate_limited');
      const loaded = await loadHelpCenter(ctx, req, req.params.workspace, req.query.lang, '');
      if (!loaded) throw appError('not_found');
      const { site } = loaded;
      const hits = loaded.catalog.search(req.query.q, site.locale, req.query.limit);
      reply.header('cache-control', 'public, max-age=60').header('vary', 'accept-language');
      return {
        locale: site.locale,
        items: hits.map((h) => ({
          key: h.item.key,
          locale: h.item.locale,
          question: h.item.question,
          matched: h.matched,
          snippet: h.snippet,
          score: Math.round(h.score * 1000) / 1000,
          url: `/help/${encodeURIComponent(site.slug)}/faq/${encodeURIComponent(h.item.key)}?lang=${site.locale}`,
        })),
      };
    },
  });
}
