import { ImapFlow } from 'imapflow';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import type { ChannelSettings, InboxRow } from '../../modules/inboxes/index.ts';
import { deliverToInbox } from './inbound.ts';
import { MAX_MAIL_BYTES } from './listener.ts';
import { parseEmail } from './parse.ts';

/** How Kefu reaches an inbox's mailbox, from its settings (see docs/channels/email.md). */
export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
}

/**
 * The IMAP settings of an email inbox, defaults filled in, or null when it
 * is not polled: TLS on port 993 unless `imapSecure` is false (then 143,
 * upgraded with STARTTLS when offered), mailbox INBOX.
 *
 * @example imapSettingsOf(inbox)?.port // 993
 */
export function imapSettingsOf(inbox: InboxRow): ImapSettings | null {
  const s = inbox.settings as Partial<ChannelSettings['email']>;
  if (!s.imapHost || !s.imapUser || !s.imapPassword) return null;
  const secure = s.imapSecure ?? true;
  return {
    host: s.imapHost,
    port: s.imapPort ?? (secure ? 993 : 143),
    secure,
    user: s.imapUser,
    password: s.imapPassword,
    mailbox: s.imapMailbox ?? 'INBOX',
  };
}

/**
 * The envelope sender the final mail server recorded in Return-Path: `''`
 * for a bounce (`<>`), null when absent — what the SMTP listener gets in
 * MAIL FROM, so both paths flag bounces alike.
 */
export function returnPath(raw: Buffer): string | null {
  const end = raw.indexOf('\r\n\r\n');
  const header = raw.subarray(0, end < 0 ? Math.min(raw.length, 64 * 1024) : end).toString('latin1');
  const match = /^Return-Path:[ \t]*<([^<>\r\n]*)>/im.exec(header);
  return match ? match[1]!.trim() : null;
}

/**
 * Store one fetched mail through the same parse → deliverToInbox path as the
 * SMTP listener (Message-ID is the idempotency key, so a mail seen by both,
 * or fetched again after a crash, is stored once). Mail Kefu can never store
 * (unreadable, or refused as invalid) is only logged, to be marked seen:
 * there is no sender to tell. A failure to store (database, S3) throws.
 */
async function storeMail(ctx: AppContext, inbox: InboxRow, uid: number, raw: Buffer): Promise<void> {
  const refuse = (err: unknown) => ctx.log.warn({ err, inboxId: inbox.id, uid }, 'IMAP mail cannot be stored; marked seen and left in the mailbox');
  let mail;
  try {
    mail = await parseEmail(raw, returnPath(raw));
  } catch (err) {
    return refuse(err);
  }
  try {
    const stored = await deliverToInbox(ctx, inbox, mail);
    ctx.log.info({ inboxId: inbox.id, uid, conversationId: stored.conversationId, created: stored.created }, 'email fetched over IMAP');
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return refuse(err);
    throw err;
  }
}

/**
 * Take every unseen message of the open mailbox, oldest first; each is
 * marked \Seen only after it is stored. A message that fails to store stays
 * unseen without holding up the ones after it; the first failure is thrown
 * at the end, so the session starts again after a backoff.
 */
async function storeUnseen(ctx: AppContext, client: ImapFlow, inbox: InboxRow, signal: AbortSignal): Promise<void> {
  const uids = (await client.search({ seen: false }, { uid: true })) || [];
  let failure: unknown = null;
  for (const uid of uids.sort((a, b) => a - b)) {
    if (signal.aborted) break;
    const range = String(uid);
    const meta = await client.fetchOne(range, { uid: true, size: true }, { uid: true });
    if (!meta) continue; // expunged meanwhile
    if ((meta.size ?? 0) > MAX_MAIL_BYTES) {
      ctx.log.warn({ inboxId: inbox.id, uid, size: meta.size }, 'IMAP mail larger than the limit; marked seen and left in the mailbox');
    } else {
      const message = await client.fetchOne(range, { uid: true, source: true }, { uid: true });
      if (!message || !message.source) continue;
      try {
        await storeMail(ctx, inbox, uid, message.source);
      } catch (err) {
        failure ??= err;
        continue;
      }
    }
    await client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
  }
  if (failure) throw failure;
}

/** Resolve on the poll timer, an abort, or the `done` handed to `setWake` (called on EXISTS), whichever comes first. */
function waitForNews(signal: AbortSignal, pollMs: number, setWake: (done: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, pollMs);
    signal.addEventListener('abort', done, { once: true });
    setWake(done);
  });
}

export interface SessionOptions {
  signal: AbortSignal;
  /** Look for mail at least this often even without an IDLE notification. */
  pollMs: number;
  /** Called once the mailbox is open (the poller resets its backoff). */
  onReady?: () => void;
}

/**
 * One IMAP session for an inbox: connect, open the mailbox, store what is
 * unseen, then wait for news (IDLE's EXISTS, or the poll timer) and repeat.
 * Resolves when `signal` aborts; rejects when the connection fails, for the
 * poller to reconnect with backoff.
 */
export async function runImapSession(ctx: AppContext, inbox: InboxRow, settings: ImapSettings, options: SessionOptions): Promise<void> {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: { user: settings.user, pass: settings.password },
    logger: false,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    maxIdleTime: 5 * 60_000,
  });
  let news = false;
  let wake: (() => void) | null = null;
  client.on('exists', () => {
    news = true;
    wake?.();
  });
  client.on('error', (err: Error) => ctx.log.debug({ err, inboxId: inbox.id }, 'IMAP connection error'));
  const closed = new Promise<never>((_, reject) => client.once('close', () => reject(new Error(`IMAP connection to ${settings.host} closed`))));
  closed.catch(() => undefined);
  const { signal } = options;
  try {
    await client.connect();
    await client.mailboxOpen(settings.mailbox);
    options.onReady?.();
    while (!signal.aborted) {
      news = false;
      await storeUnseen(ctx, client, inbox, signal);
      if (news || signal.aborted) continue;
      // IDLE (or, on servers without it, imapflow's periodic NOOP) makes the server announce new mail; the next command ends it.
      client.idle().catch(() => undefined);
      await Promise.race([waitForNews(signal, options.pollMs, (done) => (wake = done)), closed]);
    }
  } finally {
    wake = null;
    await client.logout().catch(() => client.close());
  }
}
