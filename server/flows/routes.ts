import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../lib/http.ts';
import { idSchema } from '../lib/ids.ts';
import { contactsPolicy, contactView, presentContact } from '../modules/contacts/index.ts';
import {
  conversationPatch,
  conversationsPolicy,
  conversationView,
  messageView,
  presentConversation,
  presentMessage,
} from '../modules/conversations/index.ts';
import { presentTicket, ticketsPolicy, ticketView } from '../modules/tickets/index.ts';
import { changeConversation, mergeContacts, replyBody, replyToConversation } from './conversation-actions.ts';
import { createTicketFromConversation, ticketFromConversationBody } from './ticket-from-conversation.ts';
import { registerDataRightsRoutes } from './data-rights-routes.ts';

/**
 * Endpoints whose work spans modules; each handler calls one flow. (Modules
 * cannot import flows, so these routes live beside them.)
 */
export function registerFlowRoutes(app: KefuApp, ctx: AppContext): void {
  registerDataRightsRoutes(app, ctx);
  const conversationParams = z.object({ id: idSchema('conversation') }).strict();

  app.post('/api/v1/conversations/:id/messages', {
    config: { access: conversationsPolicy.reply },
    schema: {
      tags: ['conversations'],
      summary: 'Reply to the customer (sent on the conversation’s channel) or add a private note',
      params: conversationParams,
      body: replyBody,
      response: { 201: messageView, 200: messageView, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { message, created } = await replyToConversation(ctx, actorOf(req), req.params.id, req.body);
      return reply.code(created ? 201 : 200).send(presentMessage(message));
    },
  });

  app.patch('/api/v1/conversations/:id', {
    config: { access: conversationsPolicy.update },
    schema: {
      tags: ['conversations'],
      summary: 'Change status, assignee, priority, labels or snooze (status `bot` hands it back to the bot)',
      params: conversationParams,
      body: conversationPatch,
      response: { 200: conversationView, ...errorResponses },
    },
    handler: async (req) => presentConversation(await changeConversation(ctx, actorOf(req), req.params.id, req.body)),
  });

  app.post('/api/v1/conversations/:id/tickets', {
    config: { access: ticketsPolicy.create },
    schema: {
      tags: ['tickets'],
      summary: 'Create a ticket from the conversation, pre-filled (requester, subject, handoff summary and transcript, priority, team) and linked',
      params: conversationParams,
      body: ticketFromConversationBody.nullish(),
      response: { 201: ticketView, ...errorResponses },
    },
    handler: async (req, reply) =>
      reply.code(201).send(presentTicket(await createTicketFromConversation(ctx, actorOf(req), req.params.id, req.body ?? {}))),
  });

  app.post('/api/v1/contacts/:id/merge', {
    config: { access: contactsPolicy.merge },
    schema: {
      tags: ['contacts'],
      summary: 'Merge another contact into this one (identities, conversations, profile); audited',
      params: z.object({ id: idSchema('contact') }).strict(),
      body: z.object({ contactId: idSchema('contact') }).strict(),
      response: { 200: contactView, ...errorResponses },
    },
    handler: async (req) => presentContact(await mergeContacts(ctx, actorOf(req), req.params.id, req.body.contactId)),
  });
}
