import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { readAttachment, saveAttachment } from '../../storage/attachments.ts';
import { articleUses } from './article-repo.ts';
import { knowledgePolicy } from './policy.ts';

/**
 * Images in articles are attachments uploaded here and linked from the
 * Markdown as `/api/v1/knowledge/images/<workspace id>/<attachment id>`.
 * That address is public only while a published article of the workspace
 * links to the image; editors see drafts' images through the signed-in route.
 */

/** Largest image an article may carry. */
export const MAX_ARTICLE_IMAGE_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPES = /^image\/(png|jpeg|gif|webp)$/;
const tags = ['knowledge'];
const uploadHeaders = z.object({ 'x-filename': z.string().min(1).max(600), 'x-file-type': z.string().min(3).max(100) });
const imageView = z.object({ id: z.string(), url: z.string(), markdown: z.string().describe('Paste into the article body') });

/** The public address of an article image. */
export const articleImagePath = (workspaceId: string, attachmentId: string) => `/api/v1/knowledge/images/${workspaceId}/${attachmentId}`;

function uploadedImage(req: FastifyRequest): { filename: string; contentType: string; data: Buffer } {
  const headers = uploadHeaders.safeParse(req.headers);
  const hint = 'send the image as application/octet-stream with x-filename (URL-encoded) and x-file-type (image/png, jpeg, gif or webp)';
  const fail = () => appError('validation_failed', [{ in: 'headers', path: ['x-file-type'], message: hint }]);
  if (!headers.success || !Buffer.isBuffer(req.body) || !IMAGE_TYPES.test(headers.data['x-file-type'].toLowerCase())) throw fail();
  try {
    return { filename: decodeURIComponent(headers.data['x-filename']), contentType: headers.data['x-file-type'].toLowerCase(), data: req.body };
  } catch {
    throw fail();
  }
}

function sendImage(reply: FastifyReply, file: { filename: string; contentType: string; data: Buffer }, cache: string) {
  return reply
    .type(file.contentType)
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', cache)
    .send(file.data);
}

/** Upload (knowledge.manage), read for editors (knowledge.read), and the public read for published articles' images. */
export function registerArticleImageRoutes(app: KefuApp, ctx: AppContext): void {
  void app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    scoped.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_ARTICLE_IMAGE_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    scoped.post('/api/v1/knowledge/images', {
      config: { access: knowledgePolicy.create },
      bodyLimit: MAX_ARTICLE_IMAGE_BYTES,
      schema: {
        tags,
        summary: 'Upload an article image (raw body, `Content-Type: application/octet-stream`, `x-filename` URL-encoded, `x-file-type`)',
        response: { 201: imageView, ...errorResponses },
      },
      handler: async (req, reply) => {
        const workspaceId = actorOf(req).principal.workspaceId;
        const file = uploadedImage(req);
        const saved = await saveAttachment(ctx, workspaceId, file);
        const url = articleImagePath(workspaceId, saved.id);
        const alt = saved.filename.replace(/\.[a-z0-9]+$/i, '').replace(/[[\]]/g, '');
        return reply.code(201).send({ id: saved.id, url, markdown: `![${alt}](${url})` });
      },
    });
  });

  app.get('/api/v1/knowledge/images/:attachmentId', {
    config: { access: knowledgePolicy.read },
    schema: {
      tags,
      summary: 'An article image for the console, drafts too: any uploaded image for editors, images articles link for readers',
      params: z.object({ attachmentId: idSchema('attachment') }).strict(),
    },
    handler: async (req, reply) => {
      const { principal } = actorOf(req);
      // Editors see images they just uploaded; readers only those an article links (never customers' files).
      const allowed = principal.permissions.has('knowledge.manage') || (await articleUses(ctx.db, principal.workspaceId, req.params.attachmentId));
      if (!allowed) throw appError('not_found');
      const file = await readAttachment(ctx, principal.workspaceId, req.params.attachmentId);
      if (!IMAGE_TYPES.test(file.contentType)) throw appError('not_found');
      return sendImage(reply, file, 'private, max-age=300');
    },
  });

  app.get('/api/v1/knowledge/images/:workspaceId/:attachmentId', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'An image of a published article (public; 404 once no published article links to it)',
      params: z.object({ workspaceId: idSchema('workspace'), attachmentId: idSchema('attachment') }).strict(),
    },
    handler: async (req, reply) => {
      const { workspaceId, attachmentId } = req.params;
      if (!(await articleUses(ctx.db, workspaceId, attachmentId, { published: true }))) throw appError('not_found');
      const file = await readAttachment(ctx, workspaceId, attachmentId);
      if (!IMAGE_TYPES.test(file.contentType)) throw appError('not_found');
      return sendImage(reply, file, 'public, max-age=300');
    },
  });
}
