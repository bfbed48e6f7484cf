import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RateLimiter } from '../channels/widget/rate-limit.ts';
import type { AppContext } from '../context.ts';
import { appError } from '../lib/errors.ts';
import type { KefuApp } from '../lib/http.ts';
import { queueSignInMail } from '../flows/ticket-notify.ts';
import { addCustomerReply, changeTicket, getTicket } from '../modules/tickets/index.ts';
import { createSignInLink, endPortalSession, isSignInLinkValid, redeemSignInLink, redeemTicketLink } from '../modules/portal-access/index.ts';
import { readAttachment } from '../storage/attachments.ts';
import { sendNotFound } from './respond.ts';
import { loadHelpCenter, publicOrigin, type Loaded } from './site.ts';
import { actionsOn, publicFileIds, sendPrivate, ticketOfCustomer, ticketPageData, ticketsOfCustomer, type Customer } from './ticket-access.ts';
import { registerTicketFormRoutes } from './ticket-form-routes.ts';
import {
  renderCheckInbox,
  renderConfirmSignIn,
  renderLinkInvalid,
  renderSignIn,
  renderTicket,
  renderTicketList,
  ticketPath,
  ticketsUrl,
} from './ticket-pages.ts';
import { checkCsrf, clearSessionCookie, csrfToken, customerOf, readCookie, SESSION_COOKIE, setSessionCookie } from './ticket-session.ts';
import { registerTicketAssetRoutes } from './ticket-assets.ts';

/** Sign-in links per address and per visitor: a few, then one every few minutes. */
const LINK_PER_EMAIL = { burst: 3, perMinute: 0.2 };
const LINK_PER_IP = { burst: 10, perMinute: 2 };
const REPLY_LIMIT = { burst: 20, perMinute: 10 };

const slug = z.string().min(1).max(64);
const lang = z.object({ lang: z.string().max(10).optional() });
const ws = z.object({ workspace: slug });
const wsToken = ws.extend({ token: z.string().max(100) });
const wsNumber = ws.extend({ number: z.string().max(40) });
const csrfBody = z.object({ _csrf: z.string().max(100).optional() });

/**
 * The customer's side of tickets on the help center, at /help/<slug>/tickets:
 * sign in by emailed link, "My tickets", a ticket's progress with replies
 * and reopen, and (in ticket-form-routes) submitting a new one.
 */
export function registerTicketPortalRoutes(app: KefuApp, ctx: AppContext, deps: { version: string; limiter: RateLimiter }): void {
  void app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    // Ticket forms carry long descriptions: a larger form body than the help center's vote forms.
    scoped.removeContentTypeParser('application/x-www-form-urlencoded');
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    const load = (req: Parameters<typeof loadHelpCenter>[1], workspace: string, l?: string) => loadHelpCenter(ctx, req, workspace, l, deps.version);
    registerTicketAssetRoutes(scoped);
    registerAccountRoutes(scoped, ctx, deps, load);
    registerTicketPageRoutes(scoped, ctx, deps, load);
    registerTicketFormRoutes(scoped, ctx, deps, load);
  });
}

type Load = (req: Parameters<typeof loadHelpCenter>[1], workspace: string, lang?: string) => Promise<Loaded | undefined>;

function registerAccountRoutes(scoped: KefuApp, ctx: AppContext, deps: { limiter: RateLimiter }, load: Load): void {
  scoped.get('/help/:workspace/tickets', {
    config: { access: 'public' },
    schema: { hide: true, params: ws, querystring: lang },
    handler: async (req, reply) => {
      const loaded = await load(req, req.params.workspace, req.query.lang);
      if (!loaded) return sendNotFound(reply, loaded);
      const csrf = csrfToken(req, reply, loaded.site.slug);
      const customer = await customerOf(ctx, req, loaded.workspace.id);
      if (!customer || customer.session.ticketId) return sendPrivate(reply, 200, renderSignIn(loaded.site, csrf));
      const tickets = await ticketsOfCustomer(ctx, loaded.workspace.id, customer);
      return sendPrivate(reply, 200, renderTicketList(loaded.site, csrf, customer.contact, tickets, loaded.workspace.timezone));
    },
  });

  scoped.post('/help/:workspace/tickets/sign-in', {
    config: { access: 'public' },
    schema: { hide: true, params: ws, querystring: lang, body: csrfBody.extend({ email: z.string().trim().max(254) }) },
    handler: async (req, reply) => {
      checkCsrf(req, req.body._csrf);
      const loaded = await load(req, req.params.workspace, req.query.lang);
      if (!loaded) return sendNotFound(reply, loaded);
      const email = req.body.email.toLowerCase();
      if (!z.email().safeParse(email).success)
        throw appError('validation_failed', [{ in: 'body', path: ['email'], message: 'not an email address' }]);
      const key = `${loaded.workspace.id}:${email}`;
      if (!deps.limiter.take(`ticket-link-ip:${req.ip}`, LINK_PER_IP) || !deps.limiter.take(`ticket-link:${key}`, LINK_PER_EMAIL))
        throw appError('rate_limited');
      const link = await createSignInLink(ctx.db, loaded.workspace.id, email);
      if (link) {
        const origin = publicOrigin(ctx, req);
        await queueSignInMail(ctx, {
          kind: 'sign_in',
          workspaceId: loaded.workspace.id,
          to: email,
          token: link.token,
          origin,
          locale: loaded.site.locale,
        });
      }
      // The same answer whether or not the address is a customer's.
      return sendPrivate(reply, 200, renderCheckInbox(loaded.site, email));
    },
  });

  // Opening the mailed link asks for one click: mail scanners that fetch links must not spend a single-use link.
  scoped.get('/help/:workspace/tickets/sign-in/:token', {
    config: { access: 'public' },
    schema: { hide: true, params: wsToken, querystring: lang },
    handler: async (req, reply) => {
      const loaded = await load(req, req.params.workspace, req.query.lang);
      if (!loaded) return sendNotFound(reply, loaded);
      if (!(await isSignInLinkValid(ctx.db, loaded.workspace.id, req.params.token))) return sendPrivate(reply, 400, renderLinkInvalid(loaded.site));
      return sendPrivate(reply, 200, renderConfirmSignIn(loaded.site, csrfToken(req, reply, loaded.site.slug), req.params.token));
    },
  });

  scoped.post('/help/:workspace/tickets/sign-in/:token', {
    config: { access: 'public' },
    schema: { hide: true, params: wsToken, querystring: lang, body: csrfBody },
    handler: async (req, reply) => {
      checkCsrf(req, req.body._csrf);
      const loaded = await load(req, req.params.workspace, req.query.lang);
      if (!loaded) return sendNotFound(reply, loaded);
      const session = await redeemSignInLink(ctx.db, loaded.workspace.id, req.params.token);
      if (!session) return sendPrivate(reply, 400, renderLinkInvalid(loaded.site));
      setSessionCookie(req, reply, loaded.site.slug, session.token, session.maxAgeSeconds);
      return reply.code(303).header('cache-control', 'no-store').header('location', ticketsUrl(loaded.site)).send();
    },
  });

  scoped.get('/help/:workspace/tickets/access/:token', {
    config: { access: 'public' },
    schema: { hide: true, params: wsToken, querystring: lang },
    handler: async (req, reply) => {
      const loaded = await load(req, req.params.workspace, req.query.lang);
      if (!loaded) return sendNotFound(reply, loaded);
      const granted = await redeemTicketLink(ctx.db, loaded.workspace.id, req.params.token);
      if (!granted) return sendPrivate(reply, 400, renderLinkInvalid(loaded.site));
      const signedIn = await customerOf(ctx, req, loaded.workspace.id);
      // Someone fully signed in as the same customer keeps their wider session.
      if (!signedIn || signedIn.session.ticketId || signedIn.contact.id !== granted.contactId)
        setSessionCookie(req, reply, loaded.site.slug, granted.token, granted.maxAgeSeconds);
      const ticket = await getTicket(ctx.db, loaded.workspace.id, granted.ticketId);
      return reply
        .code(303)
        .header('cache-control', 'no-store')
        .header('location', ticketsUrl(loaded.site, ticketPath(ticket)))
        .send();
    },
  });

  scoped.post('/help/:workspace/tickets/sign-out', {
    config: { access: 'public' },
    schema: { hide: true, params: ws, querystring: lang, body: csrfBody },
    handler: async (req, reply) => {
      checkCsrf(req, req.body._csrf);
      const loaded = await load(req, req.params.workspace, req.query.lang);
      if (!loaded) return sendNotFound(reply, loaded);
      await endPortalSession(ctx.db, loaded.workspace.id, readCookie(req, SESSION_COOKIE));
      clearSessionCookie(req, reply, loaded.site.slug);
      return reply.code(303).header('location', ticketsUrl(loaded.site)).send();
    },
  });
}

/** The signed-in customer and their ticket with this number, or a 404 page (also for someone else's ticket). */
async function customerTicket(ctx: AppContext, req: Parameters<typeof loadHelpCenter>[1], loaded: Loaded, number: string) {
  const customer: Customer | null = await customerOf(ctx, req, loaded.workspace.id);
  const ticket = customer ? await ticketOfCustomer(ctx, loaded.workspace.id, customer, number) : undefined;
  return customer && ticket ? { customer, ticket } : null;
}

function registerTicketPageRoutes(scoped: KefuApp, ctx: AppContext, deps: { limiter: RateLimiter }, load: Load): void {
  scoped.get('/help/:workspace/tickets/:number', {
    config: { access: 'public' },
    schema: { hide: true, params: wsNumber, querystring: lang },
    handler: async (req, reply) => {
      const loaded = await load(req, req.params.workspace, req.query.lang);
      if (!loaded) return sendNotFound(reply, loaded);
      const found = await customerTicket(ctx, req, loaded, req.params.number);
      if (!found) return sendPrivate(reply, 404, renderSignIn(loaded.site, csrfToken(req, reply, loaded.site.slug)));
      const csrf = csrfToken(req, reply, loaded.site.slug);
      return sendPrivate(reply, 200, renderTicket(loaded.site, csrf, await ticketPageData(ctx, loaded, found.ticket)));
    },
  });

  scoped.get('/help/:workspace/tickets/:number/files/:id', {
    config: { access: 'public' },
    schema: { hide: true, params: wsNumber.extend({ id: z.string().max(64) }) },
    handler: async (req, reply) => {
      const loaded = await load(req, req.params.workspace);
      if (!loaded) return sendNotFound(reply, loaded);
      const found = await customerTicket(ctx, req, loaded, req.params.number);
      // Only files the customer can see on this ticket: its own, and those on public replies.
      if (!found || !(await publicFileIds(ctx, loaded.workspace.id, found.ticket)).has(req.params.id)) throw appError('not_found');
      const file = await readAttachment(ctx, loaded.workspace.id, req.params.id);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file.data);
    },
  });

  scoped.post('/help/:workspace/tickets/:number/replies', {
    config: { access: 'public' },
    schema: { hide: true, params: wsNumber, querystring: lang, body: csrfBody.extend({ body: z.string().trim().min(1).max(20_000) }) },
    handler: async (req, reply) => {
      checkCsrf(req, req.body._csrf);
      if (!deps.limiter.take(`ticket-reply:${req.ip}`, REPLY_LIMIT)) throw appError('rate_limited');
      const loaded = await load(req, req.params.workspace, req.query.lang);
      if (!loaded) return sendNotFound(reply, loaded);
      const found = await customerTicket(ctx, req, loaded, req.params.number);
      if (!found) throw appError('not_found');
      const actions = await actionsOn(ctx, loaded.workspace.id, found.ticket);
      if (found.ticket.status === 'resolved' && !actions.reply) throw appError('ticket_reopen_expired');
      await addCustomerReply(ctx, loaded.workspace.id, found.customer.contact.id, found.ticket.id, { body: req.body.body });
      return reply
        .code(303)
        .header('location', ticketsUrl(loaded.site, ticketPath(found.ticket)))
        .send();
    },
  });

  scoped.post('/help/:workspace/tickets/:number/reopen', {
    config: { access: 'public' },
    schema: { hide: true, params: wsNumber, querystring: lang, body: csrfBody },
    handler: async (req, reply) => {
      checkCsrf(req, req.body._csrf);
      const loaded = await load(req, req.params.workspace, req.query.lang);
      if (!loaded) return sendNotFound(reply, loaded);
      const found = await customerTicket(ctx, req, loaded, req.params.number);
      if (!found) throw appError('not_found');
      const actions = await actionsOn(ctx, loaded.workspace.id, found.ticket);
      if (found.ticket.status === 'closed') throw appError('ticket_closed');
      if (actions.reopen === 'expired') throw appError('ticket_reopen_expired');
      if (actions.reopen === 'allowed')
        await changeTicket(ctx, loaded.workspace.id, { type: 'contact', id: found.customer.contact.id }, found.ticket.id, { status: 'reopened' });
      return reply
        .code(303)
        .header('location', ticketsUrl(loaded.site, ticketPath(found.ticket)))
        .send();
    },
  });
}
