import type { AppContext } from '../../context.ts';
import { normalizePhone } from '../../modules/contacts/index.ts';
import type { ChannelSettings } from '../../modules/inboxes/index.ts';
import { PermanentDeliveryError, type OutboundMessage, type SendResult } from '../types.ts';
import { smsProviderFor } from './provider.ts';

/** Longest reply sent as SMS, in characters; the gateway splits it into parts (70 Chinese / 160 GSM characters each). */
export const MAX_SMS_TEXT = 1000;

/** The number the customer wrote from in this conversation's inbox, else the contact's phone. */
function recipientOf(outbound: OutboundMessage): string | null {
  return outbound.identities.find((i) => i.kind === 'phone')?.value ?? normalizePhone(outbound.contact.phone);
}

/** Send a reply as one SMS through the inbox's provider; the provider's id is kept for delivery receipts. */
export async function sendSms(_ctx: AppContext, outbound: OutboundMessage): Promise<SendResult> {
  const settings = outbound.inbox.settings as ChannelSettings['sms'];
  const provider = smsProviderFor(settings);
  if (!provider) throw new PermanentDeliveryError('this SMS inbox has no outboundUrl, so it cannot send replies');
  if (outbound.message.attachments.length) throw new PermanentDeliveryError('SMS cannot carry attachments; send the text alone');
  const text = outbound.message.content;
  const length = [...text].length;
  if (length > MAX_SMS_TEXT) throw new PermanentDeliveryError(`the reply is ${length} characters; an SMS reply holds at most ${MAX_SMS_TEXT}`);
  if (!text.trim()) throw new PermanentDeliveryError('an SMS reply needs text');
  const to = recipientOf(outbound);
  if (!to) throw new PermanentDeliveryError('the contact has no phone number');
  const { providerMessageId } = await provider.send({ to, from: settings.from, text, reference: outbound.message.id });
  return { status: 'sent', sourceId: providerMessageId };
}
