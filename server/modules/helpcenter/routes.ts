import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { helpcenterPolicy } from './policy.ts';
import { feedbackComments, feedbackCounts, feedbackQuery } from './service.ts';

const tags = ['help center'];

const countView = z.object({
  targetType: z.enum(['faq', 'article']),
  key: z.string(),
  helpful: z.number().int(),
  notHelpful: z.number().int(),
  comments: z.number().int(),
});

const commentView = z.object({
  targetType: z.enum(['faq', 'article']),
  key: z.string(),
  locale: z.string(),
  comment: z.string(),
  at: z.string(),
});

/** /api/v1/helpcenter: what visitors of the public help center thought of each item. */
export function registerHelpcenterRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/helpcenter/feedback', {
    config: { access: helpcenterPolicy.counts },
    schema: {
      tags,
      summary: '“Was this helpful?” counts per FAQ item (key) or article (slug), most “not helpful” first',
      querystring: feedbackQuery,
      response: { 200: z.object({ items: z.array(countView) }), ...errorResponses },
    },
    handler: async (req) => {
      const rows = await feedbackCounts(ctx.db, actorOf(req).principal.workspaceId, req.query);
      return { items: rows.map(({ targetKey, ...row }) => ({ ...row, key: targetKey })) };
    },
  });

  app.get('/api/v1/helpcenter/feedback/comments', {
    config: { access: helpcenterPolicy.comments },
    schema: {
      tags,
      summary: 'The latest comments left with a “not helpful” vote, newest first',
      querystring: feedbackQuery,
      response: { 200: z.object({ items: z.array(commentView) }), ...errorResponses },
    },
    handler: async (req) => {
      const rows = await feedbackComments(ctx.db, actorOf(req).principal.workspaceId, req.query);
      return {
        items: rows.map((r) => ({
          targetType: r.targetType,
          key: r.targetKey,
          locale: r.locale,
          comment: r.comment ?? '',
          at: r.updatedAt.toISOString(),
        })),
      };
    },
  });
}
