import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, isoDate, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { consentPolicy } from './policy.ts';
import type { ConsentRecordRow } from './schema.ts';
import { consentBody, listContactConsents, recordConsent } from './service.ts';

const tags = ['consent'];
const params = z.object({ id: idSchema('contact') }).strict();

export const consentView = z.object({
  id: z.string(),
  contactId: z.string(),
  channel: z.string(),
  purpose: z.string(),
  status: z.string(),
  source: z.string(),
  recordedBy: z.string().nullable(),
  createdAt: z.string(),
});

/** The API shape of a consent record. */
export function presentConsent(row: ConsentRecordRow): z.infer<typeof consentView> {
  return { ...row, createdAt: isoDate(row.createdAt)! };
}

/** /api/v1/contacts/:id/consents: a contact's consent history and recording a grant or withdrawal. */
export function registerConsentRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/contacts/:id/consents', {
    config: { access: consentPolicy.list },
    schema: {
      tags,
      summary: 'Consent records of a contact, newest first (the newest per purpose holds)',
      params,
      response: { 200: z.object({ items: z.array(consentView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await listContactConsents(ctx.db, actorOf(req).principal.workspaceId, req.params.id)).map(presentConsent) }),
  });

  app.post('/api/v1/contacts/:id/consents', {
    config: { access: consentPolicy.record },
    schema: {
      tags,
      summary: 'Record a consent grant or withdrawal for a purpose (proactive, marketing, survey)',
      params,
      body: consentBody,
      response: { 201: consentView, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(presentConsent(await recordConsent(ctx, actorOf(req), req.params.id, req.body))),
  });
}
