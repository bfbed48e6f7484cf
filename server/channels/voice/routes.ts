import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { receiveMessage } from '../../flows/receive-message.ts';
import { appError } from '../../lib/errors.ts';
import { errorResponses, type KefuApp } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import { normalizePhone } from '../../modules/contacts/index.ts';
import { registerSignedRoutes, type SignedInbox } from '../shared-webhooks/index.ts';
import type { InboundMessage } from '../types.ts';
import { callDurationSec, transcriptText } from './transcript.ts';

const tags = ['channel: voice'];
const params = z.object({ inboxId: idSchema('inbox') }).strict();
const timestamp = z.iso.datetime({ offset: true });
const ms = z.number().int().min(0).max(86_400_000);

const segment = z
  .object({ speaker: z.enum(['customer', 'agent', 'ivr']), text: z.string().max(4000), startMs: ms.optional(), endMs: ms.optional() })
  .strict();

export const voiceCallBody = z
  .object({
    callId: z.string().trim().min(1).max(200),
    from: z.string().min(1).max(40),
    to: z.string().max(40).optional(),
    startedAt: timestamp,
    endedAt: timestamp.optional(),
    direction: z
      .enum(['inbound', 'outbound'])
      .describe('inbound: the customer called (`from` is theirs); outbound: the business called (`to` is theirs)'),
    transcript: z.array(segment).min(1).max(2000),
    summary: z.string().max(4000).optional(),
    recordingUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
  })
  .strict()
  .superRefine((call, issues) => {
    if (call.endedAt && Date.parse(call.endedAt) < Date.parse(call.startedAt))
      issues.addIssue({ code: 'custom', path: ['endedAt'], message: 'must not be before startedAt' });
    if (call.direction === 'outbound' && !call.to)
      issues.addIssue({ code: 'custom', path: ['to'], message: "is the customer's number on an outbound call" });
    if (!call.transcript.some((s) => s.text.trim())) issues.addIssue({ code: 'custom', path: ['transcript'], message: 'must hold some text' });
  });

const accepted = z.object({ messageId: z.string(), conversationId: z.string() });

function toInbound(inbox: SignedInbox<'voice'>, call: z.infer<typeof voiceCallBody>): InboundMessage {
  const customerNumber = call.direction === 'inbound' ? call.from : call.to!;
  const phone = normalizePhone(customerNumber);
  if (!phone)
    throw appError('validation_failed', [{ in: 'body', path: [call.direction === 'inbound' ? 'from' : 'to'], message: 'must be a phone number' }]);
  return {
    identity: { kind: 'phone', value: phone },
    profile: { phone },
    message: {
      sourceId: `call:${call.callId}`,
      content: transcriptText(call.transcript, inbox.settings.transcriptLocale ?? 'zh-CN'),
      contentAttributes: {
        kind: 'voice_transcript',
        callId: call.callId,
        direction: call.direction,
        from: call.from,
        to: call.to ?? null,
        startedAt: call.startedAt,
        endedAt: call.endedAt ?? null,
        durationSec: callDurationSec(call.startedAt, call.endedAt, call.transcript),
        segments: call.transcript,
        summary: call.summary ?? null,
        recordingUrl: call.recordingUrl ?? null,
      },
    },
  };
}

/** The call platform's transcript uploads, signed with the inbox's `inboundSecret` (docs/channels/voice.md). */
export function registerVoiceRoutes(app: KefuApp, ctx: AppContext): void {
  registerSignedRoutes(app, ctx, { channel: 'voice', secretOf: (s) => s.inboundSecret }, (scope, inboxOf) => {
    scope.post('/channels/voice/:inboxId/calls', {
      config: { access: 'public' },
      schema: {
        tags,
        security: [], // signed with the inbox secret (X-Kefu-Signature), not a bearer token
        summary: "A finished call's transcript, stored as one message from the customer (201 stored, 200 already stored under this callId)",
        params,
        body: voiceCallBody,
        response: { 200: accepted, 201: accepted, ...errorResponses },
      },
      handler: async (req, reply) => {
        const stored = await receiveMessage(ctx, inboxOf(req), toInbound(inboxOf(req), req.body));
        return reply.code(stored.created ? 201 : 200).send({ messageId: stored.message.id, conversationId: stored.conversation.id });
      },
    });
  });
}
