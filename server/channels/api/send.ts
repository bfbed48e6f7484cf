import type { AppContext } from '../../context.ts';
import type { ChannelSettings } from '../../modules/inboxes/index.ts';
import { presentMessage } from '../../modules/conversations/index.ts';
import { assertAccepted, postSigned } from '../shared-webhooks/index.ts';
import type { OutboundMessage, SendResult } from '../types.ts';

/** The app user id behind the conversation's contact in this inbox (identities are stored as `<inboxId>:<userId>`). */
function userIdOf(outbound: OutboundMessage): string | null {
  const prefix = `${outbound.inbox.id}:`;
  const identity = outbound.identities.find((i) => i.kind === 'app' && i.value.startsWith(prefix));
  return identity ? identity.value.slice(prefix.length) : null;
}

/**
 * Deliver a reply to the business's app: POST it, signed, to the inbox's
 * webhookUrl. Inboxes without one are long-polled: the reply is already
 * stored and the app fetches it, so there is nothing to send.
 */
export async function sendApiReply(_ctx: AppContext, outbound: OutboundMessage): Promise<SendResult> {
  const settings = outbound.inbox.settings as ChannelSettings['api'];
  if (!settings.webhookUrl) return { status: 'sent' };
  const res = await postSigned(settings.webhookUrl, settings.webhookSecret, {
    event: 'message.created',
    message: presentMessage(outbound.message),
    conversationId: outbound.conversation.id,
    userId: userIdOf(outbound),
  });
  assertAccepted(res, 'the webhook');
  return { status: 'sent' };
}
