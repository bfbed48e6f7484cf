import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RateLimiter } from '../channels/widget/rate-limit.ts';
import type { AppContext } from '../context.ts';
import { appError } from '../lib/errors.ts';
import type { KefuApp } from '../lib/http.ts';
import { recordFeedback, visitorIdSchema, type FeedbackTarget } from '../modules/helpcenter/index.ts';
import type { ArticleSource } from './article-page.ts';
import { sendNotFound } from './respond.ts';
import { loadHelpCenter } from './site.ts';
import { secureCookieFlag } from '../lib/security-headers.ts';

/** The anonymous visitor cookie: one vote per visitor and item, no login. */
export const VISITOR_COOKIE = 'kefu_hc';
const VOTE_LIMIT = { burst: 20, perMinute: 30 };

const voteBody = z.object({
  helpful: z.union([z.boolean(), z.enum(['yes', 'no']).transform((v) => v === 'yes')]),
  comment: z.string().max(2000).optional(),
  lang: z.string().max(10).optional(),
});

/** The visitor id from the request's cookie, or a new one (the reply then sets the cookie). */
function visitorOf(req: FastifyRequest, reply: FastifyReply): string {
  const cookie = req.headers.cookie ?? '';
  const found = cookie
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${VISITOR_COOKIE}=`))
    ?.slice(VISITOR_COOKIE.length + 1);
  if (found && visitorIdSchema.safeParse(found).success) return found;
  const id = randomBytes(16).toString('base64url');
  const secure = secureCookieFlag(req);
  reply.header('set-cookie', `${VISITOR_COOKIE}=${id}; Path=/help; Max-Age=31536000; HttpOnly; SameSite=Lax${secure}`);
  return id;
}

interface VoteRoute {
  url: string;
  target: FeedbackTarget;
  /** Whether the item is published (in any language) for this workspace. */
  exists(ctx: AppContext, loaded: NonNullable<Awaited<ReturnType<typeof loadHelpCenter>>>, key: string): Promise<boolean>;
  page: string;
}

/**
 * POST a "was this helpful?" vote. Plain HTML forms post
 * `application/x-www-form-urlencoded` and are redirected back to the page
 * (which then thanks, or asks what was missing after a "no"); JSON callers get
 * JSON. Voting again replaces the visitor's earlier vote.
 */
export function registerFeedbackRoutes(
  scoped: KefuApp,
  ctx: AppContext,
  deps: { version: string; articles: ArticleSource; limiter: RateLimiter },
): void {
  scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8 * 1024 }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  const routes: VoteRoute[] = [
    {
      url: '/help/:workspace/faq/:key/feedback',
      target: 'faq',
      page: 'faq',
      exists: async (_ctx, loaded, key) => loaded.catalog.translations(key).length > 0,
    },
    {
      url: '/help/:workspace/articles/:key/feedback',
      target: 'article',
      page: 'articles',
      exists: async (_ctx, loaded, key) => (await deps.articles.find(loaded.workspace.id, key, loaded.site.locale)) !== undefined,
    },
  ];
  for (const route of routes) {
    scoped.post(route.url, {
      config: { access: 'public' },
      schema: { hide: true, params: z.object({ workspace: z.string().max(64), key: z.string().max(200) }), body: voteBody },
      handler: async (req, reply) => {
        if (!deps.limiter.take(`vote:${req.ip}`, VOTE_LIMIT)) throw appError('rate_limited');
        const loaded = await loadHelpCenter(ctx, req, req.params.workspace, req.body.lang, deps.version);
        if (!loaded || !(await route.exists(ctx, loaded, req.params.key))) return sendNotFound(reply, loaded);
        const comment = req.body.comment?.trim();
        await recordFeedback(ctx.db, loaded.workspace.id, {
          targetType: route.target,
          targetKey: req.params.key,
          visitorId: visitorOf(req, reply),
          locale: loaded.site.locale,
          helpful: req.body.helpful,
          ...(comment ? { comment } : {}),
        });
        if (req.headers['content-type']?.startsWith('application/json')) return reply.header('cache-control', 'no-store').send({ recorded: true });
        const state = req.body.helpful || comment ? 'thanks' : 'comment';
        const back = `/help/${encodeURIComponent(loaded.site.slug)}/${route.page}/${encodeURIComponent(req.params.key)}?lang=${loaded.site.locale}&feedback=${state}#feedback`;
        return reply.code(303).header('location', back).send();
      },
    });
  }
}
