import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AppContext } from '../../context.ts';
import type { InboxRow } from '../../modules/inboxes/index.ts';
import { deliverToInbox } from './inbound.ts';
import { MailRejection, parseEmail } from './parse.ts';
import { findEmailInboxForAddress } from './repo.ts';

/** Largest mail accepted (SIZE is advertised; bigger mail gets 552). */
export const MAX_MAIL_BYTES = 25 * 1024 * 1024;
const MAX_RECIPIENTS = 50;

export interface SmtpListener {
  host: string;
  port: number;
  stop(): Promise<void>;
}

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

/** Read the DATA stream to its end (always — the SMTP dialogue waits for it), keeping at most the size limit. */
async function readMail(stream: SMTPServerDataStream): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_MAIL_BYTES) chunks.push(chunk);
  }
  return stream.sizeExceeded || size > MAX_MAIL_BYTES ? null : Buffer.concat(chunks);
}

/** The email inboxes a session's accepted recipients belong to, each once. */
async function recipientInboxes(ctx: AppContext, session: SMTPServerSession): Promise<InboxRow[]> {
  const found = new Map<string, InboxRow>();
  for (const rcpt of session.envelope.rcptTo) {
    const inbox = await findEmailInboxForAddress(ctx.db, rcpt.address);
    if (inbox) found.set(`${inbox.workspaceId}/${inbox.id}`, inbox);
  }
  return [...found.values()];
}

/**
 * Receive one mail: parse it, store it in every inbox it is addressed to,
 * and only then answer 250 — a crash or database error before that answers
 * 451, so the sending server keeps the mail and retries.
 */
async function receiveMail(ctx: AppContext, stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
  const raw = await readMail(stream);
  if (!raw) throw new MailRejection(552, `5.3.4 The mail is larger than ${MAX_MAIL_BYTES} bytes`);
  const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
  const mail = await parseEmail(raw, envelopeFrom).catch((err: unknown) => {
    if (err instanceof MailRejection) throw err;
    throw new MailRejection(554, '5.6.0 The mail could not be read');
  });
  const inboxes = await recipientInboxes(ctx, session);
  if (inboxes.length === 0) throw new MailRejection(550, '5.1.1 No inbox takes mail for these recipients any more');
  for (const inbox of inboxes) {
    const stored = await deliverToInbox(ctx, inbox, mail);
    ctx.log.info({ inboxId: inbox.id, conversationId: stored.conversationId, created: stored.created }, 'email received');
  }
  return 'OK: stored';
}

/** What the SMTP client hears for a failure: our refusal as is, anything unexpected as 451 so the mail is retried, not lost. */
function smtpAnswer(ctx: AppContext, err: unknown, what: string): Error {
  if (err instanceof MailRejection) return smtpError(err.responseCode, err.message);
  ctx.log.error({ err }, `${what} failed`);
  return smtpError(451, '4.3.0 Temporary failure; try again later');
}

async function checkRecipient(ctx: AppContext, address: string, session: SMTPServerSession): Promise<void> {
  if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) throw new MailRejection(452, '4.5.3 Too many recipients');
  if (!(await findEmailInboxForAddress(ctx.db, address))) throw new MailRejection(550, `5.1.1 <${address}>: no such mailbox here`);
}

const SHUTTING_DOWN = () => smtpError(421, '4.3.2 Kefu is shutting down; try again later');

/**
 * Start the SMTP server that receives customers' mail for email inboxes: it
 * takes mail only for addresses an enabled email inbox holds (550 for any
 * other recipient at RCPT TO), up to {@link MAX_MAIL_BYTES}. `port` 0 picks
 * a free port. Meant to sit behind the MX (Postfix, a forwarding service) —
 * it does not check SPF/DKIM itself. `stop` lets mail being stored finish.
 */
export async function startSmtpListener(ctx: AppContext, options: { host: string; port: number }): Promise<SmtpListener> {
  const inflight = new Set<Promise<unknown>>();
  let closing = false;
  const server = new SMTPServer({
    banner: 'Kefu',
    size: MAX_MAIL_BYTES,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    maxClients: 200,
    closeTimeout: 1000,
    logger: false,
    onRcptTo(address, session, callback) {
      if (closing) return callback(SHUTTING_DOWN());
      checkRecipient(ctx, address.address, session).then(
        () => callback(),
        (err: unknown) => callback(smtpAnswer(ctx, err, 'email recipient lookup')),
      );
    },
    onData(stream, session, callback) {
      if (closing) {
        stream.once('end', () => callback(SHUTTING_DOWN())).resume();
        return;
      }
      const work = receiveMail(ctx, stream, session).then(
        (message) => callback(null, message),
        (err: unknown) => callback(smtpAnswer(ctx, err, 'storing an email')),
      );
      inflight.add(work);
      void work.finally(() => inflight.delete(work));
    },
  });
  await listen(ctx, server, options);
  const address = server.server.address();
  return {
    host: options.host,
    port: typeof address === 'object' && address ? address.port : options.port,
    async stop() {
      closing = true;
      await Promise.allSettled([...inflight]);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Listen, failing with the listen error (EADDRINUSE…); afterwards connection errors (resets, timeouts) are only logged. */
async function listen(ctx: AppContext, server: SMTPServer, options: { host: string; port: number }): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      server.on('error', (err: Error) => ctx.log.debug({ err }, 'smtp connection error'));
      resolve();
    });
  });
}
