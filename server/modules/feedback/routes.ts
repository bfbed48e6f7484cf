import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { feedbackPolicy } from './policy.ts';
import { presentResponse, presentSummary, responseView, summaryView } from './present.ts';
import { getSurveySettings, listResponses, listResponsesQuery, responseFilterQuery, saveSurveySettings, summarizeFeedback } from './service.ts';
import { surveySettingsSchema } from './settings.ts';

const tags = ['feedback'];

/** /api/v1/feedback: survey settings, the customers' ratings and the CSAT figure. */
export function registerFeedbackRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/feedback/settings', {
    config: { access: feedbackPolicy.settings },
    schema: { tags, summary: 'How the workspace asks for satisfaction ratings', response: { 200: surveySettingsSchema, ...errorResponses } },
    handler: async (req) => getSurveySettings(ctx.db, actorOf(req).principal.workspaceId),
  });

  app.put('/api/v1/feedback/settings', {
    config: { access: feedbackPolicy.settings },
    schema: {
      tags,
      summary: 'Replace the survey settings (applies to surveys asked from now on)',
      body: surveySettingsSchema,
      response: { 200: surveySettingsSchema, ...errorResponses },
    },
    handler: async (req) => saveSurveySettings(ctx, actorOf(req), req.body),
  });

  app.get('/api/v1/feedback/responses', {
    config: { access: feedbackPolicy.list },
    schema: {
      tags,
      summary: 'Ratings, newest first (without feedback.manage: only ratings of your own work)',
      querystring: listResponsesQuery,
      response: { 200: z.object({ items: z.array(responseView), nextBefore: z.string().nullable() }), ...errorResponses },
    },
    handler: async (req) => {
      const rows = await listResponses(ctx.db, actorOf(req), req.query);
      return { items: rows.map(presentResponse), nextBefore: rows.length === req.query.limit ? rows.at(-1)!.id : null };
    },
  });

  app.get('/api/v1/feedback/summary', {
    config: { access: feedbackPolicy.summary },
    schema: {
      tags,
      summary: 'CSAT (share of 4–5 stars), average and count, overall and by agent',
      querystring: responseFilterQuery,
      response: { 200: summaryView, ...errorResponses },
    },
    handler: async (req) => presentSummary(await summarizeFeedback(ctx.db, actorOf(req), req.query)),
  });
}
