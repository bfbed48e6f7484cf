import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { conversationsPolicy } from './policy.ts';
import { listMyMentions, mentionListQuery, mentionReadBody, mentionView, readMyMentions, unreadView } from './mentions-service.ts';

const tags = ['conversations'];

/** The caller's @mentions in private notes: the console's "Mentions" list and badge. */
export function registerMentionRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/mentions', {
    config: { access: conversationsPolicy.mentions },
    schema: {
      tags,
      summary: 'Notes that @mentioned me, newest first (`unread=true`: only unread), with the unread count; people only',
      querystring: mentionListQuery,
      response: { 200: z.object({ items: z.array(mentionView), nextCursor: z.string().nullable(), unread: unreadView }), ...errorResponses },
    },
    handler: async (req) => listMyMentions(ctx, actorOf(req), req.query),
  });

  app.post('/api/v1/mentions/read', {
    config: { access: conversationsPolicy.mentions },
    schema: {
      tags,
      summary: 'Mark my mentions read: those in `conversationId`, or all; answers what is still unread',
      body: mentionReadBody,
      response: { 200: z.object({ unread: unreadView }), ...errorResponses },
    },
    handler: async (req) => readMyMentions(ctx, actorOf(req), req.body),
  });
}
