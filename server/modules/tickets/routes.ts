import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { getTicketDetail, listTickets, listTicketsOfConversation, ticketListQuery } from './list-service.ts';
import { ticketsPolicy } from './policy.ts';
import {
  activityView,
  presentActivity,
  presentListedTicket,
  presentTicket,
  presentTicketDetail,
  ticketDetailView,
  ticketListItemView,
  ticketView,
} from './present.ts';
import { linkBody, linkTickets, mergeTickets, splitBody, splitTicket, unlinkTickets } from './relations-service.ts';
import { addStaffActivity, changeTicket, createTicket, ticketCreate, ticketPatch, ticketReply, type TicketActor } from './service.ts';

const tags = ['tickets'];
const params = z.object({ id: idSchema('ticket') }).strict();

/** The staff member or API key behind a request, as the ticket history names them. */
export function ticketActorOf(req: FastifyRequest): TicketActor {
  const { principal } = actorOf(req);
  return { type: principal.kind === 'user' ? 'user' : 'api', id: principal.id };
}

/** /api/v1/tickets: list, create, read, change, reply and note, merge, split, link. */
export function registerTicketRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/tickets', {
    config: { access: ticketsPolicy.list },
    schema: {
      tags,
      summary: 'Tickets, most recently updated first, filtered and keyset-paginated',
      querystring: ticketListQuery,
      response: { 200: z.object({ items: z.array(ticketListItemView), nextCursor: z.string().nullable() }), ...errorResponses },
    },
    handler: async (req) => {
      const { principal } = actorOf(req);
      const page = await listTickets(ctx.db, principal.workspaceId, principal.id, req.query);
      return { items: page.items.map(presentListedTicket), nextCursor: page.nextCursor };
    },
  });

  app.get('/api/v1/conversations/:id/tickets', {
    config: { access: ticketsPolicy.list },
    schema: {
      tags,
      summary: 'Tickets linked to a conversation, newest first',
      params: z.object({ id: idSchema('conversation') }).strict(),
      response: { 200: z.object({ items: z.array(ticketView) }), ...errorResponses },
    },
    handler: async (req) => ({
      items: (await listTicketsOfConversation(ctx.db, actorOf(req).principal.workspaceId, req.params.id)).map(presentTicket),
    }),
  });

  app.post('/api/v1/tickets', {
    config: { access: ticketsPolicy.create },
    schema: {
      tags,
      summary: 'Create a ticket (dispatched by its category when no team is given)',
      body: ticketCreate,
      response: { 201: ticketView, ...errorResponses },
    },
    handler: async (req, reply) => {
      const by = ticketActorOf(req);
      const ticket = await createTicket(ctx, actorOf(req).principal.workspaceId, by, by.type === 'api' ? 'api' : 'agent', req.body);
      return reply.code(201).send(presentTicket(ticket));
    },
  });

  app.get('/api/v1/tickets/:id', {
    config: { access: ticketsPolicy.read },
    schema: {
      tags,
      summary: 'A ticket with its history, conversations and related tickets',
      params,
      response: { 200: ticketDetailView, ...errorResponses },
    },
    handler: async (req) => presentTicketDetail(await getTicketDetail(ctx.db, actorOf(req).principal.workspaceId, req.params.id)),
  });

  app.patch('/api/v1/tickets/:id', {
    config: { access: ticketsPolicy.update },
    schema: {
      tags,
      summary: 'Change fields; the history records before and after',
      params,
      body: ticketPatch,
      response: { 200: ticketView, ...errorResponses },
    },
    handler: async (req) =>
      presentTicket((await changeTicket(ctx, actorOf(req).principal.workspaceId, ticketActorOf(req), req.params.id, req.body)).ticket),
  });

  app.post('/api/v1/tickets/:id/activities', {
    config: { access: ticketsPolicy.reply },
    schema: {
      tags,
      summary: 'Reply to the customer (`reply`) or add an internal note (`note`), optionally setting the status',
      params,
      body: ticketReply,
      response: { 201: z.object({ activity: activityView, ticket: ticketView }), ...errorResponses },
    },
    handler: async (req, reply) => {
      const result = await addStaffActivity(ctx, actorOf(req).principal.workspaceId, ticketActorOf(req), req.params.id, req.body);
      return reply.code(201).send({ activity: presentActivity(result.activity), ticket: presentTicket(result.change.ticket) });
    },
  });

  app.post('/api/v1/tickets/:id/merge', {
    config: { access: ticketsPolicy.merge },
    schema: {
      tags,
      summary: 'Merge this ticket (a duplicate) into another; it is closed and its history moves over',
      params,
      body: z.object({ intoTicketId: idSchema('ticket') }).strict(),
      response: { 200: z.object({ source: ticketView, target: ticketView }), ...errorResponses },
    },
    handler: async (req) => {
      const r = await mergeTickets(ctx, actorOf(req).principal.workspaceId, ticketActorOf(req), req.params.id, req.body.intoTicketId);
      return { source: presentTicket(r.source), target: presentTicket(r.target) };
    },
  });

  app.post('/api/v1/tickets/:id/split', {
    config: { access: ticketsPolicy.split },
    schema: {
      tags,
      summary: 'Move some replies and notes into a new related ticket',
      params,
      body: splitBody,
      response: { 201: ticketView, ...errorResponses },
    },
    handler: async (req, reply) =>
      reply.code(201).send(presentTicket(await splitTicket(ctx, actorOf(req).principal.workspaceId, ticketActorOf(req), req.params.id, req.body))),
  });

  app.post('/api/v1/tickets/:id/links', {
    config: { access: ticketsPolicy.link },
    schema: {
      tags,
      summary: 'Link another ticket (related or duplicate)',
      params,
      body: linkBody,
      response: { 200: z.object({ created: z.boolean() }), ...errorResponses },
    },
    handler: async (req) => ({ created: await linkTickets(ctx, actorOf(req).principal.workspaceId, ticketActorOf(req), req.params.id, req.body) }),
  });

  app.delete('/api/v1/tickets/:id/links/:otherId', {
    config: { access: ticketsPolicy.link },
    schema: {
      tags,
      summary: 'Remove a link between two tickets',
      params: z.object({ id: idSchema('ticket'), otherId: idSchema('ticket') }).strict(),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await unlinkTickets(ctx, actorOf(req).principal.workspaceId, req.params.id, req.params.otherId);
      return reply.code(204).send(null);
    },
  });
}
