import type { ChannelAdapter } from '../types.ts';
import { MAX_TEXT_LENGTH } from './protocol.ts';
import { registerWidgetRoutes } from './routes.ts';

/**
 * The web chat widget. Visitors talk to Kefu over its own WebSocket, so an
 * answer reaches them through the realtime fan-out the moment it is stored;
 * `send` only confirms it. See docs/channels/widget.md.
 */
export const widgetAdapter: ChannelAdapter = {
  channel: 'widget',
  capabilities: { attachments: true, typing: true, readReceipts: true, maxTextLength: MAX_TEXT_LENGTH, realtime: true },
  async send() {
    return { status: 'sent' };
  },
  registerRoutes: registerWidgetRoutes,
};
