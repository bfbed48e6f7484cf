import type { ChannelAdapter } from '../types.ts';
import { registerSmsRoutes } from './routes.ts';
import { MAX_SMS_TEXT, sendSms } from './send.ts';

/**
 * SMS through any gateway: the gateway POSTs received texts and delivery
 * receipts to Kefu, and Kefu POSTs replies to the gateway — JSON, signed
 * with the inbox secret (docs/channels/sms.md).
 */
export const smsAdapter: ChannelAdapter = {
  channel: 'sms',
  capabilities: { attachments: false, typing: false, readReceipts: false, maxTextLength: MAX_SMS_TEXT, realtime: false, shortAnswers: true },
  send: sendSms,
  registerRoutes: registerSmsRoutes,
};
