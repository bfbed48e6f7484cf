import type { AppContext } from '../../context.ts';
import type { ChannelAdapter } from '../types.ts';
import { startImapPollers } from './imap-poller.ts';
import { startSmtpListener } from './listener.ts';
import { sendEmail } from './send.ts';

/** The port the SMTP listener takes when KEFU_SMTP_PORT is unset. */
export const DEFAULT_SMTP_PORT = 2525;

/**
 * Start the SMTP listener unless `KEFU_SMTP_PORT=0`. When the port was left
 * at its default and is taken (a second Kefu on the same machine), Kefu runs
 * on without receiving mail and says so; a port set on purpose must work.
 */
async function startSmtp(ctx: AppContext): Promise<() => Promise<void>> {
  const port = ctx.env.KEFU_SMTP_PORT ?? DEFAULT_SMTP_PORT;
  if (port === 0) return async () => {};
  try {
    const listener = await startSmtpListener(ctx, { host: ctx.env.KEFU_SMTP_HOST, port });
    ctx.log.info({ host: listener.host, port: listener.port }, 'SMTP listener for email inboxes started');
    return listener.stop;
  } catch (err) {
    if (ctx.env.KEFU_SMTP_PORT !== undefined || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
      throw new Error(`KEFU_SMTP_PORT=${port}: the SMTP listener could not start on ${ctx.env.KEFU_SMTP_HOST}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    ctx.log.warn(
      { port },
      'SMTP port %d is in use: email inboxes receive no mail on this node (set KEFU_SMTP_PORT to choose another port, 0 to turn it off)',
      port,
    );
    return async () => {};
  }
}

/** The SMTP listener and, unless KEFU_IMAP_POLL=false, the IMAP pollers; the returned function stops both. */
async function startEmail(ctx: AppContext): Promise<() => Promise<void>> {
  const stopSmtp = await startSmtp(ctx);
  const pollers = ctx.env.KEFU_IMAP_POLL ? await startImapPollers(ctx) : null;
  return async () => {
    await pollers?.stop();
    await stopSmtp();
  };
}

/**
 * Email: customers' mail arrives at Kefu's SMTP listener (addressed to an
 * email inbox's `settings.address`) or is fetched from the inbox's IMAP
 * mailbox (`settings.imapHost`…), replies leave through the relay in
 * KEFU_SMTP_RELAY_URL, threaded with Message-ID / In-Reply-To / References.
 */
export const emailAdapter: ChannelAdapter = {
  channel: 'email',
  capabilities: { attachments: true, typing: false, readReceipts: false, maxTextLength: 100_000, realtime: false, mail: true },
  send: sendEmail,
  start: startEmail,
};
