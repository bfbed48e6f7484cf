import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type HeaderValue, type ParsedMail } from 'mailparser';
import { normalizeEmail } from '../../modules/contacts/index.ts';
import { stripQuotedReply } from './quote.ts';

/** Longest customer text stored from one mail; the rest is cut (and flagged). */
const MAX_TEXT = 100_000;
/** How many earlier ids of a thread travel with a message (References grows with every reply). */
const MAX_REFERENCES = 20;

const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text PostgreSQL can store (no NUL, no half surrogate pairs, which jsonb refuses): broken mail is kept, not bounced forever. */
const storable = (text: string) => text.replaceAll('\u0000', '').replace(LONE_SURROGATES, '\ufffd');

/** A refusal the SMTP client hears as `code text`. */
export class MailRejection extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** One received mail, reduced to what Kefu stores; independent of which inbox it goes to. */
export interface ParsedEmail {
  /** The idempotency key: the Message-ID, or a hash of the raw mail when it has none. */
  sourceId: string;
  messageId: string | null;
  inReplyTo: string[];
  /** The thread's earlier ids (References, then In-Reply-To), oldest first. */
  references: string[];
  from: { address: string; name: string | null };
  to: string[];
  cc: string[];
  subject: string | null;
  date: string | null;
  /** What the customer wrote now, as plain text. */
  text: string;
  /** The whole text body when quoted history was cut from `text`. */
  originalText: string | null;
  truncated: boolean;
  autoSubmitted: boolean;
  attachments: { filename: string; contentType: string; data: Buffer }[];
}

/**
 * Message ids out of In-Reply-To / References / Message-ID, without their
 * angle brackets — the form Kefu stores as a message's sourceId.
 *
 * @example messageIds('<a@x> <b@y>') // ['a@x', 'b@y']
 */
export function messageIds(value: string | string[] | undefined): string[] {
  const raw = storable(Array.isArray(value) ? value.join(' ') : (value ?? ''));
  const bracketed = [...raw.matchAll(/<([^<>\s]{1,500})>/g)].map((m) => m[1]!);
  if (bracketed.length) return bracketed;
  const bare = raw.trim();
  return bare && bare.length <= 500 && !/\s/.test(bare) ? [bare] : [];
}

function addresses(value: AddressObject | AddressObject[] | undefined): { address: string; name: string | null }[] {
  const groups = Array.isArray(value) ? value : value ? [value] : [];
  return groups
    .flatMap((g) => g.value.flatMap((a) => [a, ...(a.group ?? [])]))
    .flatMap((a) => {
      const address = normalizeEmail(a.address);
      return address ? [{ address, name: storable(a.name ?? '').trim() || null }] : [];
    });
}

function headerText(value: HeaderValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return typeof value === 'object' && 'value' in value ? String(value.value) : '';
}

/** Out-of-office replies, bounces and list mail: stored, but flagged so automation does not answer them (mail loops). */
function isAutoSubmitted(mail: ParsedMail, envelopeFrom: string | null): boolean {
  const auto = headerText(mail.headers.get('auto-submitted')).trim().toLowerCase();
  const precedence = headerText(mail.headers.get('precedence')).trim().toLowerCase();
  return (auto !== '' && auto !== 'no') || ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence) || envelopeFrom === '';
}

/**
 * Parse a raw RFC 5322 mail into a {@link ParsedEmail}. The sender is the
 * From header (the envelope sender when From is unusable). HTML-only mail is
 * turned into text (scripts and styles dropped); quoted history is cut from
 * the text. Throws {@link MailRejection} for mail with no usable sender or
 * nothing readable; anything else readable is kept, however broken its MIME.
 */
export async function parseEmail(raw: Buffer, envelopeFrom: string | null): Promise<ParsedEmail> {
  const mail = await simpleParser(raw, { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const envelopeSender = normalizeEmail(envelopeFrom);
  const from = addresses(mail.from)[0] ?? (envelopeSender ? { address: envelopeSender, name: null } : null);
  if (!from) throw new MailRejection(550, '5.1.7 The mail has no valid sender address');
  // Outlook and HTML-to-text leave "[cid:image001.png@…]" where inline images were; the images arrive as attachments.
  const fullText = storable(mail.text ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/\[cid:[^\]\s]{1,300}\]/g, '');
  const truncated = fullText.length > MAX_TEXT;
  const text = truncated ? fullText.slice(0, MAX_TEXT) : fullText;
  const { reply, quoted } = stripQuotedReply(text);
  const attachments = mail.attachments.map((a) => ({
    filename: storable(a.filename ?? 'attachment'),
    contentType: a.contentType || 'application/octet-stream',
    data: a.content,
  }));
  const subject =
    storable(mail.subject ?? '')
      .trim()
      .slice(0, 998) || null;
  if (!reply && !subject && attachments.length === 0) throw new MailRejection(554, '5.6.0 The mail has no readable text, subject or attachment');
  const messageId = messageIds(mail.messageId)[0] ?? null;
  const inReplyTo = messageIds(mail.inReplyTo);
  const references = [...new Set([...messageIds(mail.references), ...inReplyTo])].slice(-MAX_REFERENCES);
  return {
    sourceId: messageId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    messageId,
    inReplyTo,
    references,
    from,
    to: addresses(mail.to).map((a) => a.address),
    cc: addresses(mail.cc).map((a) => a.address),
    subject,
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    text: reply,
    originalText: quoted ? text.trim() : null,
    truncated,
    autoSubmitted: isAutoSubmitted(mail, envelopeFrom),
    attachments,
  };
}
