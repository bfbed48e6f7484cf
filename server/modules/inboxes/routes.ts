import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { inboxesPolicy } from './policy.ts';
import type { InboxRow } from './schema.ts';
import { createInbox, getInbox, inboxCreate, inboxPatch, listInboxes, updateInbox } from './service.ts';
import { maskSettings } from './settings.ts';

const tags = ['inboxes'];
const params = z.object({ id: idSchema('inbox') }).strict();

export const inboxView = z.object({
  id: z.string(),
  channel: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  botEnabled: z.boolean(),
  settings: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

/** Secrets show as their last 4 characters, except in the response that created them. */
export function presentInbox(row: InboxRow, options: { revealSecrets?: boolean } = {}): z.infer<typeof inboxView> {
  return {
    id: row.id,
    channel: row.channel,
    name: row.name,
    enabled: row.enabled,
    botEnabled: row.botEnabled,
    settings: options.revealSecrets ? row.settings : maskSettings(row.settings),
    createdAt: row.createdAt.toISOString(),
  };
}

export function registerInboxRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/inboxes', {
    config: { access: inboxesPolicy.list },
    schema: {
      tags,
      summary: 'Inboxes (channel instances) of the workspace',
      response: { 200: z.object({ items: z.array(inboxView) }), ...errorResponses },
    },
    handler: async (req) => ({ items: (await listInboxes(ctx.db, actorOf(req).principal.workspaceId)).map((r) => presentInbox(r)) }),
  });

  app.get('/api/v1/inboxes/:id', {
    config: { access: inboxesPolicy.read },
    schema: { tags, summary: 'One inbox', params, response: { 200: inboxView, ...errorResponses } },
    handler: async (req) => presentInbox(await getInbox(ctx.db, actorOf(req).principal.workspaceId, req.params.id)),
  });

  app.post('/api/v1/inboxes', {
    config: { access: inboxesPolicy.create },
    schema: {
      tags,
      summary: 'Create an inbox; generated secrets are shown in this response only',
      body: inboxCreate,
      response: { 201: inboxView, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(presentInbox(await createInbox(ctx, actorOf(req), req.body), { revealSecrets: true })),
  });

  app.patch('/api/v1/inboxes/:id', {
    config: { access: inboxesPolicy.update },
    schema: { tags, summary: 'Rename, enable/disable or change settings', params, body: inboxPatch, response: { 200: inboxView, ...errorResponses } },
    handler: async (req) => presentInbox(await updateInbox(ctx, actorOf(req), req.params.id, req.body)),
  });
}
