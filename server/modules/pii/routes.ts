import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { piiKinds } from './detect.ts';
import { piiPolicy } from './policy.ts';
import {
  getPrivacySettings,
  revealableContactFields,
  revealContactField,
  revealMessage,
  revealTicket,
  revealTicketActivity,
  savePrivacySettings,
} from './service.ts';
import { privacySettingsSchema } from './settings.ts';

const tags = ['privacy'];
const kind = z.enum(piiKinds);
const revealedValues = z.array(z.object({ kind, value: z.string(), label: z.string().optional() }));

/** /api/v1/privacy: what is detected and masked where, and the audited reveal of one message or contact field. */
export function registerPrivacyRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/privacy/settings', {
    config: { access: piiPolicy.settings },
    schema: {
      tags,
      summary: 'Detected kinds, custom patterns and the masking policy per surface and role',
      response: { 200: privacySettingsSchema, ...errorResponses },
    },
    handler: async (req) => getPrivacySettings(ctx.db, actorOf(req).principal.workspaceId),
  });

  app.put('/api/v1/privacy/settings', {
    config: { access: piiPolicy.settings },
    schema: {
      tags,
      summary: 'Replace the privacy settings (a custom pattern that is not a safe regular expression: 400 pii_pattern_invalid)',
      body: privacySettingsSchema,
      response: { 200: privacySettingsSchema, ...errorResponses },
    },
    handler: async (req) => savePrivacySettings(ctx, actorOf(req), req.body),
  });

  app.post('/api/v1/privacy/reveal/messages/:id', {
    config: { access: piiPolicy.reveal },
    schema: {
      tags,
      summary: 'One message in clear with the values found in it; writes an audit row (who, which message, which kinds — never the values)',
      params: z.object({ id: idSchema('message') }),
      response: {
        200: z.object({
          content: z.string(),
          kinds: z.array(kind),
          values: revealedValues,
        }),
        ...errorResponses,
      },
    },
    handler: async (req) => revealMessage(ctx, actorOf(req), req.params.id),
  });

  app.post('/api/v1/privacy/reveal/contacts/:id', {
    config: { access: piiPolicy.reveal },
    schema: {
      tags,
      summary: "One contact field (email or phone) in clear; audited like a message's reveal",
      params: z.object({ id: idSchema('contact') }),
      body: z.object({ field: z.enum(revealableContactFields) }),
      response: { 200: z.object({ field: z.enum(revealableContactFields), value: z.string().nullable(), kinds: z.array(kind) }), ...errorResponses },
    },
    handler: async (req) => revealContactField(ctx, actorOf(req), req.params.id, req.body.field),
  });

  app.post('/api/v1/privacy/reveal/tickets/:id', {
    config: { access: piiPolicy.reveal },
    schema: {
      tags,
      summary: "A ticket's subject and description in clear with the values found in them; audited like a message's reveal",
      params: z.object({ id: idSchema('ticket') }),
      response: { 200: z.object({ subject: z.string(), description: z.string(), kinds: z.array(kind), values: revealedValues }), ...errorResponses },
    },
    handler: async (req) => revealTicket(ctx, actorOf(req), req.params.id),
  });

  app.post('/api/v1/privacy/reveal/ticket-activities/:id', {
    config: { access: piiPolicy.reveal },
    schema: {
      tags,
      summary: "One line of a ticket's history (a public reply or an internal note) in clear; audited like a message's reveal",
      params: z.object({ id: idSchema('ticketActivity') }),
      response: { 200: z.object({ body: z.string(), kinds: z.array(kind), values: revealedValues }), ...errorResponses },
    },
    handler: async (req) => revealTicketActivity(ctx, actorOf(req), req.params.id),
  });
}
