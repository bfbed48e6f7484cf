import type { AppContext } from '../../context.ts';
import type { AttachmentRef } from '../../modules/conversations/index.ts';
import { channelSettings } from '../../modules/inboxes/index.ts';
import { readAttachment } from '../../storage/attachments.ts';
import { PermanentDeliveryError, type OutboundMessage, type SendResult } from '../types.ts';
import { sendCustomMessage, TOKEN_ERRORS, uploadMedia, wechatAccount, WechatApiError, type WechatAccount } from './api.ts';

/** Longest text of one customer-service message: 2048 bytes of UTF-8. */
export const MAX_TEXT_BYTES = 2048;

/**
 * Split text into parts of at most `maxBytes` UTF-8 bytes, never inside a
 * character, preferring to break after a line break in the second half of
 * a part.
 *
 * @example splitText('ab\ncd', 4) // ['ab\n', 'cd']
 */
export function splitText(text: string, maxBytes = MAX_TEXT_BYTES): string[] {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes && current) {
      const cut = current.lastIndexOf('\n') + 1;
      const keep = cut > current.length / 2 ? current.slice(cut) : '';
      parts.push(current.slice(0, current.length - keep.length));
      current = keep;
      bytes = Buffer.byteLength(keep);
    }
    current += char;
    bytes += size;
  }
  if (current) parts.push(current);
  return parts;
}

/** Answers that retrying will not change (the rest, like -1 "system busy", are retried). */
const PERMANENT_ERRORS: Record<number, string> = {
  40003: 'the OpenID is not valid for this official account',
  40013: 'the AppID is not valid',
  40125: 'the AppSecret is not valid',
  40164: "this server's IP address is not on the official account's IP whitelist",
  41004: 'the AppSecret is missing',
  43004: 'the customer does not follow the official account',
  45002: 'the message is too long',
  45015: "more than 48 hours have passed since the customer's last message, or they unfollowed",
  45047: 'WeChat allows no more customer-service messages until the customer writes again',
  40004: 'WeChat refused the media type',
  40005: 'WeChat refused the file type',
  40006: 'WeChat refused the file size',
  40009: 'WeChat refused the image size',
  47001: 'WeChat refused the message format',
  48001: 'the official account may not use the customer-service message API',
};

function classify(err: unknown): Error {
  if (!(err instanceof WechatApiError)) return err instanceof Error ? err : new Error(String(err));
  // On the token endpoint 40001 means a wrong AppSecret, not an expired token.
  const permanent =
    PERMANENT_ERRORS[err.errcode] ?? (err.endpoint === 'cgi-bin/token' && TOKEN_ERRORS.has(err.errcode) ? 'the AppSecret is not valid' : undefined);
  return permanent ? new PermanentDeliveryError(`WeChat errcode ${err.errcode}: ${permanent}`) : err;
}

/** Image types WeChat's temporary media takes (PNG, JPEG, GIF), with the extension its upload checks. */
export const IMAGE_EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif' };
/** WeChat's limit for an uploaded image. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/**
 * Why WeChat cannot send this attachment, or null when it can: only
 * images (PNG, JPEG, GIF, at most 10 MB) go out as customer-service messages.
 *
 * @example unsendableReason({ id: 'att_1', filename: 'a.pdf', contentType: 'application/pdf', size: 10 }) // 'a.pdf: WeChat replies carry images (PNG, JPEG, GIF) only'
 */
export function unsendableReason(ref: AttachmentRef): string | null {
  if (!IMAGE_EXTENSIONS[ref.contentType]) return `${ref.filename}: WeChat replies carry images (PNG, JPEG, GIF) only`;
  if (ref.size > MAX_IMAGE_BYTES) return `${ref.filename}: WeChat takes images of at most ${MAX_IMAGE_BYTES} bytes`;
  return null;
}

/** One customer-service message to send; returns WeChat's msgid when it gives one. */
type Part = () => Promise<string | undefined>;

/** The reply as the messages WeChat takes: its text in parts of at most 2048 bytes, then each image (uploaded, then sent by media_id). */
function planParts(ctx: AppContext, account: WechatAccount, openId: string, message: OutboundMessage['message']): Part[] {
  const send = async (body: Record<string, unknown>) => (await sendCustomMessage(ctx.db, account, { touser: openId, ...body })).msgid;
  const texts = message.content.trim() ? splitText(message.content) : [];
  const images = message.attachments.map((ref): Part => async () => {
    const file = await readAttachment(ctx, message.workspaceId, ref.id);
    const filename = `${ref.id}.${IMAGE_EXTENSIONS[file.contentType]}`;
    const mediaId = await uploadMedia(ctx.db, account, 'image', { filename, contentType: file.contentType, data: file.data });
    return send({ msgtype: 'image', image: { media_id: mediaId } });
  });
  return [
    ...texts.map(
      (content): Part =>
        () =>
          send({ msgtype: 'text', text: { content } }),
    ),
    ...images,
  ];
}

/** Parts already delivered of messages whose delivery failed half-way, so a retry in this process does not repeat them. */
const delivered = new Map<string, number>();
const MAX_TRACKED = 10_000;

/**
 * Deliver an agent's or the bot's reply through the customer-service
 * message API (客服消息): text split into parts of at most 2048 bytes, then
 * each image attachment. WeChat accepts these within 48 hours of the
 * customer's last message. A reply with an attachment WeChat cannot carry
 * fails as a whole before anything is sent.
 */
export async function sendWechat(ctx: AppContext, outbound: OutboundMessage): Promise<SendResult> {
  const parsed = channelSettings.wechat.safeParse(outbound.inbox.settings);
  if (!parsed.success) throw new PermanentDeliveryError('the WeChat inbox settings are not valid');
  const account = wechatAccount({ workspaceId: outbound.inbox.workspaceId, settings: parsed.data });
  const prefix = `${account.appId}:`;
  const identity = outbound.identities.find((i) => i.kind === 'wechat' && i.value.startsWith(prefix));
  if (!identity) throw new PermanentDeliveryError('the contact has no WeChat identity for this official account');
  const { message } = outbound;
  const refused = message.attachments.map(unsendableReason).filter((reason) => reason !== null);
  if (refused.length) throw new PermanentDeliveryError(refused.join('; '));
  const parts = planParts(ctx, account, identity.value.slice(prefix.length), message);
  if (!parts.length) throw new PermanentDeliveryError('the reply has neither text nor images');

  const key = message.id;
  let sourceId: string | undefined;
  try {
    for (let i = delivered.get(key) ?? 0; i < parts.length; i++) {
      const msgid = await parts[i]!();
      sourceId ??= msgid;
      if (delivered.size >= MAX_TRACKED) delivered.delete(delivered.keys().next().value!);
      delivered.set(key, i + 1);
    }
  } catch (err) {
    const classified = classify(err);
    if (classified instanceof PermanentDeliveryError) delivered.delete(key);
    throw classified;
  }
  delivered.delete(key);
  return { status: 'sent', ...(sourceId ? { sourceId } : {}) };
}
