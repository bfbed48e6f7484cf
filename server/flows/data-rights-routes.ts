import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { appError } from '../lib/errors.ts';
import { actorOf, errorResponses, isoDate, type KefuApp } from '../lib/http.ts';
import { idSchema } from '../lib/ids.ts';
import { withdrawByCustomer } from '../modules/consent/index.ts';
import { findSurveyContact } from '../modules/feedback/index.ts';
import { privacyPolicy, type ContactExportRow } from '../modules/retention/index.ts';
import { eraseBody, eraseContact } from './contact-erase.ts';
import { downloadContactExport, listContactExports, requestContactExport } from './contact-export.ts';
import { applyRetention } from './retention-run.ts';

const tags = ['data rights'];
const params = z.object({ id: idSchema('contact') }).strict();

const exportView = z.object({
  id: z.string(),
  contactId: z.string(),
  status: z.string(),
  size: z.number().nullable(),
  counts: z.record(z.string(), z.number()),
  error: z.string().nullable(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
});

function presentExport(row: ContactExportRow): z.infer<typeof exportView> {
  const { id, contactId, status, size, counts, error } = row;
  return { id, contactId, status, size, counts, error, expiresAt: isoDate(row.expiresAt), createdAt: isoDate(row.createdAt)! };
}

const countsView = z.record(z.string(), z.number());

/** Export and erase a contact, run retention, and the customer's unsubscribe (docs/data-rights.md). */
export function registerDataRightsRoutes(app: KefuApp, ctx: AppContext): void {
  app.post('/api/v1/contacts/:id/exports', {
    config: { access: privacyPolicy.export },
    schema: {
      tags,
      summary: 'Queue an export of everything held about the contact (a zip)',
      params,
      response: { 202: exportView, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(202).send(presentExport(await requestContactExport(ctx, actorOf(req), req.params.id))),
  });

  app.get('/api/v1/contacts/:id/exports', {
    config: { access: privacyPolicy.export },
    schema: {
      tags,
      summary: 'Exports of the contact with their status',
      params,
      response: { 200: z.object({ items: z.array(exportView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await listContactExports(ctx, actorOf(req).principal.workspaceId, req.params.id)).map(presentExport) }),
  });

  app.get('/api/v1/contacts/:id/exports/:exportId/download', {
    config: { access: privacyPolicy.export },
    schema: {
      tags,
      summary: 'Download a ready export (until it expires); audited',
      params: z.object({ id: idSchema('contact'), exportId: idSchema('contactExport') }).strict(),
    },
    handler: async (req, reply) => {
      const data = await downloadContactExport(ctx, actorOf(req), req.params.id, req.params.exportId);
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="kefu-export-${req.params.id}.zip"`)
        .header('cache-control', 'no-store')
        .send(data);
    },
  });

  app.post('/api/v1/contacts/:id/erase', {
    config: { access: privacyPolicy.erase },
    schema: {
      tags,
      summary: 'Erase the contact everywhere; `confirm` must be `ERASE <contact id>`. Returns the certificate written to the audit log',
      params,
      body: eraseBody,
      response: {
        200: z.object({ contactId: z.string(), contactIds: z.array(z.string()), counts: countsView, erasedAt: z.string(), note: z.string() }),
        ...errorResponses,
      },
    },
    handler: async (req) => eraseContact(ctx, actorOf(req), req.params.id, req.body.confirm),
  });

  app.post('/api/v1/retention/run', {
    config: { access: privacyPolicy.retention },
    schema: {
      tags,
      summary: 'Apply the retention settings now, or with `dryRun` count what would change',
      body: z.object({ dryRun: z.boolean().default(true) }).strict(),
      response: { 200: z.object({ dryRun: z.boolean(), counts: countsView }), ...errorResponses },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      const counts = await applyRetention(ctx, actor.principal.workspaceId, { dryRun: req.body.dryRun, actor });
      return { dryRun: req.body.dryRun, counts: { ...counts } };
    },
  });

  app.post('/api/v1/public/surveys/:token/unsubscribe', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'The customer withdraws consent to surveys (the link in survey messages)',
      params: z.object({ token: z.string().min(1).max(64) }).strict(),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      const found = await findSurveyContact(ctx.db, req.params.token);
      if (!found) throw appError('survey_not_found');
      await withdrawByCustomer(ctx, found.workspaceId, found.contactId, 'survey', 'unsubscribe_link');
      return reply.code(204).send(null);
    },
  });
}
