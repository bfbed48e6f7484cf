import type { ChannelAdapter } from '../types.ts';
import { registerApiRoutes } from './routes.ts';
import { sendApiReply } from './send.ts';

/**
 * The REST API channel: a business's own app posts customer messages to
 * Kefu and gets replies by signed webhook or by long-polling
 * (docs/channels/api.md).
 */
export const apiAdapter: ChannelAdapter = {
  channel: 'api',
  capabilities: { attachments: false, typing: false, readReceipts: true, maxTextLength: 4000, realtime: false },
  send: sendApiReply,
  registerRoutes: registerApiRoutes,
};
