import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { knowledgePolicy } from './policy.ts';
import { diffView, faqView, presentDiff, presentFaq, presentVersion, presentVersionDetail, versionDetailView, versionView } from './present.ts';
import { createTranslation, listTranslations, translationCreate } from './translation-service.ts';
import { diffFaqVersions, getFaqVersion, listFaqVersions, rollbackFaq } from './version-service.ts';

const tags = ['knowledge'];
const params = z.object({ id: idSchema('faq') }).strict();
const versionNumber = z.coerce.number().int().min(1).max(1_000_000);

/** A FAQ item's history (versions, diff, rollback) and its translations. */
export function registerVersionRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/knowledge/faqs/:id/versions', {
    config: { access: knowledgePolicy.history },
    schema: {
      tags,
      summary: 'A FAQ item’s versions, newest first: who changed what, when',
      params,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: { 200: z.object({ items: z.array(versionView) }), ...errorResponses },
    },
    handler: async (req) => ({
      items: (await listFaqVersions(ctx.db, actorOf(req).principal.workspaceId, req.params.id, req.query.limit)).map(presentVersion),
    }),
  });

  app.get('/api/v1/knowledge/faqs/:id/versions/:version', {
    config: { access: knowledgePolicy.history },
    schema: {
      tags,
      summary: 'One version of a FAQ item, with the item as it was',
      params: params.extend({ version: versionNumber }),
      response: { 200: versionDetailView, ...errorResponses },
    },
    handler: async (req) => presentVersionDetail(await getFaqVersion(ctx.db, actorOf(req).principal.workspaceId, req.params.id, req.params.version)),
  });

  app.get('/api/v1/knowledge/faqs/:id/diff', {
    config: { access: knowledgePolicy.history },
    schema: {
      tags,
      summary:
        'What changed between two versions, field by field (texts word by word; Chinese character by character); default: the latest against the one before',
      params,
      querystring: z.object({ from: versionNumber.optional(), to: versionNumber.optional() }),
      response: { 200: diffView, ...errorResponses },
    },
    handler: async (req) => presentDiff(await diffFaqVersions(ctx.db, actorOf(req).principal.workspaceId, req.params.id, req.query)),
  });

  app.post('/api/v1/knowledge/faqs/:id/rollback', {
    config: { access: knowledgePolicy.rollback },
    schema: {
      tags,
      summary: 'Make an earlier version current again (recorded as a new version; audited); the bot retrains in the background',
      params,
      body: z
        .object({ version: versionNumber, expectedVersion: z.number().int().min(1).optional(), note: z.string().trim().max(200).optional() })
        .strict(),
      response: { 200: faqView, ...errorResponses },
    },
    handler: async (req) => presentFaq(await rollbackFaq(ctx, actorOf(req), req.params.id, req.body)),
  });

  app.get('/api/v1/knowledge/faqs/:id/translations', {
    config: { access: knowledgePolicy.translations },
    schema: {
      tags,
      summary: 'The item in the other locales (same key)',
      params,
      response: { 200: z.object({ items: z.array(faqView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await listTranslations(ctx.db, actorOf(req).principal.workspaceId, req.params.id)).map(presentFaq) }),
  });

  app.post('/api/v1/knowledge/faqs/:id/translations', {
    config: { access: knowledgePolicy.translate },
    schema: {
      tags,
      summary: 'Add the item’s missing translation (a draft unless told otherwise; untranslated fields are copied)',
      params,
      body: translationCreate,
      response: { 201: faqView, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(presentFaq(await createTranslation(ctx, actorOf(req), req.params.id, req.body))),
  });
}
