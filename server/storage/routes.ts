import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../lib/http.ts';
import { idSchema } from '../lib/ids.ts';
import { MAX_ATTACHMENT_BYTES, readAttachment, saveAttachment } from './attachments.ts';
import { acceptRawUploads, attachmentView, uploadedFile } from './upload.ts';

/**
 * Staff upload a file (then name its id in `attachmentIds` of a reply or
 * note) and download any file of their workspace. The raw-body parser lives
 * in its own scope so no other route accepts 20 MB bodies.
 */
export function registerAttachmentRoutes(app: KefuApp, ctx: AppContext): void {
  void app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    acceptRawUploads(scoped, MAX_ATTACHMENT_BYTES);
    scoped.post('/api/v1/attachments', {
      config: { access: 'messages.send' },
      bodyLimit: MAX_ATTACHMENT_BYTES,
      schema: {
        tags: ['conversations'],
        summary:
          'Upload a file (raw body, `Content-Type: application/octet-stream`, `x-filename` URL-encoded, `x-file-type`); then name its id in `attachmentIds` of a reply',
        response: { 201: attachmentView, ...errorResponses },
      },
      handler: async (req, reply) => {
        const saved = await saveAttachment(ctx, actorOf(req).principal.workspaceId, uploadedFile(req));
        return reply.code(201).send(saved);
      },
    });
  });

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
