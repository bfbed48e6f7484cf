import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { receiveMessage } from '../../flows/receive-message.ts';
import { appError } from '../../lib/errors.ts';
import { errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { normalizePhone } from '../../modules/contacts/index.ts';
import { advanceMessageStatus, findMessageBySource } from '../../modules/conversations/index.ts';
import { registerSignedRoutes, type SignedInbox } from '../shared-webhooks/index.ts';
import type { InboundMessage } from '../types.ts';

const tags = ['channel: sms'];
const params = z.object({ inboxId: idSchema('inbox') }).strict();
const providerMessageId = z.string().trim().min(1).max(200);

export const smsInboundBody = z
  .object({
    from: z.string().min(1).max(40),
    to: z.string().max(40).optional(),
    text: z
      .string()
      .min(1)
      .max(4000)
      .refine((s) => s.trim().length > 0, 'must not be blank'),
    providerMessageId,
    receivedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const smsStatusBody = z.object({ providerMessageId, status: z.enum(['delivered', 'failed']), error: z.string().max(500).optional() }).strict();

function toInbound(body: z.infer<typeof smsInboundBody>): InboundMessage {
  const phone = normalizePhone(body.from);
  if (!phone) throw appError('validation_failed', [{ in: 'body', path: ['from'], message: 'must be a phone number' }]);
  return {
    identity: { kind: 'phone', value: phone },
    profile: { phone },
    message: {
      sourceId: body.providerMessageId,
      content: body.text,
      contentAttributes: { sms: { from: phone, to: body.to ?? null, receivedAt: body.receivedAt ?? null } },
    },
  };
}

async function recordReceipt(ctx: AppContext, inbox: SignedInbox<'sms'>, receipt: z.infer<typeof smsStatusBody>) {
  const message = await findMessageBySource(ctx.db, inbox.workspaceId, inbox.id, receipt.providerMessageId);
  // Unknown yet (the receipt overtook the send's answer) or not a reply: 404, so the gateway retries.
  if (!message || message.type !== 'outgoing') throw appError('not_found');
  const error = receipt.status === 'failed' ? (receipt.error ?? 'the SMS gateway reported a failure') : undefined;
  const updated = await advanceMessageStatus(ctx.db, inbox.workspaceId, message.id, receipt.status, error ? { error } : {});
  if (updated) ctx.bus.emit('message.updated', { workspaceId: inbox.workspaceId, message: updated });
  return { messageId: message.id, status: (updated ?? message).status };
}

/** The SMS gateway's calls into Kefu, signed with the inbox's `inboundSecret` (docs/channels/sms.md). */
export function registerSmsRoutes(app: KefuApp, ctx: AppContext): void {
  registerSignedRoutes(app, ctx, { channel: 'sms', secretOf: (s) => s.inboundSecret }, (scope, inboxOf) => {
    scope.post('/channels/sms/:inboxId/inbound', {
      bodyLimit: 32 * 1024,
      config: { access: 'public' },
      schema: {
        tags,
        security: [], // signed with the inbox secret (X-Kefu-Signature), not a bearer token
        summary: 'A text message from a customer (201 stored, 200 already stored under this providerMessageId)',
        params,
        body: smsInboundBody,
        response: {
          200: z.object({ messageId: z.string(), conversationId: z.string() }),
          201: z.object({ messageId: z.string(), conversationId: z.string() }),
          ...errorResponses,
        },
      },
      handler: async (req, reply) => {
        const stored = await receiveMessage(ctx, inboxOf(req), toInbound(req.body));
        return reply.code(stored.created ? 201 : 200).send({ messageId: stored.message.id, conversationId: stored.conversation.id });
      },
    });

    scope.post('/channels/sms/:inboxId/status', {
      bodyLimit: 16 * 1024,
      config: { access: 'public' },
      schema: {
        tags,
        security: [], // signed with the inbox secret (X-Kefu-Signature), not a bearer token
        summary: 'A delivery receipt for a reply, by the providerMessageId the gateway returned when sending it',
        params,
        body: smsStatusBody,
        response: { 200: z.object({ messageId: z.string(), status: z.string() }), ...errorResponses },
      },
      handler: async (req) => recordReceipt(ctx, inboxOf(req), req.body),
    });
  });
}
