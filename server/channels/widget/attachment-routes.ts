import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import { errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { readAttachment } from '../../storage/attachments.ts';
import { acceptRawUploads, attachmentView, uploadedFile } from '../../storage/upload.ts';
import type { RateLimiter } from './rate-limit.ts';
import { visitorSeesAttachment } from './repo.ts';
import { inboxParams, tags, visitorRequest } from './route-helpers.ts';
import { findCurrentConversation, MAX_WIDGET_UPLOAD_BYTES, saveVisitorAttachment } from './service.ts';

/** Visitors upload files (then name them in a message frame) and download those of their conversation. */
export function registerAttachmentRoutes(scoped: KefuApp, ctx: AppContext, limiter: RateLimiter): void {
  acceptRawUploads(scoped, MAX_WIDGET_UPLOAD_BYTES);

  scoped.post('/channels/widget/:inboxId/attachments', {
    bodyLimit: MAX_WIDGET_UPLOAD_BYTES,
    schema: {
      tags,
      summary:
        'Upload a file (raw body, `Content-Type: application/octet-stream`, `x-filename` URL-encoded, `x-file-type`); then name its id in a message frame',
      params: inboxParams,
      response: { 201: attachmentView, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { widget, visitorId } = await visitorRequest(ctx, req, req.params.inboxId);
      const file = uploadedFile(req);
      if (!limiter.take(`${widget.inbox.id}:${visitorId}`, widget.settings.rateLimit)) throw appError('rate_limited');
      return reply.code(201).send(await saveVisitorAttachment(ctx, widget, file));
    },
  });

  scoped.get('/channels/widget/:inboxId/attachments/:attachmentId', {
    schema: {
      tags,
      summary: 'Download a file of the visitor’s conversation (visitor token as Bearer)',
      params: inboxParams.extend({ attachmentId: idSchema('attachment') }),
    },
    handler: async (req, reply) => {
      const { widget, visitorId } = await visitorRequest(ctx, req, req.params.inboxId);
      const current = await findCurrentConversation(ctx, widget, visitorId);
      const visible = current && (await visitorSeesAttachment(ctx.db, widget.inbox.workspaceId, current, req.params.attachmentId));
      if (!visible) throw appError('not_found');
      const file = await readAttachment(ctx, widget.inbox.workspaceId, req.params.attachmentId);
      const disposition = file.contentType.startsWith('image/') ? 'inline' : 'attachment';
      return reply
        .type(file.contentType)
        .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=3600')
        .send(file.data);
    },
  });
}
