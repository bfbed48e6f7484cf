import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { actorOf, type KefuApp } from '../lib/http.ts';
import { idSchema } from '../lib/ids.ts';
import { readAttachment } from './attachments.ts';

export function registerAttachmentRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/attachments/:id', {
    config: { access: 'conversations.read' },
    schema: { tags: ['conversations'], summary: 'Download an attachment', params: z.object({ id: idSchema('attachment') }).strict() },
    handler: async (req, reply) => {
      const file = await readAttachment(ctx, actorOf(req).principal.workspaceId, req.params.id);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .send(file.data);
    },
  });
}
