import { z } from 'zod';
import { errorCatalogue, type ErrorCode } from '../../lib/errors.ts';
import { idSchema } from '../../lib/ids.ts';
import type { MessageView } from '../../modules/conversations/index.ts';

/** Frames larger than this get an error frame (the socket itself refuses 1 MiB). */
export const MAX_FRAME_BYTES = 64 * 1024;
export const MAX_TEXT_LENGTH = 4000;

const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const clientMessageId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 characters of A–Z, a–z, 0–9, _ or -');

/** Everything a widget may send, one JSON object per WebSocket frame. */
export const clientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), lastSeq: seq.default(0), conversationId: idSchema('conversation').optional() }).strict(),
  z
    .object({
      type: z.literal('message'),
      clientMessageId,
      content: z.string().max(MAX_TEXT_LENGTH),
      attachmentIds: z.array(idSchema('attachment')).max(5).default([]),
    })
    .strict(),
  z.object({ type: z.literal('typing'), typing: z.boolean() }).strict(),
  z.object({ type: z.literal('read'), seq }).strict(),
  z.object({ type: z.literal('delivered'), seq }).strict(),
  z.object({ type: z.literal('ping') }).strict(),
]);

export type ClientFrame = z.infer<typeof clientFrame>;

/** A message as the visitor sees it: no notes, no activity lines, nothing about agents but that they answered. */
export interface VisitorMessage {
  id: string;
  conversationId: string;
  seq: number;
  /** `incoming` = written by the visitor's side, `outgoing` = an answer. */
  type: 'incoming' | 'outgoing';
  sender: 'contact' | 'agent' | 'bot';
  content: string;
  attachments: { id: string; filename: string; contentType: string; size: number }[];
  status: string;
  createdAt: string;
  /** A satisfaction survey to answer in place (docs/feedback.md): its token, questions and texts. */
  survey?: Record<string, unknown>;
}

export type ServerFrame =
  | { type: 'ready'; conversationId: string | null; lastSeq: number }
  | { type: 'message'; message: VisitorMessage }
  | { type: 'ack'; clientMessageId: string; messageId: string; conversationId: string; seq: number }
  | { type: 'typing'; who: 'agent'; typing: boolean }
  | { type: 'status'; messageId: string; seq: number; status: string }
  | { type: 'error'; code: ErrorCode; message: string; clientMessageId?: string; details?: unknown }
  | { type: 'pong' };

/** The sourceId under which a visitor's message is stored: namespaced, so one visitor cannot claim another's ids. */
export const visitorSourcePrefix = (visitorId: string) => `wv:${visitorId}:`;

/** Whether the visitor sees this message at all. */
export function isVisibleToVisitor(message: Pick<MessageView, 'type'>): boolean {
  return message.type === 'incoming' || message.type === 'outgoing';
}

/**
 * The visitor-safe shape of a message: agents' ids, internal attributes and
 * delivery errors stay on the server.
 */
export function presentVisitorMessage(message: MessageView): VisitorMessage {
  return {
    id: message.id,
    conversationId: message.conversationId,
    seq: message.seq,
    type: message.type === 'incoming' ? 'incoming' : 'outgoing',
    sender: message.type === 'incoming' ? 'contact' : message.senderType === 'bot' ? 'bot' : 'agent',
    content: message.content,
    attachments: message.attachments.map(({ id, filename, contentType, size }) => ({ id, filename, contentType, size })),
    status: message.status,
    createdAt: message.createdAt,
    ...(isSurvey(message.contentAttributes.survey) ? { survey: message.contentAttributes.survey } : {}),
  };
}

const isSurvey = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && 'token' in value;

export function errorFrame(code: ErrorCode, extra: { clientMessageId?: string; details?: unknown } = {}): ServerFrame {
  return { type: 'error', code, message: errorCatalogue[code].message, ...extra };
}
