import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { appError } from '../lib/errors.ts';
import type { KefuApp } from '../lib/http.ts';

/**
 * Kefu's upload convention, the same for visitors and staff: the file is the
 * raw request body (`Content-Type: application/octet-stream`), its name is
 * URL-encoded in `x-filename` and its type in `x-file-type` — no multipart
 * parser, and the size limit is the body limit.
 */
const uploadHeaders = z.object({ 'x-filename': z.string().min(1).max(600), 'x-file-type': z.string().min(3).max(100) });

export const attachmentView = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number() });

/** Accept raw bodies of up to `maxBytes` in this (encapsulated) scope. */
export function acceptRawUploads(scoped: KefuApp, maxBytes: number): void {
  scoped.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) => done(null, body));
}

/** The file in a raw upload: body bytes, name and type; `validation_failed` when a header or the body is missing. */
export function uploadedFile(req: FastifyRequest): { filename: string; contentType: string; data: Buffer } {
  const headers = uploadHeaders.safeParse(req.headers);
  const hint = 'send the file as application/octet-stream with x-filename (URL-encoded) and x-file-type';
  if (!headers.success || !Buffer.isBuffer(req.body)) throw appError('validation_failed', [{ in: 'headers', path: ['x-filename'], message: hint }]);
  try {
    return { filename: decodeURIComponent(headers.data['x-filename']), contentType: headers.data['x-file-type'], data: req.body };
  } catch {
    throw appError('validation_failed', [{ in: 'headers', path: ['x-filename'], message: hint }]);
  }
}
