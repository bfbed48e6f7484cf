import type pg from 'pg';
import type { AppContext } from '../../context.ts';
import type { InboxRow } from '../../modules/inboxes/index.ts';
import { runImapSession, imapSettingsOf, type ImapSettings } from './imap-session.ts';
import { findImapInboxes, tryLockImapInbox, unlockImapInbox } from './repo.ts';

export interface ImapPollerOptions {
  /** How often the inbox list is read again (new, changed, disabled inboxes; locks freed by a node that stopped). */
  rescanMs?: number;
  /** How often a mailbox is searched when no IDLE notification came. */
  pollMs?: number;
  /** First wait after a failed connection, doubled on each failure up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/** The IMAP pollers of this node. */
export interface ImapPollers {
  /** Ids of the inboxes this node polls now. */
  active(): string[];
  /** Read the inbox list and start or stop pollers now (otherwise every `rescanMs`). */
  rescan(): Promise<void>;
  /** Stop every poller (messages being stored finish first) and release their locks. */
  stop(): Promise<void>;
}

interface Running {
  fingerprint: string;
  controller: AbortController;
  done: Promise<void>;
}

const DEFAULTS = { rescanMs: 30_000, pollMs: 60_000, initialBackoffMs: 1000, maxBackoffMs: 5 * 60_000 } satisfies Required<ImapPollerOptions>;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/** Keep one inbox's session going: reconnect after each failure with exponential backoff (with jitter), until aborted. */
async function pollInbox(ctx: AppContext, inbox: InboxRow, settings: ImapSettings, signal: AbortSignal, options: Required<ImapPollerOptions>) {
  let backoff = options.initialBackoffMs;
  while (!signal.aborted) {
    try {
      await runImapSession(ctx, inbox, settings, { signal, pollMs: options.pollMs, onReady: () => (backoff = options.initialBackoffMs) });
    } catch (err) {
      if (signal.aborted) return;
      ctx.log.warn({ err, inboxId: inbox.id, host: settings.host, retryInMs: backoff }, 'IMAP polling failed; reconnecting');
    }
    await sleep(backoff * (0.8 + Math.random() * 0.4), signal);
    backoff = Math.min(backoff * 2, options.maxBackoffMs);
  }
}

/**
 * Poll the IMAP mailbox of every enabled email inbox that has IMAP
 * settings, feeding each new mail through the SMTP listener's path. With
 * several Kefu nodes, each mailbox is polled by one: a node polls an inbox
 * only while it holds the inbox's PostgreSQL advisory lock, on one
 * connection it keeps for that; a node that dies loses its locks with its
 * connection, and another takes them over at its next rescan.
 */
export async function startImapPollers(ctx: AppContext, options: ImapPollerOptions = {}): Promise<ImapPollers> {
  const settings = { ...DEFAULTS, ...options };
  const running = new Map<string, Running>();
  let locks: pg.PoolClient | null = null;
  let stopped = false;
  let scanning: Promise<void> = Promise.resolve();

  async function stopPoller(id: string): Promise<void> {
    const poller = running.get(id);
    if (!poller) return;
    running.delete(id);
    poller.controller.abort();
    await poller.done;
    if (locks) await unlockImapInbox(locks, id).catch(() => undefined);
  }

  /** The connection that holds the locks; when it breaks every lock is gone, so every poller stops. */
  async function lockConnection(): Promise<pg.PoolClient> {
    if (locks) return locks;
    const client = await ctx.db.$client.connect();
    client.on('error', (err) => {
      ctx.log.warn({ err }, 'IMAP lock connection lost; pollers stop until the next rescan');
      if (locks === client) void dropLocks(err);
    });
    locks = client;
    return client;
  }

  async function dropLocks(err?: Error): Promise<void> {
    const client = locks;
    locks = null;
    await Promise.all([...running.keys()].map((id) => stopPoller(id)));
    // Destroyed, not returned to the pool: a pooled connection must not carry this node's locks to other work.
    client?.release(err ?? true);
  }

  async function scan(): Promise<void> {
    const inboxes = stopped ? [] : await findImapInboxes(ctx.db);
    const wanted = new Map(inboxes.flatMap((inbox) => (imapSettingsOf(inbox) ? [[inbox.id, inbox] as const] : [])));
    for (const [id, poller] of running) {
      const inbox = wanted.get(id);
      if (!inbox || JSON.stringify([inbox.settings, inbox.workspaceId]) !== poller.fingerprint) await stopPoller(id);
    }
    if (wanted.size === 0 || stopped) return;
    const client = await lockConnection();
    for (const inbox of wanted.values()) {
      if (running.has(inbox.id)) continue;
      try {
        if (!(await tryLockImapInbox(client, inbox.id))) continue;
      } catch (err) {
        ctx.log.warn({ err }, 'IMAP lock connection failed');
        return dropLocks(err as Error);
      }
      const controller = new AbortController();
      const done = pollInbox(ctx, inbox, imapSettingsOf(inbox)!, controller.signal, settings);
      running.set(inbox.id, { fingerprint: JSON.stringify([inbox.settings, inbox.workspaceId]), controller, done });
    }
  }

  const rescan = () => {
    scanning = scanning.then(scan).catch((err: unknown) => ctx.log.error({ err }, 'IMAP rescan failed'));
    return scanning;
  };
  const timer = setInterval(() => void rescan(), settings.rescanMs);
  timer.unref();
  await rescan();
  return {
    active: () => [...running.keys()],
    rescan,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await rescan();
      await dropLocks();
    },
  };
}
