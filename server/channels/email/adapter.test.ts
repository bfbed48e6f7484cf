import net from 'node:net';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../env.ts';
import { buildTestKefu, type TestKefu } from '../../test/harness.ts';
import { DEFAULT_SMTP_PORT, emailAdapter } from './index.ts';

let kefu: TestKefu;
beforeAll(async () => {
  kefu = await buildTestKefu();
});
afterAll(async () => {
  await kefu?.close();
});

/** Hold a port as another program would; resolves false when something else holds it already. */
async function occupy(port: number): Promise<{ port: number; close(): Promise<void> } | null> {
  const server = net.createServer();
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (!ok) return null;
  const address = server.address() as net.AddressInfo;
  return { port: address.port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// IMAP polling stays off here: it would take over the mailboxes of imap.test.ts, which runs at the same time on the same database.
const withEnv = (vars: Record<string, string>) => ({ ...kefu.ctx, env: loadEnv({ NODE_ENV: 'test', KEFU_IMAP_POLL: 'false', ...vars }) });

describe('email adapter start', () => {
  it('listens on KEFU_SMTP_PORT and stops cleanly', async () => {
    const probe = (await occupy(0))!;
    await probe.close();
    const stop = await emailAdapter.start!(withEnv({ KEFU_SMTP_PORT: String(probe.port) }));
    const mailer = createTransport({ host: '127.0.0.1', port: probe.port, secure: false, ignoreTLS: true });
    await expect(mailer.verify()).resolves.toBe(true);
    mailer.close();
    await stop();
    expect(await occupy(probe.port)).not.toBeNull();
  });

  it('KEFU_SMTP_PORT=0 starts no listener', async () => {
    const stop = await emailAdapter.start!(withEnv({ KEFU_SMTP_PORT: '0' }));
    await stop();
  });

  it('fails start-up naming the variable when a chosen port is taken', async () => {
    const taken = (await occupy(0))!;
    try {
      await expect(emailAdapter.start!(withEnv({ KEFU_SMTP_PORT: String(taken.port) }))).rejects.toThrow(/KEFU_SMTP_PORT=\d+.*EADDRINUSE/);
    } finally {
      await taken.close();
    }
  });

  it('runs on without mail when the default port is taken (a second Kefu on the machine)', async () => {
    const held = await occupy(DEFAULT_SMTP_PORT); // null: something else holds it already, which is the same situation
    try {
      const started = emailAdapter.start!(withEnv({}));
      await expect(started).resolves.toBeTypeOf('function');
      await (
        await started
      )();
    } finally {
      await held?.close();
    }
  });

  it('refuses a relay URL that is not smtp:// or smtps://', () => {
    expect(() => loadEnv({ KEFU_SMTP_RELAY_URL: 'http://mail.example.com' })).toThrow(/KEFU_SMTP_RELAY_URL/);
    expect(loadEnv({ KEFU_SMTP_RELAY_URL: 'smtps://u:p@mail.example.com:465' }).KEFU_SMTP_RELAY_URL).toBe('smtps://u:p@mail.example.com:465');
  });
});
