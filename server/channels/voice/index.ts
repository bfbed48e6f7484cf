import { PermanentDeliveryError, type ChannelAdapter } from '../types.ts';
import { registerVoiceRoutes } from './routes.ts';

/**
 * Phone calls, as transcripts: the call platform uploads each finished call
 * and it lands in the customer's conversation. Nothing is sent back —
 * agents answer by phone (docs/channels/voice.md).
 */
export const voiceAdapter: ChannelAdapter = {
  channel: 'voice',
  // maxTextLength 0: a voice inbox takes no text replies.
  capabilities: { attachments: false, typing: false, readReceipts: false, maxTextLength: 0, realtime: false },
  async send() {
    throw new PermanentDeliveryError('voice inboxes cannot send text replies');
  },
  registerRoutes: registerVoiceRoutes,
};
