import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { mineGaps, mineOptions } from './mine-service.ts';
import { gapsPolicy } from './policy.ts';
import { gapView, presentGap } from './present.ts';
import { acceptGap, acceptGapBody, getGap, listGaps, listGapsQuery, rejectGap } from './service.ts';

const tags = ['knowledge gaps'];
const params = z.object({ id: idSchema('gapSuggestion') }).strict();

/** /api/v1/knowledge/gaps: suggested FAQ items mined from what the bot could not answer; accept, reject, mine again. */
export function registerGapRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/knowledge/gaps', {
    config: { access: gapsPolicy.list },
    schema: {
      tags,
      summary: 'Suggested FAQ items, most asked first (open ones unless `status` says otherwise)',
      querystring: listGapsQuery,
      response: { 200: z.object({ items: z.array(gapView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await listGaps(ctx.db, actorOf(req).principal.workspaceId, req.query)).map(presentGap) }),
  });

  app.get('/api/v1/knowledge/gaps/:id', {
    config: { access: gapsPolicy.read },
    schema: { tags, summary: 'One suggestion with its example questions and draft answer', params, response: { 200: gapView, ...errorResponses } },
    handler: async (req) => presentGap(await getGap(ctx.db, actorOf(req).principal.workspaceId, req.params.id)),
  });

  app.post('/api/v1/knowledge/gaps/:id/accept', {
    config: { access: gapsPolicy.accept },
    schema: {
      tags,
      summary: 'Accept a suggestion, as is or edited: it becomes a published FAQ item and the bot retrains',
      params,
      body: acceptGapBody,
      response: {
        200: z.object({ suggestion: gapView, faq: z.object({ id: z.string(), key: z.string(), locale: z.string(), question: z.string() }) }),
        ...errorResponses,
      },
    },
    handler: async (req) => {
      const { suggestion, faq } = await acceptGap(ctx, actorOf(req), req.params.id, req.body);
      return { suggestion: presentGap(suggestion), faq: { id: faq.id, key: faq.key, locale: faq.locale, question: faq.question } };
    },
  });

  app.post('/api/v1/knowledge/gaps/:id/reject', {
    config: { access: gapsPolicy.reject },
    schema: {
      tags,
      summary: 'Reject a suggestion; mining will not suggest these questions again',
      params,
      response: { 200: gapView, ...errorResponses },
    },
    handler: async (req) => presentGap(await rejectGap(ctx, actorOf(req), req.params.id)),
  });

  app.post('/api/v1/knowledge/gaps/mine', {
    config: { access: gapsPolicy.mine },
    schema: {
      tags,
      summary: 'Mine the knowledge gaps now (also runs hourly); answers with what changed',
      body: mineOptions.default({ days: 30, minCount: 2 }),
      response: {
        200: z.object({ questions: z.number().int(), created: z.number().int(), updated: z.number().int(), removed: z.number().int() }),
        ...errorResponses,
      },
    },
    handler: async (req) => mineGaps(ctx, actorOf(req).principal.workspaceId, req.body),
  });
}
