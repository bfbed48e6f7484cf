import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTransport, type SendMailOptions } from 'nodemailer';
import type { AppContext } from '../context.ts';

/** Where mail waits when no relay is configured: `<data dir>/outbox/`. */
export const outboxDir = (ctx: AppContext) => path.join(ctx.env.dataDir, 'outbox');

/**
 * Keep a mail as an `.eml` file instead of sending it, for a Kefu that has
 * no relay yet (a first `npm start`): the help center's sign-in links and
 * ticket updates can still be followed by opening the file. The file is
 * readable only by Kefu's user, like the database beside it; the log line
 * names the file, never the recipient or the link.
 */
export async function keepInOutbox(ctx: AppContext, message: SendMailOptions): Promise<string> {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const { message: raw } = (await transport.sendMail(message)) as { message: Buffer };
  const dir = outboxDir(ctx);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
  await writeFile(file, raw, { mode: 0o600 });
  ctx.log.warn({ file }, 'no mail relay configured (KEFU_SMTP_RELAY_URL): the mail was kept in the outbox instead of sent');
  return file;
}
