import type { ChannelAdapter } from '../types.ts';
import { registerWechatRoutes } from './routes.ts';
import { IMAGE_EXTENSIONS, MAX_IMAGE_BYTES, sendWechat } from './send.ts';

/**
 * The WeChat official account (微信公众号) channel: WeChat pushes messages to
 * `/channels/wechat/:inboxId` (plain or AES "safe" mode), replies go out
 * through the customer-service message API — text, and images uploaded as
 * temporary media; other files are refused when the reply is written.
 * See docs/channels/wechat.md.
 */
export const wechatAdapter: ChannelAdapter = {
  channel: 'wechat',
  capabilities: {
    attachments: true,
    attachmentTypes: Object.keys(IMAGE_EXTENSIONS),
    maxAttachmentBytes: MAX_IMAGE_BYTES,
    typing: false,
    readReceipts: false,
    maxTextLength: 2048,
    realtime: false,
    shortAnswers: true,
  },
  send: sendWechat,
  registerRoutes: registerWechatRoutes,
};

export { unsendableReason } from './send.ts';
