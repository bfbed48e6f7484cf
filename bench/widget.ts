/**
 * Widget channel under load, on Kefu with embedded PostgreSQL.
 *
 * Default: BENCH_PAIRS conversations (200), each a visitor with two sockets;
 * one sends, and the round trip is "send → stored → pushed to the second
 * socket through the realtime fan-out". Beside it, the same clients against
 * a bare `ws` relay (send → relayed to the second socket), measured in the
 * same run on the same machine.
 *
 *   npm run bench:widget                 (env: BENCH_SECONDS=10 BENCH_PAIRS=200, BENCH_INTERVAL_MS=0)
 *
 * `--chaos`: BENCH_CHAOS_CLIENTS visitors (200) write BENCH_CHAOS_MESSAGES
 * messages (100000) between them while their sockets are killed at random;
 * then every conversation is read back and checked: no message lost, none
 * stored twice, none delivered twice or out of order to its client.
 *
 *   npm run bench:widget -- --chaos      (env: BENCH_CHAOS_MESSAGES=20000 to shrink)
 *
 * `--bot`: the demo bot answers. Each visitor asks questions from the demo
 * knowledge base (zh and en, rotating); the round trip is "send → stored →
 * understood → answer and dialogue state stored → the answer reaches the
 * second socket". Every message and every answer is durable in PostgreSQL.
 *
 *   npm run bench:widget -- --bot
 */
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';
import { startKefu, type RunningKefu } from '../server/boot.ts';
import { loadEnv } from '../server/env.ts';
import { benchRateLimits } from './limits.ts';
import { loadDemoContent } from '../server/demo/content.ts';
import { brainFor } from '../server/modules/bot/index.ts';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const chaosMode = process.argv.includes('--chaos');
const botMode = process.argv.includes('--bot');

interface Summary {
  messages: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

interface ChaosReport {
  drops: number;
  reconnects: number;
  rateLimited: number;
  perClient: number;
  seconds: number;
  clients: { conversationId: string | null; sent: number; acked: number; received: number; duplicates: number; gaps: number; maxSeq: number }[];
}

/** Runs the load generator; `onWindow` hears when its measured window starts and ends. */
function runWorker<T>(data: Record<string, unknown>, onWindow?: (edge: 'start' | 'end') => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./widget-worker.mjs', import.meta.url), { workerData: data });
    worker.on('message', (message: T | { window: 'start' | 'end' }) => {
      if (message && typeof message === 'object' && 'window' in message) onWindow?.(message.window);
      else resolve(message);
    });
    worker.once('error', reject);
  });
}

/** The baseline: a `ws` server that relays each frame to the other sockets of its room. */
function startRelay(): Promise<{ url: string; close(): Promise<void> }> {
  const rooms = new Map<string, Set<WebSocket>>();
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  server.on('connection', (socket, req) => {
    const room = new URL(req.url ?? '/', 'http://x').searchParams.get('room') ?? '';
    const members = rooms.get(room) ?? new Set();
    rooms.set(room, members.add(socket));
    socket.on('message', (data) => {
      for (const other of members) if (other !== socket) other.send(String(data));
    });
    socket.on('close', () => members.delete(socket));
  });
  return new Promise((resolve) =>
    server.once('listening', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `ws://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

async function api(kefu: RunningKefu, token: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${kefu.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

/** The demo workspace's widget inbox, with its per-visitor rate limit lifted for the run; the bot answers only in `--bot`. */
async function prepareInbox(kefu: RunningKefu, password: string): Promise<{ inboxId: string; token: string }> {
  const login = await fetch(`${kefu.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.kefu.local', password }),
  });
  const { token } = (await login.json()) as { token: string };
  const { items } = (await api(kefu, token, 'GET', '/api/v1/inboxes')) as { items: { id: string; channel: string }[] };
  const inboxId = items.find((i) => i.channel === 'widget')!.id;
  await api(kefu, token, 'PATCH', `/api/v1/inboxes/${inboxId}`, {
    settings: { rateLimit: { burst: 10_000, perMinute: 1_000_000 } },
    botEnabled: botMode,
  });
  return { inboxId, token };
}

const row = (name: string, r: Summary) =>
  `| ${name} | ${r.messages} | ${r.errors} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(2)} |`;

async function latency(kefu: RunningKefu, inboxId: string): Promise<void> {
  const pairs = num('BENCH_PAIRS', 200);
  const seconds = num('BENCH_SECONDS', 10);
  /** 0: every conversation sends again as soon as it is answered (saturation); N: one message per N ms each (a fixed offered load). */
  const intervalMs = num('BENCH_INTERVAL_MS', 0);
  const relay = await startRelay();
  try {
    const bare = await runWorker<{ echo: Summary }>({ mode: 'latency', target: 'bare', wsUrl: relay.url, pairs, seconds, intervalMs });
    const ws = kefu.url.replace(/^http/, 'ws');
    // How long Kefu's event loop was blocked while it served the widget run: a p99 far above the
    // loop's own delays points at waiting (database, locks), not at JavaScript.
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    let poolWaitMax = 0;
    const poolProbe = setInterval(() => (poolWaitMax = Math.max(poolWaitMax, kefu.pool.waitingCount)), 20);
    // What PostgreSQL's sessions are waiting on, sampled through the run (BENCH_PG_WAITS=1).
    const waits = new Map<string, number>();
    // Its own connection: a probe queued behind Kefu's own queries would only see the quiet moments.
    const probePool = new pg.Pool({ ...(kefu.pool as unknown as { options: pg.PoolConfig }).options, max: 1 });
    const waitProbe = process.env.BENCH_PG_WAITS
      ? setInterval(() => {
          probePool
            .query(
              "select coalesce(wait_event_type, 'cpu') as t, coalesce(wait_event, state) as e, count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and state <> 'idle' and pid <> pg_backend_pid() group by 1, 2",
            )
            .then((r) =>
              r.rows.forEach((row: { t: string; e: string; n: number }) =>
                waits.set(`${row.t}/${row.e}`, (waits.get(`${row.t}/${row.e}`) ?? 0) + row.n),
              ),
            )
            .catch(() => undefined);
        }, 100)
      : undefined;
    let cpuBefore = cpuSeconds();
    let cpuAfter = cpuBefore;
    const widget = await runWorker<{ echo: Summary; ack: Summary }>(
      {
        mode: 'latency',
        target: 'kefu',
        ...(botMode ? { expect: 'bot', questions: await benchQuestions() } : {}),
        httpUrl: kefu.url,
        wsUrl: ws,
        inboxId,
        pairs,
        seconds,
        intervalMs,
      },
      (edge) => (edge === 'start' ? (cpuBefore = cpuSeconds()) : (cpuAfter = cpuSeconds())),
    );
    clearInterval(poolProbe);
    if (waitProbe) clearInterval(waitProbe);
    await probePool.end();
    if (waits.size)
      process.stdout.write(
        `PostgreSQL waits (session-samples): ${[...waits]
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}\n`,
      );
    process.stdout.write(
      [
        `${botMode ? 'Bot answers through the widget' : 'Widget round trip'} — ${pairs} conversations (2 sockets each), ${seconds} s each, ${
          intervalMs
            ? `paced: one message per ${intervalMs} ms per conversation (${Math.round((pairs * 1000) / intervalMs)} msgs/s offered)`
            : 'saturation'
        }, ${os.cpus().length} cores, Node ${process.version}`,
        '',
        '| path | messages | errors | msgs/s | p50 ms | p99 ms | max ms |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        row('bare `ws` relay: send → second socket (baseline)', bare.echo),
        row(botMode ? 'Kefu bot: send → stored → answered, stored → second socket' : 'Kefu widget: send → stored → second socket', widget.echo),
        row('Kefu widget: send → ack (committed)', widget.ack),
        '',
        `Kefu event-loop delay during its run: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms; most queries queued for a pool connection at once: ${poolWaitMax} (pool of ${kefu.pool.options.max})`,
        '',
        cpuLine(cpuBefore, cpuAfter, widget.echo.messages),
        '',
        `Kefu / bare: ${(widget.echo.perSecond / bare.echo.perSecond).toFixed(3)}× the throughput, ${(widget.echo.p50 / bare.echo.p50).toFixed(1)}× the p50, ${(widget.echo.p99 / bare.echo.p99).toFixed(1)}× the p99 latency`,
        '',
      ].join('\n'),
    );
  } finally {
    await relay.close();
  }
}

/**
 * CPU seconds spent so far by Kefu's event loop (the main thread, read per
 * thread so the load-generating worker is not counted), by the other threads
 * of this process, and by the embedded PostgreSQL this process started (its
 * postmaster and the postmaster's children).
 */
function cpuSeconds(): { kefu: number; others: number; postgres: number } {
  const tick = 100; // USER_HZ on Linux
  const fieldsOf = (stat: string) => (stat ? stat.slice(stat.lastIndexOf(')') + 2).split(' ') : []);
  const seconds = (fields: string[]) => (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / tick;
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const procs = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((pid) => ({ pid, fields: fieldsOf(read(`/proc/${pid}/stat`)) }));
  const postmasters = new Set(procs.filter((p) => p.fields[1] === String(process.pid)).map((p) => p.pid));
  const postgres = procs.filter((p) => postmasters.has(p.pid) || postmasters.has(p.fields[1] ?? '')).reduce((sum, p) => sum + seconds(p.fields), 0);
  const threads = readdirSync('/proc/self/task').reduce((sum, tid) => sum + seconds(fieldsOf(read(`/proc/self/task/${tid}/stat`))), 0);
  const main = seconds(fieldsOf(read(`/proc/self/task/${process.pid}/stat`)));
  return { kefu: main, others: threads - main, postgres };
}

/** Where the CPU went, per answered (or relayed) message: a figure that holds even when other work shares the machine. */
function cpuLine(before: ReturnType<typeof cpuSeconds>, after: ReturnType<typeof cpuSeconds>, messages: number): string {
  if (process.platform !== 'linux' || !messages) return '';
  const spent = (key: keyof typeof before) => {
    const s = after[key] - before[key];
    return `${s.toFixed(1)} s (${((s * 1000) / messages).toFixed(2)} ms per message)`;
  };
  return `CPU in the measured window: Kefu's event loop ${spent('kefu')}, PostgreSQL ${spent('postgres')}, the load generator and other threads ${spent('others')}`;
}

/** Read every conversation back through the API: count rows and distinct contents against what was sent. */
async function verifyStored(kefu: RunningKefu, token: string, report: ChaosReport) {
  let lost = 0;
  let storedTwice = 0;
  let rows = 0;
  for (const client of report.clients) {
    if (!client.conversationId) {
      lost += client.sent;
      continue;
    }
    const contents: string[] = [];
    for (let after = 0; ;) {
      const page = (await api(kefu, token, 'GET', `/api/v1/conversations/${client.conversationId}/messages?afterSeq=${after}&limit=200`)) as {
        items: { seq: number; content: string }[];
      };
      contents.push(...page.items.map((m) => m.content));
      if (page.items.length < 200) break;
      after = page.items.at(-1)!.seq;
    }
    rows += contents.length;
    const distinct = new Set(contents).size;
    storedTwice += contents.length - distinct;
    lost += Math.max(0, client.sent - distinct);
  }
  return { rows, lost, storedTwice };
}

async function chaos(kefu: RunningKefu, inboxId: string, token: string): Promise<void> {
  const spec = {
    mode: 'chaos',
    httpUrl: kefu.url,
    wsUrl: kefu.url.replace(/^http/, 'ws'),
    inboxId,
    clients: num('BENCH_CHAOS_CLIENTS', 200),
    messages: num('BENCH_CHAOS_MESSAGES', 100_000),
    window: num('BENCH_CHAOS_WINDOW', 4),
    dropAfterSend: num('BENCH_CHAOS_DROP_AFTER_SEND', 0.01),
    dropPerTick: num('BENCH_CHAOS_DROP_PER_TICK', 0.02),
    reconnectMs: 100,
  };
  const report = await runWorker<ChaosReport>(spec);
  const stored = await verifyStored(kefu, token, report);
  const sum = (key: 'sent' | 'acked' | 'received' | 'duplicates' | 'gaps') => report.clients.reduce((n, c) => n + c[key], 0);
  const sent = sum('sent');
  process.stdout.write(
    [
      `Widget reconnect chaos — ${spec.clients} visitors × ${report.perClient} messages, window ${spec.window}, drop after send p=${spec.dropAfterSend}, random drop p=${spec.dropPerTick}/250 ms`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| messages sent (distinct clientMessageIds) | ${sent} |`,
      `| acknowledged | ${sum('acked')} |`,
      `| sockets killed / reconnects | ${report.drops} / ${report.reconnects} |`,
      `| rows stored | ${stored.rows} |`,
      `| lost (sent, not stored) | ${stored.lost} |`,
      `| stored twice | ${stored.storedTwice} |`,
      `| received by their client (once each) | ${sum('received')} |`,
      `| delivered twice to a client | ${sum('duplicates')} |`,
      `| out of order / gap at a client | ${sum('gaps')} |`,
      `| rate-limited retries | ${report.rateLimited} |`,
      `| wall time | ${report.seconds.toFixed(1)} s (${(sent / report.seconds).toFixed(0)} msgs/s through the chaos) |`,
      '',
      stored.lost || stored.storedTwice || sum('duplicates') || sum('gaps') || sum('received') !== sent
        ? 'FAIL: see above'
        : 'OK: zero lost, zero duplicated',
      '',
    ].join('\n'),
  );
  if (stored.lost || stored.storedTwice || sum('duplicates') || sum('gaps')) process.exitCode = 1;
}

/** What bench visitors ask: the demo knowledge base's similar questions, both languages, shuffled. */
async function benchQuestions(): Promise<string[]> {
  const content = loadDemoContent();
  // Questions that ask for a person would end the bot's part of the conversation (and the bench's round trips).
  const handsOff = /人工|真人|客服电话|投诉|human|agent|person|complain/i;
  const questions = content.faqs.flatMap((f) => [...f['zh-CN'].similar.slice(0, 3), ...f.en.similar.slice(0, 3)]).filter((q) => !handsOff.test(q));
  for (let i = questions.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [questions[i], questions[j]] = [questions[j]!, questions[i]!];
  }
  return questions;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-bench-widget-'));
  await chmod(dataDir, 0o755);
  const password = 'bench-password-123';
  const kefu = await startKefu(
    loadEnv({
      ...benchRateLimits,
      PORT: '0',
      KEFU_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      KEFU_ADMIN_PASSWORD: password,
      KEFU_JOBS: 'false',
      KEFU_DB_POOL_MAX: process.env.KEFU_DB_POOL_MAX ?? '20',
    }),
  );
  try {
    const { inboxId, token } = await prepareInbox(kefu, password);
    // Kefu trains the demo bot at boot on a worker thread: let it finish, so no run shares the CPU with it.
    const demo = (await api(kefu, token, 'GET', '/api/v1/workspace')) as { id: string };
    const brain = await brainFor(kefu.ctx, demo.id);
    if (botMode) {
      process.stdout.write(
        `Demo bot trained in ${(brain.trainMs / 1000).toFixed(1)} s (${brain.stats.examples} examples, ${brain.stats.intents} intents, ${brain.stats.faqs} FAQ items)\n`,
      );
    }
    if (chaosMode) await chaos(kefu, inboxId, token);
    else await latency(kefu, inboxId);
  } finally {
    await kefu.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
