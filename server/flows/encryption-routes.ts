import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../lib/http.ts';
import { encryptionSettingsPatch, rotateDataKey, setEncryptMessages } from '../modules/encryption/index.ts';
import { encryptionStatus } from './encryption.ts';

const statusView = z.object({
  activeKeyId: z.string(),
  encryptMessages: z.boolean(),
  keys: z.array(
    z.object({ id: z.string(), status: z.enum(['active', 'retiring', 'retired']), createdAt: z.string(), retiredAt: z.string().nullable() }),
  ),
  rowsLeft: z.object({ contacts: z.number(), messages: z.number(), attachments: z.number() }),
});

/** Encryption at rest for admins (docs/encryption.md): status, data-key rotation, the message opt-in. */
export function registerEncryptionRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/encryption', {
    config: { access: 'workspace.manage' },
    schema: {
      tags: ['encryption'],
      summary: 'Data keys, message encryption setting and rows still to re-encrypt',
      response: { 200: statusView, ...errorResponses },
    },
    handler: async (req) => encryptionStatus(ctx, actorOf(req).principal.workspaceId),
  });

  app.post('/api/v1/encryption/rotate', {
    config: { access: 'workspace.manage' },
    schema: {
      tags: ['encryption'],
      summary: 'Make a new active data key; a background job re-encrypts older rows, then retires the old key (audited)',
      response: { 202: statusView, ...errorResponses },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      await rotateDataKey(ctx, actor);
      return reply.code(202).send(await encryptionStatus(ctx, actor.principal.workspaceId));
    },
  });

  app.patch('/api/v1/encryption/settings', {
    config: { access: 'workspace.manage' },
    schema: {
      tags: ['encryption'],
      summary: 'Turn message-content encryption on or off (on also encrypts older messages in the background; audited)',
      body: encryptionSettingsPatch,
      response: { 200: statusView, ...errorResponses },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      await setEncryptMessages(ctx, actor, req.body);
      return encryptionStatus(ctx, actor.principal.workspaceId);
    },
  });
}
