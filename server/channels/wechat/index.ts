import type { ChannelAdapter } from '../types.ts';
import { registerWechatRoutes } from './routes.ts';
import { sendWechat } from './send.ts';

/**
 * The WeChat official account (微信公众号) channel: WeChat pushes messages to
 * `/channels/wechat/:inboxId` (plain or AES "safe" mode), replies go out
 * through the customer-service message API. See docs/channels/wechat.md.
 */
export const wechatAdapter: ChannelAdapter = {
  channel: 'wechat',
  capabilities: { attachments: false, typing: false, readReceipts: false, maxTextLength: 2048, realtime: false },
  send: sendWechat,
  registerRoutes: registerWechatRoutes,
};
