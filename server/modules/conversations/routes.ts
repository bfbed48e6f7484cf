import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { getContact } from '../contacts/index.ts';
import { conversationListQuery, listConversations } from './manage-service.ts';
import { registerMentionRoutes } from './mentions-routes.ts';
import { conversationsPolicy } from './policy.ts';
import {
  conversationListItemView,
  conversationView,
  messageView,
  presentConversation,
  presentConversationListItem,
  presentStaffMessage,
} from './present.ts';
import { contactTimeline, getConversation, listMessages } from './service.ts';
import { messageSearchQuery, searchConversationMessages } from './search-service.ts';

const tags = ['conversations'];
const params = z.object({ id: idSchema('conversation') }).strict();

export function registerConversationRoutes(app: KefuApp, ctx: AppContext): void {
  registerMentionRoutes(app, ctx);
  app.get('/api/v1/conversations', {
    config: { access: conversationsPolicy.list },
    schema: {
      tags,
      summary:
        'Conversations, most recently active first, each with its contact and last message; filter by status, inbox, assignee (`none` = unassigned), contact, team or label',
      querystring: conversationListQuery,
      response: { 200: z.object({ items: z.array(conversationListItemView), nextCursor: z.string().nullable() }), ...errorResponses },
    },
    handler: async (req) => {
      const page = await listConversations(ctx, actorOf(req).principal.workspaceId, req.query);
      return { items: page.items.map(presentConversationListItem), nextCursor: page.nextCursor };
    },
  });

  app.get('/api/v1/messages/search', {
    config: { access: conversationsPolicy.list },
    schema: {
      tags,
      summary: 'Search messages (all words of `q`, zh and en), newest first, with their conversations; filter by status or inbox',
      querystring: messageSearchQuery,
      response: {
        200: z.object({ items: z.array(z.object({ message: messageView, conversation: conversationView })), nextCursor: z.string().nullable() }),
        ...errorResponses,
      },
    },
    handler: async (req) => {
      const page = await searchConversationMessages(ctx, actorOf(req).principal.workspaceId, req.query);
      return {
        items: page.items.map((hit) => ({ message: presentStaffMessage(hit.message), conversation: presentConversation(hit.conversation) })),
        nextCursor: page.nextCursor,
      };
    },
  });

  app.get('/api/v1/conversations/:id', {
    config: { access: conversationsPolicy.read },
    schema: { tags, summary: 'One conversation', params, response: { 200: conversationView, ...errorResponses } },
    handler: async (req) => presentConversation(await getConversation(ctx.db, actorOf(req).principal.workspaceId, req.params.id)),
  });

  app.get('/api/v1/conversations/:id/messages', {
    config: { access: conversationsPolicy.read },
    schema: {
      tags,
      summary: 'Messages in order; `afterSeq` pages forward (resume), `beforeSeq` back',
      params,
      querystring: z
        .object({
          afterSeq: z.coerce.number().int().min(0).optional(),
          beforeSeq: z.coerce.number().int().min(1).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        })
        .strict(),
      response: { 200: z.object({ items: z.array(messageView) }), ...errorResponses },
    },
    handler: async (req) => {
      const rows = await listMessages(ctx.db, actorOf(req).principal.workspaceId, req.params.id, { ...req.query, includeNotes: true });
      return { items: rows.map(presentStaffMessage) };
    },
  });

  app.get('/api/v1/contacts/:id/timeline', {
    config: { access: conversationsPolicy.timeline },
    schema: {
      tags: ['contacts'],
      summary: 'Every message of a contact across all channels, oldest first (last 200)',
      params: z.object({ id: idSchema('contact') }).strict(),
      response: { 200: z.object({ items: z.array(messageView) }), ...errorResponses },
    },
    handler: async (req) => {
      const { workspaceId } = actorOf(req).principal;
      await getContact(ctx.db, workspaceId, req.params.id); // 404 for a contact that is not this workspace's
      return { items: (await contactTimeline(ctx.db, workspaceId, req.params.id)).map(presentStaffMessage) };
    },
  });
}
