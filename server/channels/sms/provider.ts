import { z } from 'zod';
import type { ChannelSettings } from '../../modules/inboxes/index.ts';
import { assertAccepted, postSigned } from '../shared-webhooks/index.ts';
import { PermanentDeliveryError } from '../types.ts';

export interface SmsToSend {
  to: string;
  from: string;
  text: string;
  /** Kefu's message id: the same on every retry of one reply, so the gateway can drop a repeat. */
  reference: string;
}

/** One SMS gateway. A provider splits long texts itself; Kefu sends each reply as one request. */
export interface SmsProvider {
  send(sms: SmsToSend): Promise<{ providerMessageId: string }>;
}

const sendAnswer = z.object({ providerMessageId: z.string().min(1).max(200) });

/**
 * Kefu's provider-neutral gateway protocol: POST `{to, from, text, reference}`
 * as JSON to the inbox's outboundUrl, signed with its secret; the gateway
 * answers 2xx `{providerMessageId}`. A bridge to any SMS vendor is a few
 * lines on the other side (docs/channels/sms.md).
 */
export function genericHttpProvider(outboundUrl: string, secret: string): SmsProvider {
  return {
    async send(sms) {
      const res = await postSigned(outboundUrl, secret, sms);
      assertAccepted(res, 'the SMS gateway');
      let answer: unknown;
      try {
        answer = JSON.parse(res.body);
      } catch {
        answer = null;
      }
      const parsed = sendAnswer.safeParse(answer);
      // It may have sent the SMS: retrying could send it twice, so give up and say why.
      if (!parsed.success) throw new PermanentDeliveryError(`the SMS gateway answered HTTP ${res.status} without {"providerMessageId": "…"}`);
      return parsed.data;
    },
  };
}

type SmsSettings = ChannelSettings['sms'];

/** Every provider an SMS inbox can name in `settings.provider`. */
const providers: Record<SmsSettings['provider'], (outboundUrl: string, settings: SmsSettings) => SmsProvider> = {
  generic: (outboundUrl, settings) => genericHttpProvider(outboundUrl, settings.inboundSecret),
};

/** The provider an SMS inbox is configured with; null when it has nowhere to send. */
export function smsProviderFor(settings: SmsSettings): SmsProvider | null {
  return settings.outboundUrl ? providers[settings.provider](settings.outboundUrl, settings) : null;
}
