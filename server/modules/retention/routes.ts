import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, isoDate, type KefuApp } from '../../lib/http.ts';
import { privacyPolicy } from './policy.ts';
import { getRetention, retentionBody, updateRetention, type RetentionSettings } from './service.ts';

const tags = ['data rights'];

export const retentionView = z.object({
  conversationsAction: z.string(),
  conversationsDays: z.number(),
  ticketsAction: z.string(),
  ticketsYears: z.number(),
  attachmentsDays: z.number().nullable(),
  auditYears: z.number().nullable(),
  updatedAt: z.string().nullable(),
});

function presentRetention(row: RetentionSettings & { updatedAt: Date | null }): z.infer<typeof retentionView> {
  const { conversationsAction, conversationsDays, ticketsAction, ticketsYears, attachmentsDays, auditYears } = row;
  return { conversationsAction, conversationsDays, ticketsAction, ticketsYears, attachmentsDays, auditYears, updatedAt: isoDate(row.updatedAt) };
}

/** GET/PUT /api/v1/retention: the workspace's data retention settings (admins). */
export function registerRetentionRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/retention', {
    config: { access: privacyPolicy.retention },
    schema: { tags, summary: 'Data retention settings', response: { 200: retentionView, ...errorResponses } },
    handler: async (req) => presentRetention(await getRetention(ctx.db, actorOf(req).principal.workspaceId)),
  });

  app.put('/api/v1/retention', {
    config: { access: privacyPolicy.retention },
    schema: { tags, summary: 'Change data retention settings', body: retentionBody, response: { 200: retentionView, ...errorResponses } },
    handler: async (req) => presentRetention(await updateRetention(ctx, actorOf(req), req.body)),
  });
}
