import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { AppContext } from '../../context.ts';
import { readAttachment } from '../../storage/attachments.ts';
import { PermanentDeliveryError, type OutboundMessage, type SendResult } from '../types.ts';

interface EmailFacts {
  messageId?: string | null;
  references?: string[];
  from?: { address?: string };
}

const emailFacts = (attributes: Record<string, unknown> | undefined): EmailFacts => (attributes?.email ?? {}) as EmailFacts;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The subject of a reply: the conversation's subject with one "Re: " (none
 * added when the customer's client already put one there).
 *
 * @example replySubject('订单问题', 'Shop') // 'Re: 订单问题'
 */
export function replySubject(subject: string | null, inboxName: string): string {
  const base = subject?.trim() || `Your message to ${inboxName}`;
  return /^(re|aw|回复|答复)\s*[:：]/i.test(base) ? base : `Re: ${base}`;
}

/** Who the reply goes to: the address of the mail it answers, else the contact's email identity, else their profile email. */
function recipient(outbound: OutboundMessage): string {
  const address =
    emailFacts(outbound.lastIncoming?.contentAttributes).from?.address ??
    outbound.identities.find((i) => i.kind === 'email')?.value ??
    outbound.contact.email;
  if (!address) throw new PermanentDeliveryError('the contact has no email address to reply to');
  return address;
}

/** In-Reply-To and References that put the reply into the customer's thread. */
function threading(outbound: OutboundMessage): Pick<Mail.Options, 'inReplyTo' | 'references'> {
  const last = emailFacts(outbound.lastIncoming?.contentAttributes);
  if (!last.messageId) return {};
  const earlier = Array.isArray(last.references) ? last.references.filter((id) => typeof id === 'string' && id !== last.messageId) : [];
  const chain = [...earlier, last.messageId].slice(-20);
  return { inReplyTo: `<${last.messageId}>`, references: chain.map((id) => `<${id}>`) };
}

/** A relay's 5xx answer (unknown mailbox, refused sender) will not change on retry; anything else might. */
function classify(err: unknown): Error {
  const code = (err as { responseCode?: number }).responseCode;
  const reason = err instanceof Error ? err.message : String(err);
  return code && code >= 500
    ? new PermanentDeliveryError(`the mail relay refused the reply: ${reason}`)
    : new Error(`sending through the mail relay failed: ${reason}`);
}

/**
 * Send an agent's or the bot's reply through the relay in
 * `KEFU_SMTP_RELAY_URL`, from the inbox's address, threaded under the
 * customer's last mail. Our Message-ID is `<message id@inbox domain>` — the
 * same on every retry, so the customer's client shows a retried reply once —
 * and comes back as `sourceId`, so the customer's answer to it threads back.
 */
export async function sendEmail(ctx: AppContext, outbound: OutboundMessage): Promise<SendResult> {
  const relay = ctx.env.KEFU_SMTP_RELAY_URL;
  if (!relay) throw new PermanentDeliveryError('no mail relay configured: set KEFU_SMTP_RELAY_URL to send email replies');
  const settings = outbound.inbox.settings as { address?: string; fromName?: string };
  if (!settings.address) throw new PermanentDeliveryError('the email inbox has no address');
  const { message, conversation } = outbound;
  const messageId = `${message.id}@${settings.address.split('@')[1]}`;
  const attachments = await Promise.all(
    message.attachments.map(async (ref) => {
      const file = await readAttachment(ctx, message.workspaceId, ref.id);
      return { filename: file.filename, contentType: file.contentType, content: file.data };
    }),
  );
  const to = recipient(outbound);
  const transport = createTransport({ url: relay, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  try {
    await transport.sendMail({
      from: { name: settings.fromName ?? outbound.inbox.name, address: settings.address },
      to,
      subject: replySubject(conversation.subject, outbound.inbox.name),
      messageId: `<${messageId}>`,
      ...threading(outbound),
      // Out-of-office responders must not answer the bot (RFC 3834).
      headers: message.senderType === 'bot' ? { 'Auto-Submitted': 'auto-replied' } : {},
      text: message.content,
      html: `<div style="white-space: pre-wrap">${escapeHtml(message.content)}</div>`,
      attachments,
    });
  } catch (err) {
    throw classify(err);
  } finally {
    transport.close();
  }
  return { sourceId: messageId, status: 'sent' };
}
