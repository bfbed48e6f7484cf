import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RateLimiter } from '../channels/widget/rate-limit.ts';
import type { AppContext } from '../context.ts';
import { submitPortalTicket } from '../flows/portal-ticket.ts';
import { AppError, appError } from '../lib/errors.ts';
import { errorResponses, type KefuApp } from '../lib/http.ts';
import { listCategories, listFields } from '../modules/tickets/index.ts';
import { getAttachmentRefs, saveAttachment } from '../storage/attachments.ts';
import { acceptRawUploads, attachmentView, uploadedFile } from '../storage/upload.ts';
import { sendNotFound } from './respond.ts';
import type { loadHelpCenter, Loaded } from './site.ts';
import { sendPrivate } from './ticket-access.ts';
import { renderNewTicket, type FormField, type FormValues, type NewTicketForm } from './ticket-form-page.ts';
import { renderCreated, ticketsUrl } from './ticket-pages.ts';
import { checkCsrf, csrfToken, customerOf } from './ticket-session.ts';

type Load = (req: Parameters<typeof loadHelpCenter>[1], workspace: string, lang?: string) => Promise<Loaded | undefined>;

const SUBMIT_LIMIT = { burst: 5, perMinute: 2 };
const UPLOAD_LIMIT = { burst: 20, perMinute: 10 };
/** Customers attach pictures and PDFs (a photo of the damage, an invoice). */
const CUSTOMER_FILE = /^(image\/(png|jpeg|gif|webp)|application\/pdf)$/;
const UPLOAD_BYTES = 20 * 1024 * 1024;

const ws = z.object({ workspace: z.string().min(1).max(64) });
const categoryQuery = z.object({
  lang: z.string().max(10).optional(),
  c1: z.string().max(64).optional(),
  c2: z.string().max(64).optional(),
  c3: z.string().max(64).optional(),
});
const ticketForm = z
  .object({
    _csrf: z.string().max(100).optional(),
    email: z.string().trim().max(254).default(''),
    name: z.string().trim().max(200).default(''),
    subject: z.string().trim().min(1).max(200),
    description: z.string().trim().max(20_000).default(''),
    categoryId: z.string().max(64).optional(),
    confirmed: z.literal('1').optional(),
    attachmentIds: z
      .string()
      .max(2000)
      .default('')
      .transform((s) => s.split(',').filter(Boolean))
      .pipe(z.array(z.string().regex(/^att_[0-9a-z]{26}$/)).max(10)),
  })
  .catchall(z.string().max(2000));

/** Category levels from the chosen ids, each checked to be a child of the one above. */
async function categoryLevels(ctx: AppContext, workspaceId: string, chosen: (string | undefined)[]) {
  const all = (await listCategories(ctx.db, workspaceId)).filter((c) => !c.archived).sort((a, b) => a.position - b.position);
  const levels: NewTicketForm['levels'] = [];
  let parent: string | null = null;
  for (let level = 1; level <= 3; level++) {
    const options = all.filter((c) => c.level === level && c.parentId === parent);
    const pick: string | null = options.find((c) => c.id === chosen[level - 1])?.id ?? null;
    levels.push({ options, chosen: pick });
    if (!pick) break;
    parent = pick;
  }
  return { levels, categoryId: [...levels].reverse().find((l) => l.chosen)?.chosen ?? null };
}

/** The chosen ids from the top level down to `categoryId` (to show a posted category in the pickers again). */
async function chainOf(ctx: AppContext, workspaceId: string, categoryId: string | null): Promise<string[]> {
  const byId = new Map((await listCategories(ctx.db, workspaceId)).map((c) => [c.id, c]));
  const chain: string[] = [];
  for (let c = categoryId ? byId.get(categoryId) : undefined; c && chain.length < 3; c = c.parentId ? byId.get(c.parentId) : undefined)
    chain.unshift(c.id);
  return chain;
}

/** The customer's fields: only `customerVisible` ones, labelled in the page's language. */
async function customerFields(ctx: AppContext, loaded: Loaded): Promise<FormField[]> {
  const rows = (await listFields(ctx.db, loaded.workspace.id)).filter((f) => f.customerVisible).sort((a, b) => a.position - b.position);
  return rows.map((f) => ({
    key: f.key,
    label: loaded.site.locale === 'en' && f.labelEn ? f.labelEn : f.label,
    type: f.type,
    options: f.options,
    required: f.required,
  }));
}

/** Form strings → typed custom field values (unknown keys and empty values dropped). */
function fieldValues(fields: FormField[], body: Record<string, unknown>): { raw: Record<string, string>; typed: Record<string, unknown> } {
  const raw: Record<string, string> = {};
  const typed: Record<string, unknown> = {};
  for (const f of fields) {
    const value = body[`field.${f.key}`];
    if (typeof value !== 'string' || value.trim() === '') continue;
    raw[f.key] = value;
    typed[f.key] = f.type === 'number' ? Number(value) : f.type === 'checkbox' ? value === 'true' : value.trim();
  }
  return { raw, typed };
}

const emptyValues = (): FormValues => ({ subject: '', description: '', email: '', name: '', fields: {}, attachmentIds: [] });

/** GET/POST /help/<slug>/tickets/new and the file upload the form's script uses. */
export function registerTicketFormRoutes(scoped: KefuApp, ctx: AppContext, deps: { limiter: RateLimiter }, load: Load): void {
  const formPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    parts: Partial<NewTicketForm> & { categoryId: string | null },
  ) => {
    const customer = await customerOf(ctx, req, loaded.workspace.id);
    const chosen = parts.levels ?? (await categoryLevels(ctx, loaded.workspace.id, await chainOf(ctx, loaded.workspace.id, parts.categoryId))).levels;
    const form: NewTicketForm = {
      csrf: csrfToken(req, reply, loaded.site.slug),
      signedInEmail: customer && !customer.session.ticketId ? (customer.contact.email ?? '') : null,
      levels: chosen,
      fields: await customerFields(ctx, loaded),
      values: emptyValues(),
      deflection: [],
      ...parts,
    };
    return renderNewTicket(loaded.site, form);
  };

  scoped.get('/help/:workspace/tickets/new', {
    config: { access: 'public' },
    schema: { hide: true, params: ws, querystring: categoryQuery },
    handler: async (req, reply) => {
      const loaded = await load(req, req.params.workspace, req.query.lang);
      if (!loaded) return sendNotFound(reply, loaded);
      const picked = await categoryLevels(ctx, loaded.workspace.id, [req.query.c1, req.query.c2, req.query.c3]);
      return sendPrivate(reply, 200, await formPage(req, reply, loaded, picked));
    },
  });

  scoped.post('/help/:workspace/tickets/new', {
    config: { access: 'public' },
    schema: { hide: true, params: ws, querystring: z.object({ lang: z.string().max(10).optional() }), body: ticketForm },
    handler: async (req, reply) => {
      checkCsrf(req, req.body._csrf);
      const loaded = await load(req, req.params.workspace, req.query.lang);
      if (!loaded) return sendNotFound(reply, loaded);
      const body = req.body;
      const fields = await customerFields(ctx, loaded);
      const { raw, typed } = fieldValues(fields, body);
      const values: FormValues = {
        subject: body.subject,
        description: body.description,
        email: body.email,
        name: body.name,
        fields: raw,
        attachmentIds: body.attachmentIds,
      };
      const categoryId = body.categoryId || null;
      const page = (parts: Partial<NewTicketForm>) => formPage(req, reply, loaded, { categoryId, values, ...parts });
      if (!body.confirmed) {
        const deflection = loaded.catalog.search(body.subject, loaded.site.locale, 3);
        if (deflection.length > 0) return sendPrivate(reply, 200, await page({ deflection }));
      }
      if (!deps.limiter.take(`ticket-submit:${req.ip}`, SUBMIT_LIMIT)) throw appError('rate_limited');
      const customer = await customerOf(ctx, req, loaded.workspace.id);
      const contactId = customer && !customer.session.ticketId ? customer.contact.id : null;
      try {
        const { ticket, accessToken } = await submitPortalTicket(ctx, loaded.workspace.id, {
          contactId,
          email: body.email,
          name: body.name,
          locale: loaded.site.locale,
          subject: body.subject,
          description: body.description,
          categoryId,
          customFields: typed,
          attachments: await getAttachmentRefs(ctx, loaded.workspace.id, body.attachmentIds),
        });
        const accessUrl = `${loaded.site.origin}${ticketsUrl(loaded.site, `/access/${accessToken}`)}`;
        return sendPrivate(reply, 201, renderCreated(loaded.site, ticket, accessUrl));
      } catch (err) {
        // A malformed field or an unknown category: the form comes back with what was typed.
        if (!(err instanceof AppError) || (err.code !== 'validation_failed' && err.code !== 'not_found')) throw err;
        const problems = (err.details as { path?: unknown[]; message: string }[] | undefined) ?? [];
        const error = problems.map((p) => `${(p.path ?? []).join('.')}: ${p.message}`).join('; ') || err.message;
        return sendPrivate(reply, 400, await page({ error }));
      }
    },
  });

  void scoped.register(async (plugin) => {
    const uploads = plugin.withTypeProvider<ZodTypeProvider>();
    acceptRawUploads(uploads, UPLOAD_BYTES);
    uploads.post('/help/:workspace/tickets/uploads', {
      config: { access: 'public' },
      schema: {
        tags: ['help center tickets'],
        summary: 'Upload a picture or PDF for a help center ticket form (raw body, x-filename, x-file-type, x-csrf-token); public',
        params: ws,
        response: { 201: attachmentView, 429: errorResponses[400], ...errorResponses },
      },
      handler: async (req, reply) => {
        checkCsrf(req, typeof req.headers['x-csrf-token'] === 'string' ? req.headers['x-csrf-token'] : undefined);
        if (!deps.limiter.take(`ticket-upload:${req.ip}`, UPLOAD_LIMIT)) throw appError('rate_limited');
        const loaded = await load(req, req.params.workspace);
        if (!loaded) throw appError('not_found');
        const file = uploadedFile(req);
        if (!CUSTOMER_FILE.test(file.contentType.toLowerCase()))
          throw appError('validation_failed', [{ in: 'headers', path: ['x-file-type'], message: 'pictures (PNG, JPEG, GIF, WebP) or PDF only' }]);
        return reply.code(201).send(await saveAttachment(ctx, loaded.workspace.id, file));
      },
    });
  });
}
