import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import { unstorableTextPath } from '../../lib/http.ts';
import type { AttachmentRef } from '../../modules/conversations/index.ts';
import type { ChannelSettings, InboxRow } from '../../modules/inboxes/index.ts';
import { saveAttachment } from '../../storage/attachments.ts';
import type { InboundMessage } from '../types.ts';
import { downloadMedia, wechatAccount } from './api.ts';
import type { XmlElement } from './xml.ts';

export type WechatInbox = InboxRow & { settings: ChannelSettings['wechat'] };

const text = (max: number) => z.string().max(max).optional();

/** The fields of a pushed message or event (普通消息, 事件推送) that Kefu reads. */
const pushFields = z.object({
  ToUserName: z.string().min(1).max(128),
  FromUserName: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be an OpenID'),
  CreateTime: z.string().regex(/^\d{1,12}$/),
  MsgType: z.string().regex(/^[A-Za-z0-9_]{1,32}$/),
  MsgId: z
    .string()
    .regex(/^\d{1,32}$/)
    .optional(),
  Event: text(64),
  Content: text(20_000),
  PicUrl: text(2000),
  MediaId: text(256),
  Format: text(32),
  Recognition: text(20_000),
  ThumbMediaId: text(256),
  Location_X: text(32),
  Location_Y: text(32),
  Scale: text(16),
  Label: text(500),
  Title: text(500),
  Description: text(2000),
  Url: text(2000),
});

export type Push = z.infer<typeof pushFields>;

/** Read a decrypted push document; `invalid_xml` unless it has the fields every push carries. */
export function readPush(root: XmlElement): Push {
  if (root.name !== 'xml') throw appError('invalid_xml', [{ path: [], message: 'the root element must be <xml>' }]);
  const fields: Record<string, string> = {};
  for (const child of root.children) {
    if (Object.hasOwn(pushFields.shape, child.name) && !Object.hasOwn(fields, child.name)) {
      fields[child.name] = child.name === 'Content' ? child.text : child.text.trim();
    }
  }
  const parsed = pushFields.safeParse(fields);
  if (!parsed.success)
    throw appError(
      'invalid_xml',
      parsed.error.issues.map((i) => ({ path: i.path, message: i.message })),
    );
  const unstorable = unstorableTextPath(parsed.data);
  if (unstorable)
    throw appError('validation_failed', [{ in: 'body', path: unstorable, message: 'must be well-formed Unicode without NUL (U+0000)' }]);
  return parsed.data;
}

/** The contact's identity: OpenIDs are per official account, so the AppID is part of it. */
export const wechatIdentity = (appId: string, openId: string) => ({ kind: 'wechat' as const, value: `${appId}:${openId}` });

/** The idempotency key: MsgId for messages, FromUserName + CreateTime + Event for events (as WeChat recommends). */
export const pushKey = (push: Push) => push.MsgId ?? `${push.FromUserName}:${push.CreateTime}:${push.Event ?? push.MsgType}`;

/** How long the 5-second answer window leaves for fetching a customer's image or voice. */
const MEDIA_BUDGET_MS = 2500;
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'audio/amr': 'amr',
  'audio/mpeg': 'mp3',
};

/**
 * Fetch media a customer sent through the media API and store it as an
 * attachment; null (the message keeps the MediaId reference) when that
 * fails or does not finish in time.
 */
async function fetchAttachment(ctx: AppContext, inbox: WechatInbox, kind: string, mediaId: string): Promise<AttachmentRef | null> {
  const deadline = AbortSignal.timeout(MEDIA_BUDGET_MS);
  try {
    const timedOut = new Promise<never>((_, reject) =>
      deadline.addEventListener('abort', () => reject(new Error('media download timed out')), { once: true }),
    );
    const media = await Promise.race([downloadMedia(ctx.db, wechatAccount(inbox), mediaId, deadline), timedOut]);
    const filename = `${kind}-${mediaId.slice(0, 32)}.${EXTENSIONS[media.contentType] ?? 'bin'}`;
    return await saveAttachment(ctx, inbox.workspaceId, { filename, contentType: media.contentType, data: media.data });
  } catch (err) {
    ctx.log.warn({ err, inboxId: inbox.id, mediaId }, 'WeChat media not downloaded; the message keeps its MediaId');
    return null;
  }
}

/** Turn a customer's message (not an event) into what `receiveMessage` stores. */
export async function toInbound(ctx: AppContext, inbox: WechatInbox, push: Push): Promise<InboundMessage> {
  const message = await messageBody(ctx, inbox, push);
  return {
    identity: wechatIdentity(inbox.settings.appId, push.FromUserName),
    message: { sourceId: pushKey(push), ...message, contentAttributes: { msgType: push.MsgType, ...message.contentAttributes } },
  };
}

async function messageBody(ctx: AppContext, inbox: WechatInbox, push: Push): Promise<Omit<InboundMessage['message'], 'sourceId'>> {
  switch (push.MsgType) {
    case 'text':
      return { content: push.Content ?? '' };
    case 'image':
    case 'voice': {
      const attachment = push.MediaId ? await fetchAttachment(ctx, inbox, push.MsgType, push.MediaId) : null;
      const recognition = push.Recognition?.trim();
      return {
        content: recognition || (attachment ? '' : `[${push.MsgType}]`),
        attachments: attachment ? [attachment] : [],
        contentAttributes: { mediaId: push.MediaId, picUrl: push.PicUrl, format: push.Format, recognition },
      };
    }
    case 'video':
    case 'shortvideo':
      return { content: '[video]', contentAttributes: { mediaId: push.MediaId, thumbMediaId: push.ThumbMediaId } };
    case 'location':
      return {
        content: push.Label || `${push.Location_X},${push.Location_Y}`,
        contentAttributes: { latitude: push.Location_X, longitude: push.Location_Y, scale: push.Scale, label: push.Label },
      };
    case 'link':
      return {
        content: [push.Title, push.Description, push.Url].filter(Boolean).join('\n'),
        contentAttributes: { url: push.Url, title: push.Title },
      };
    default:
      return { content: `[unsupported: ${push.MsgType}]` };
  }
}
