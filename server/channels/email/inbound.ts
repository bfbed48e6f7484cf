import type { AppContext } from '../../context.ts';
import { receiveMessage } from '../../flows/receive-message.ts';
import { ticketFromEmail } from '../../flows/ticket-intake-email.ts';
import { AppError } from '../../lib/errors.ts';
import type { AttachmentRef } from '../../modules/conversations/index.ts';
import type { InboxRow } from '../../modules/inboxes/index.ts';
import { saveAttachment } from '../../storage/attachments.ts';
import type { InboundMessage } from '../types.ts';
import type { ParsedEmail } from './parse.ts';
import { isMessageStored } from './repo.ts';

interface SkippedAttachment {
  filename: string;
  contentType: string;
  size: number;
  reason: string;
}

/** Store the attachments Kefu accepts; the refused ones (type, size) are listed instead of failing the mail. */
async function saveAttachments(
  ctx: AppContext,
  inbox: InboxRow,
  mail: ParsedEmail,
): Promise<{ saved: AttachmentRef[]; skipped: SkippedAttachment[] }> {
  const saved: AttachmentRef[] = [];
  const skipped: SkippedAttachment[] = [];
  for (const file of mail.attachments) {
    try {
      saved.push(await saveAttachment(ctx, inbox.workspaceId, file));
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'validation_failed')) throw err;
      const reason = (err.details as { message?: string }[] | undefined)?.[0]?.message ?? 'not accepted';
      skipped.push({ filename: file.filename, contentType: file.contentType, size: file.data.length, reason });
    }
  }
  return { saved, skipped };
}

/** The channel facts a message carries: headers for threading replies, and what was cut or refused. */
function emailAttributes(mail: ParsedEmail, skipped: SkippedAttachment[]): Record<string, unknown> {
  return {
    email: {
      messageId: mail.messageId,
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      from: mail.from,
      to: mail.to,
      cc: mail.cc,
      subject: mail.subject,
      date: mail.date,
      ...(mail.originalText ? { originalText: mail.originalText } : {}),
      ...(mail.truncated ? { truncated: true } : {}),
      ...(mail.autoSubmitted ? { autoSubmitted: true } : {}),
      ...(skipped.length ? { skippedAttachments: skipped } : {}),
    },
  };
}

/**
 * Store one received mail in one inbox, through `receiveMessage`: the sender
 * becomes (or joins) a contact by email address, In-Reply-To / References
 * thread it into the conversation it answers. A replay of a stored
 * Message-ID is recognised before its attachments are saved again.
 */
export async function deliverToInbox(ctx: AppContext, inbox: InboxRow, mail: ParsedEmail): Promise<{ created: boolean; conversationId: string }> {
  const { saved, skipped } = (await isMessageStored(ctx.db, inbox, mail.sourceId))
    ? { saved: [], skipped: [] }
    : await saveAttachments(ctx, inbox, mail);
  const inbound: InboundMessage = {
    identity: { kind: 'email', value: mail.from.address },
    profile: { name: mail.from.name, email: mail.from.address },
    message: {
      sourceId: mail.sourceId,
      // A subject-only mail ("Please call me back") shows its subject as the text.
      content: mail.text || (saved.length ? '' : (mail.subject ?? '')),
      subject: mail.subject,
      replyTo: mail.references,
      startsThread: true,
      attachments: saved,
      contentAttributes: emailAttributes(mail, skipped),
    },
  };
  const stored = await receiveMessage(ctx, inbox, inbound);
  // The mail is stored whatever happens next: a ticket that cannot be filed is logged, never a bounce.
  await ticketFromEmail(ctx, inbox, stored, { subject: mail.subject, text: mail.text }).catch((err: unknown) =>
    ctx.log.error({ err, inboxId: inbox.id, conversationId: stored.conversation.id }, 'email ticket intake failed'),
  );
  return { created: stored.created, conversationId: stored.conversation.id };
}
