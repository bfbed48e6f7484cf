import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import { errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { teamNamesOf } from '../../modules/portal-access/index.ts';
import { dispatchedTeamsOf } from '../../modules/tickets/index.ts';
import { readAttachment } from '../../storage/attachments.ts';
import type { RateLimiter } from './rate-limit.ts';
import { inboxParams, tags, visitorRequest } from './route-helpers.ts';
import type { WidgetInbox } from './service.ts';
import { presentVisitorActivity, presentVisitorTicket, ticketFormView, visitorActivityView, visitorTicketView } from './ticket-present.ts';
import {
  assertTicketsOn,
  listVisitorTickets,
  replyOnVisitorTicket,
  submitVisitorTicket,
  ticketForm,
  visitorTicketDetail,
  widgetReplyBody,
  widgetTicketBody,
} from './ticket-service.ts';

const ticketParams = inboxParams.extend({ ticketId: idSchema('ticket') }).strict();
const auth = 'Visitor token as `Authorization: Bearer`; rate-limited per visitor like messages';

/**
 * Tickets in the widget: the category-guided form, filing a ticket, the
 * visitor's own tickets with their public progress, and replying. Every
 * call carries the visitor token and takes from the visitor's rate bucket;
 * a visitor only ever sees the tickets of the contact they are.
 */
export function registerWidgetTicketRoutes(scoped: KefuApp, ctx: AppContext, limiter: RateLimiter): void {
  /** The widget inbox and visitor of the request, with tickets on and a token left in the bucket. */
  const visitor = async (req: FastifyRequest, inboxId: string): Promise<{ widget: WidgetInbox; visitorId: string }> => {
    const found = await visitorRequest(ctx, req, inboxId);
    assertTicketsOn(found.widget);
    if (!limiter.take(`${found.widget.inbox.id}:${found.visitorId}`, found.widget.settings.rateLimit)) throw appError('rate_limited');
    return found;
  };

  scoped.get('/channels/widget/:inboxId/ticket-form', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: `The ticket form: live categories (zh/en names) and customer fields. ${auth}`,
      params: inboxParams,
      response: { 200: ticketFormView, ...errorResponses },
    },
    handler: async (req) => {
      const { widget } = await visitor(req, req.params.inboxId);
      return ticketForm(ctx, widget);
    },
  });

  scoped.post('/channels/widget/:inboxId/tickets', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: `File a ticket (category, description, attachments uploaded first, customer fields). ${auth}`,
      params: inboxParams,
      body: widgetTicketBody,
      response: { 201: visitorTicketView, 200: visitorTicketView, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { widget, visitorId } = await visitor(req, req.params.inboxId);
      const { ticket, created } = await submitVisitorTicket(ctx, widget, visitorId, req.body);
      const teams = await teamNamesOf(ctx.db, widget.inbox.workspaceId, ticket.teamId ? [ticket.teamId] : []);
      return reply.code(created ? 201 : 200).send(presentVisitorTicket(ticket, teams));
    },
  });

  scoped.get('/channels/widget/:inboxId/tickets', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: `My tickets: the visitor's contact's tickets, most recently updated first. ${auth}`,
      params: inboxParams,
      response: { 200: z.object({ items: z.array(visitorTicketView) }), ...errorResponses },
    },
    handler: async (req) => {
      const { widget, visitorId } = await visitor(req, req.params.inboxId);
      const tickets = await listVisitorTickets(ctx, widget, visitorId);
      const teams = await teamNamesOf(ctx.db, widget.inbox.workspaceId, [...new Set(tickets.flatMap((t) => (t.teamId ? [t.teamId] : [])))]);
      return { items: tickets.map((t) => presentVisitorTicket(t, teams)) };
    },
  });

  scoped.get('/channels/widget/:inboxId/tickets/:ticketId', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: `One of my tickets with its public progress and replies. ${auth}`,
      params: ticketParams,
      response: { 200: z.object({ ticket: visitorTicketView, activities: z.array(visitorActivityView) }), ...errorResponses },
    },
    handler: async (req) => {
      const { widget, visitorId } = await visitor(req, req.params.inboxId);
      const detail = await visitorTicketDetail(ctx, widget, visitorId, req.params.ticketId);
      const teamIds = [...new Set([...dispatchedTeamsOf(detail.activities), ...(detail.ticket.teamId ? [detail.ticket.teamId] : [])])];
      const teams = await teamNamesOf(ctx.db, widget.inbox.workspaceId, teamIds);
      return { ticket: presentVisitorTicket(detail.ticket, teams), activities: detail.activities.map((a) => presentVisitorActivity(a, teams)) };
    },
  });

  scoped.get('/channels/widget/:inboxId/tickets/:ticketId/attachments/:attachmentId', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: `Download a file of my ticket (its own or one in a public reply). ${auth}`,
      params: ticketParams.extend({ attachmentId: idSchema('attachment') }).strict(),
    },
    handler: async (req, reply) => {
      const { widget, visitorId } = await visitor(req, req.params.inboxId);
      const detail = await visitorTicketDetail(ctx, widget, visitorId, req.params.ticketId);
      const files = [...detail.ticket.attachments, ...detail.activities.flatMap((a) => a.attachments)];
      if (!files.some((f) => f.id === req.params.attachmentId)) throw appError('not_found');
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

  scoped.post('/channels/widget/:inboxId/tickets/:ticketId/replies', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: `Reply on my ticket (a resolved one reopens; a closed one answers ticket_closed). ${auth}`,
      params: ticketParams,
      body: widgetReplyBody,
      response: { 201: visitorActivityView, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { widget, visitorId } = await visitor(req, req.params.inboxId);
      return reply.code(201).send(presentVisitorActivity(await replyOnVisitorTicket(ctx, widget, visitorId, req.params.ticketId, req.body)));
    },
  });
}
