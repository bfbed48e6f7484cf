import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { receiveMessage } from '../../flows/receive-message.ts';
import { appError } from '../../lib/errors.ts';
import { errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { advanceOutgoingUpTo, getConversation, messageView, presentMessage, type ConversationRow } from '../../modules/conversations/index.ts';
import { registerSignedRoutes, type SignedInbox } from '../shared-webhooks/index.ts';
import type { InboundMessage } from '../types.ts';
import { waitForReplies } from './poll.ts';

const tags = ['channel: api'];
const attributeValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

export const apiMessageBody = z
  .object({
    userId: z.string().trim().min(1).max(200).describe("The customer's id in your app"),
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(254).optional(),
    phone: z.string().max(40).optional(),
    clientMessageId: z.string().min(1).max(200).describe('Your id for this message: sending it again stores nothing new'),
    content: z
      .string()
      .min(1)
      .max(4000)
      .refine((s) => s.trim().length > 0, 'must not be blank'),
    attributes: z
      .record(z.string().min(1).max(64), attributeValue)
      .refine((r) => Object.keys(r).length <= 50, 'at most 50 attributes')
      .optional()
      .describe('Facts for the agent (order number, app version…), kept on the message'),
  })
  .strict();

const inboxParams = z.object({ inboxId: idSchema('inbox') }).strict();
const conversationParams = z.object({ inboxId: idSchema('inbox'), conversationId: idSchema('conversation') }).strict();
const accepted = z.object({ messageId: z.string(), conversationId: z.string(), seq: z.number() });

/** Identities of app users are scoped to the inbox, so two apps' user "42" stay two people. */
export const appIdentity = (inboxId: string, userId: string) => `${inboxId}:${userId}`;

function toInbound(inbox: SignedInbox<'api'>, body: z.infer<typeof apiMessageBody>): InboundMessage {
  return {
    identity: { kind: 'app', value: appIdentity(inbox.id, body.userId) },
    profile: { name: body.name ?? null, email: body.email ?? null, phone: body.phone ?? null },
    message: {
      sourceId: `app:${body.clientMessageId}`,
      content: body.content,
      contentAttributes: body.attributes ? { attributes: body.attributes } : {},
    },
  };
}

async function conversationOf(ctx: AppContext, inbox: SignedInbox<'api'>, id: string): Promise<ConversationRow> {
  const conversation = await getConversation(ctx.db, inbox.workspaceId, id);
  if (conversation.inboxId !== inbox.id) throw appError('not_found');
  return conversation;
}

/** The API channel's public endpoints, signed with the inbox's `webhookSecret` (docs/channels/api.md). */
export function registerApiRoutes(app: KefuApp, ctx: AppContext): void {
  const waiting = new Set<AbortController>();
  let closing = false;
  registerSignedRoutes(app, ctx, { channel: 'api', secretOf: (s) => s.webhookSecret }, (scope, inboxOf) => {
    // Shutdown should not wait out pending long-polls: they answer with what they have.
    scope.addHook('preClose', async () => {
      closing = true;
      waiting.forEach((c) => c.abort());
    });

    scope.post('/channels/api/:inboxId/messages', {
      bodyLimit: 64 * 1024,
      config: { access: 'public' },
      schema: {
        tags,
        security: [], // signed with the inbox secret (X-Kefu-Signature), not a bearer token
        summary: "A customer's message from your app (201 stored, 200 already stored under this clientMessageId)",
        params: inboxParams,
        body: apiMessageBody,
        response: { 200: accepted, 201: accepted, ...errorResponses },
      },
      handler: async (req, reply) => {
        const stored = await receiveMessage(ctx, inboxOf(req), toInbound(inboxOf(req), req.body));
        return reply
          .code(stored.created ? 201 : 200)
          .send({ messageId: stored.message.id, conversationId: stored.conversation.id, seq: stored.message.seq });
      },
    });

    scope.get('/channels/api/:inboxId/conversations/:conversationId/messages', {
      config: { access: 'public' },
      schema: {
        tags,
        security: [], // signed with the inbox secret (X-Kefu-Signature), not a bearer token
        summary: 'Replies after `afterSeq`; with `wait` (seconds, ≤ 30) holds the request until one exists (long-poll)',
        params: conversationParams,
        querystring: z
          .object({ afterSeq: z.coerce.number().int().min(0).default(0), wait: z.coerce.number().int().min(0).max(30).default(0) })
          .strict(),
        response: { 200: z.object({ items: z.array(messageView), nextAfterSeq: z.number() }), ...errorResponses },
      },
      handler: async (req, reply) => {
        const conversation = await conversationOf(ctx, inboxOf(req), req.params.conversationId);
        const controller = new AbortController();
        waiting.add(controller);
        reply.raw.once('close', () => controller.abort());
        try {
          const replies = await waitForReplies(ctx, conversation, req.query.afterSeq, req.query.wait, controller.signal);
          // Answered during shutdown: the connection must not linger as keep-alive and hold the server open.
          if (closing) reply.header('connection', 'close');
          return { items: replies.items.map(presentMessage), nextAfterSeq: replies.nextAfterSeq };
        } finally {
          waiting.delete(controller);
        }
      },
    });

    scope.post('/channels/api/:inboxId/conversations/:conversationId/read', {
      config: { access: 'public' },
      schema: {
        tags,
        security: [], // signed with the inbox secret (X-Kefu-Signature), not a bearer token
        summary: 'The customer has read every reply up to `seq`',
        params: conversationParams,
        body: z.object({ seq: z.number().int().min(1) }).strict(),
        response: { 200: z.object({ updated: z.number() }), ...errorResponses },
      },
      handler: async (req) => {
        const conversation = await conversationOf(ctx, inboxOf(req), req.params.conversationId);
        const rows = await advanceOutgoingUpTo(ctx.db, conversation.workspaceId, conversation.id, req.body.seq, 'read');
        for (const message of rows) ctx.bus.emit('message.updated', { workspaceId: conversation.workspaceId, message });
        return { updated: rows.length };
      },
    });
  });
}
