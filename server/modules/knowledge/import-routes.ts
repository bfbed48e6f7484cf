import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { articleExportQuery, exportArticles } from './article-export.ts';
import { exportFaqs, exportQuery } from './export-service.ts';
import { MAX_IMPORT_BYTES, type UploadedFile } from './import-file.ts';
import { importFields } from './import-columns.ts';
import { commitImport, previewImport } from './import-service.ts';
import { importPolicy } from './import-policy.ts';
import { knowledgeLocales } from './schema.ts';

const tags = ['knowledge'];
const uploadHeaders = z.object({ 'x-filename': z.string().min(1).max(600), 'x-file-type': z.string().max(200).optional() });
const importQuery = z.object({ locale: z.enum(knowledgeLocales).optional().describe('The locale of rows whose locale cell is empty') }).strict();
const UPLOAD =
  'Raw body (`Content-Type: application/octet-stream`, `x-filename` URL-encoded, `x-file-type`): a CSV (UTF-8, UTF-16 or GBK) or XLSX file';

const cells = z.object(
  Object.fromEntries(importFields.map((f) => [f, z.string().optional()])) as Record<(typeof importFields)[number], z.ZodOptional<z.ZodString>>,
);
const rowError = z.object({ column: z.string().nullable(), header: z.string().nullable(), code: z.string(), message: z.string() });
const planView = z.object({
  filename: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string(),
  columns: z.record(z.string(), z.string()),
  ignoredColumns: z.array(z.string()),
});
const previewView = planView.extend({
  counts: z.object({ rows: z.number(), create: z.number(), update: z.number(), error: z.number() }),
  rows: z.array(
    z.object({
      row: z.number(),
      action: z.enum(['create', 'update', 'error']),
      existingId: z.string().nullable(),
      values: cells,
      errors: z.array(rowError),
    }),
  ),
});
const resultView = planView.extend({
  counts: z.object({ rows: z.number(), created: z.number(), updated: z.number(), skipped: z.number() }),
  items: z.array(z.object({ row: z.number(), id: z.string(), key: z.string(), locale: z.string() })),
  errors: z.array(z.object({ row: z.number(), values: cells, errors: z.array(rowError) })),
});

/** The file of a raw upload, as the console's `upload()` sends it. */
function uploadedFile(req: FastifyRequest): UploadedFile {
  const headers = uploadHeaders.safeParse(req.headers);
  const hint = 'send the file as application/octet-stream with x-filename (URL-encoded) and x-file-type';
  if (!headers.success || !Buffer.isBuffer(req.body)) throw appError('validation_failed', [{ in: 'headers', path: ['x-filename'], message: hint }]);
  try {
    return { filename: decodeURIComponent(headers.data['x-filename']), contentType: headers.data['x-file-type'] ?? '', data: req.body };
  } catch {
    throw appError('validation_failed', [{ in: 'headers', path: ['x-filename'], message: hint }]);
  }
}

/** FAQ import (preview, then commit the same file) and export as CSV/XLSX. */
export function registerImportRoutes(app: KefuApp, ctx: AppContext): void {
  void app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    scoped.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) =>
      done(null, body),
    );

    scoped.post('/api/v1/knowledge/imports/preview', {
      config: { access: importPolicy.import },
      bodyLimit: MAX_IMPORT_BYTES,
      schema: {
        tags,
        summary: `Preview a FAQ import: what each row would do, and its errors. ${UPLOAD}`,
        querystring: importQuery,
        response: { 200: previewView, ...errorResponses },
      },
      handler: async (req) => {
        const plan = await previewImport(ctx.db, actorOf(req).principal.workspaceId, uploadedFile(req), req.query.locale);
        return {
          ...plan,
          rows: plan.rows.map((r) => ({ row: r.row, action: r.action, existingId: r.existing?.id ?? null, values: r.values, errors: r.errors })),
        };
      },
    });

    scoped.post('/api/v1/knowledge/imports', {
      config: { access: importPolicy.import },
      bodyLimit: MAX_IMPORT_BYTES,
      schema: {
        tags,
        summary: `Import the good rows of a file (the one previewed) in one transaction; bad rows are skipped and listed. ${UPLOAD}`,
        querystring: importQuery,
        response: { 201: resultView, ...errorResponses },
      },
      handler: async (req, reply) => {
        const { rows, ...result } = await commitImport(ctx, actorOf(req), uploadedFile(req), req.query.locale);
        const errors = rows.filter((r) => r.action === 'error').map((r) => ({ row: r.row, values: r.values, errors: r.errors }));
        return reply.code(201).send({ ...result, errors });
      },
    });

    scoped.get('/api/v1/knowledge/exports/faqs', {
      config: { access: importPolicy.export },
      schema: { tags, summary: 'All FAQ items as CSV or XLSX, in the import format', querystring: exportQuery },
      handler: async (req, reply) => {
        const file = await exportFaqs(ctx.db, actorOf(req).principal.workspaceId, req.query);
        return reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .header('x-content-type-options', 'nosniff')
          .send(file.data);
      },
    });

    scoped.get('/api/v1/knowledge/exports/articles', {
      config: { access: importPolicy.export },
      schema: { tags, summary: 'Articles as a Markdown folder (zip), or the JSON body the folder import takes', querystring: articleExportQuery },
      handler: async (req, reply) => {
        const file = await exportArticles(ctx.db, actorOf(req).principal.workspaceId, req.query);
        return reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .header('x-content-type-options', 'nosniff')
          .send(file.data);
      },
    });
  });
}
