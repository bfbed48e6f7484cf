/**
 * Bot → agent handoff under load: how long after a customer asks for a
 * person the conversation shows in a free agent's console.
 *
 * A fresh Kefu with the demo workspace; BENCH_AGENTS agents (20) with
 * capacity BENCH_CAPACITY (10) sign in, open the console's realtime socket
 * (as web/src/console/realtime.tsx does) and go online through the presence
 * API. BENCH_CONVERSATIONS customers (200) open the widget, each has one bot
 * turn, then all ask for a person at once ("转人工" / "human please"). For
 * each: from the send of that message to the first console event whose
 * conversation is open and assigned to the receiving agent (what puts it in
 * their "mine" list, use-conversation-list.ts). Baselines from the same run:
 * the console socket's ping round trip and the bot's answer to the ordinary
 * question, with every customer asking at once.
 *
 * Then, agents full: BENCH_OVERFLOW (20) more customers hand off and wait in
 * the queue; as many agents resolve one conversation each, at once; for each
 * resolve, the time until a waiting conversation shows in that agent's console.
 *
 *   npm run bench:handoff    (env: BENCH_AGENTS BENCH_CAPACITY BENCH_CONVERSATIONS BENCH_OVERFLOW BENCH_SPREAD_MS=0 KEFU_DB_POOL_MAX=20, BENCH_DATABASE_URL=… an empty database,
 *                            BENCH_QUERIES=1 to list the statements sent during the handoff window)
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { startKefu, type RunningKefu } from '../server/boot.ts';
import { loadEnv } from '../server/env.ts';
import { benchRateLimits } from './limits.ts';
import { brainFor } from '../server/modules/bot/index.ts';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const agentCount = num('BENCH_AGENTS', 20);
const capacity = num('BENCH_CAPACITY', 10);
const conversations = num('BENCH_CONVERSATIONS', 200);
const overflow = num('BENCH_OVERFLOW', 20);
/** 0: every customer hands off at the same moment; N: each at a random moment within N ms. */
const spreadMs = num('BENCH_SPREAD_MS', 0);
const password = 'bench-password-123';
const step = (what: string) => process.stderr.write(`handoff bench: ${new Date().toISOString().slice(11, 19)} ${what}\n`);

interface Agent {
  userId: string;
  token: string;
}

interface Report {
  pings: number[];
  botTurns: (number | null)[];
  handoff: {
    conversationId: string;
    /** Epoch ms of the handoff send, comparable with Kefu's own clock. */
    sentAt: number;
    shownMs: number | null;
    assignedMs: number | null;
    via: string | null;
    queued: boolean;
    botReplyMs: number | null;
  }[];
  freed: { queuedBefore: number; waiting: number; latencies: { resolveMs: number; shownMs: number | null }[] } | null;
  error?: string;
}

async function call<T>(kefu: RunningKefu, token: string | null, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${kefu.url}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

const login = (kefu: RunningKefu, email: string) =>
  call<{ token: string; user: { id: string } }>(kefu, null, 'POST', '/api/v1/auth/login', { email, password });

/** Invite, accept and sign in `agentCount` agents with capacity `capacity` (offline until the worker connects them). */
async function makeAgents(kefu: RunningKefu, admin: string): Promise<Agent[]> {
  const agents: Agent[] = [];
  const { items: roles } = await call<{ items: { id: string; key: string }[] }>(kefu, admin, 'GET', '/api/v1/roles');
  const roleId = roles.find((r) => r.key === 'agent')!.id;
  for (let i = 0; i < agentCount; i++) {
    const email = `bench-agent-${i}@demo.kefu.local`;
    const { token } = await call<{ token: string }>(kefu, admin, 'POST', '/api/v1/invitations', { email, roleId });
    const user = await call<{ id: string }>(kefu, null, 'POST', '/api/v1/invitations/accept', { token, name: `Agent ${i}`, password });
    await call(kefu, admin, 'PATCH', `/api/v1/routing/agents/${user.id}`, { capacity });
    agents.push({ userId: user.id, token: (await login(kefu, email)).token });
  }
  return agents;
}

function runWorker(data: Record<string, unknown>): Promise<Report> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./handoff-worker.mjs', import.meta.url), { workerData: data });
    worker.once('message', (report: Report) => (report.error ? reject(new Error(report.error)) : resolve(report)));
    worker.once('error', reject);
  });
}

const gap = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? null : to - from);

function stats(values: (number | null)[]): string {
  const got = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const at = (p: number) => (got.length ? got[Math.min(got.length - 1, Math.floor(p * got.length))]!.toFixed(1) : '–');
  return `${got.length} | ${at(0.5)} | ${at(0.9)} | ${at(0.99)} | ${got.length ? got.at(-1)!.toFixed(1) : '–'}`;
}

interface QueryLog {
  at: number;
  ms: number;
  text: string;
}

/**
 * BENCH_QUERIES=1: every statement Kefu sends (pg.Client#query), with when it
 * was sent and how long the server took, to count the statements per handoff.
 */
function watchQueries(): QueryLog[] | null {
  if (!process.env.BENCH_QUERIES) return null;
  const log: QueryLog[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as string | { text?: string; name?: string };
    const text = (typeof config === 'string' ? config : (config?.name ?? config?.text ?? '?')).replace(/\s+/g, ' ').trim().slice(0, 90);
    const entry = { at: performance.timeOrigin + performance.now(), ms: -1, text };
    log.push(entry);
    const end = () => (entry.ms = performance.timeOrigin + performance.now() - entry.at);
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (...cb: unknown[]) => (end(), (last as (...a: unknown[]) => unknown)(...cb));
      return query.apply(this, args);
    }
    const out = query.apply(this, args) as Promise<unknown> | undefined;
    void out?.then?.(end, end);
    return out;
  };
  return log;
}

/** Statements sent during the handoff (first send → last shown), grouped by their text's start: count, per handoff, total server ms. */
function printQueries(log: QueryLog[], report: Report): void {
  const from = Math.min(...report.handoff.map((r) => r.sentAt));
  const to = Math.max(...report.handoff.map((r) => r.sentAt + (r.shownMs ?? 0)));
  const groups = new Map<string, { n: number; ms: number }>();
  for (const q of log) {
    if (q.at < from || q.at > to) continue;
    const g = groups.get(q.text) ?? groups.set(q.text, { n: 0, ms: 0 }).get(q.text)!;
    g.n += 1;
    g.ms += Math.max(0, q.ms);
  }
  const rows = [...groups].sort((a, b) => b[1].n - a[1].n);
  const total = rows.reduce((sum, [, g]) => sum + g.n, 0);
  const lines = [
    `Statements during the handoff window (${(to - from).toFixed(0)} ms): ${total}, ${(total / report.handoff.length).toFixed(1)} per handoff`,
  ];
  for (const [text, g] of rows) lines.push(`  ${String(g.n).padStart(5)}  ${(g.ms / g.n).toFixed(1).padStart(7)} ms avg  ${text}`);
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

/** When (epoch ms, comparable across threads) Kefu emitted the events of each conversation's handoff. */
type Stages = Map<string, { stored?: number; replied?: number; handedOff?: number; assigned?: number }>;

function watchStages(kefu: RunningKefu): Stages {
  const stages: Stages = new Map();
  const now = () => performance.timeOrigin + performance.now();
  const of = (id: string) => stages.get(id) ?? stages.set(id, {}).get(id)!;
  // A customer's last message is the handoff request; the bot's first reply after it answers it (later bot lines —
  // the satisfaction survey when the "agents full" run resolves a conversation — are not the answer).
  kefu.ctx.bus.on('message.created', ({ payload: { message, conversation } }) => {
    const stage = of(conversation.id);
    if (message.type === 'incoming') Object.assign(stage, { stored: now(), replied: undefined });
    else if (message.type === 'outgoing' && message.senderType === 'bot') stage.replied ??= now();
  });
  kefu.ctx.bus.on('bot.handed_off', ({ payload }) => void (of(payload.conversationId).handedOff ??= now()));
  kefu.ctx.bus.on('conversation.assigned', ({ payload }) => void (of(payload.conversation.id).assigned ??= now()));
  return stages;
}

/**
 * How long transactions waited for a pool connection (`pool.connect()` with
 * no callback is how a transaction takes one; single queries are not timed).
 */
function watchConnectWaits(kefu: RunningKefu): number[] {
  const waits: number[] = [];
  const pool = kefu.pool as unknown as { connect: (...args: unknown[]) => unknown };
  const connect = pool.connect.bind(pool);
  pool.connect = (...args: unknown[]) => {
    if (args.length) return connect(...args);
    const t0 = performance.now();
    return (connect() as Promise<unknown>).then((client) => (waits.push(performance.now() - t0), client));
  };
  return waits;
}

function print(report: Report, stages: Stages, loop: IntervalHistogram, pool: string): void {
  const h = report.handoff;
  const via = new Map<string, number>();
  for (const r of h) if (r.via) via.set(r.via, (via.get(r.via) ?? 0) + 1);
  const lines = [
    `Bot → agent handoff — ${conversations} customers hand off ${spreadMs ? `within ${spreadMs} ms (${((conversations * 1000) / spreadMs).toFixed(0)}/s)` : 'at once'} to ${agentCount} online agents × capacity ${capacity}, ${os.cpus().length} cores, Node ${process.version}`,
    '',
    '| measure | n | p50 ms | p90 ms | p99 ms | max ms |',
    '| --- | --- | --- | --- | --- | --- |',
    `| console socket ping → pong, idle (baseline) | ${stats(report.pings)} |`,
    `| bot answers an ordinary question, ${conversations} at once (baseline) | ${stats(report.botTurns)} |`,
    `| handoff message sent → the bot's handoff reply at the widget | ${stats(h.map((r) => r.botReplyMs))} |`,
    `| handoff message sent → \`conversation.assigned\` at the agent's console | ${stats(h.map((r) => r.assignedMs))} |`,
    `| … sent → Kefu emits \`bot.handed_off\` (stored, understood, answered, handed off) | ${stats(h.map((r) => gap(r.sentAt, stages.get(r.conversationId)?.handedOff)))} |`,
    `| … … sent → the message stored (\`message.created\`) | ${stats(h.map((r) => gap(r.sentAt, stages.get(r.conversationId)?.stored)))} |`,
    `| … … stored → the bot's reply committed (understood, answered) | ${stats(h.map((r) => gap(stages.get(r.conversationId)?.stored, stages.get(r.conversationId)?.replied)))} |`,
    `| … … reply committed → \`bot.handed_off\` (note, status, timeline line committed) | ${stats(h.map((r) => gap(stages.get(r.conversationId)?.replied, stages.get(r.conversationId)?.handedOff)))} |`,
    `| … \`bot.handed_off\` → \`conversation.assigned\` emitted (routing pass committed) | ${stats(h.map((r) => gap(stages.get(r.conversationId)?.handedOff, stages.get(r.conversationId)?.assigned)))} |`,
    `| … \`conversation.assigned\` emitted → shows at the agent's console | ${stats(h.map((r) => (r.shownMs === null ? null : gap(stages.get(r.conversationId)?.assigned, r.sentAt + r.shownMs))))} |`,
    `| **handoff message sent → shows in the agent's console (mine / open)** | ${stats(h.map((r) => r.shownMs))} |`,
  ];
  if (report.freed)
    lines.push(
      `| agents full: resolve sent → a waiting conversation shows in that agent's console | ${stats(report.freed.latencies.map((l) => l.shownMs))} |`,
    );
  if (report.freed) lines.push(`| agents full: resolve request answered | ${stats(report.freed.latencies.map((l) => l.resolveMs))} |`);
  lines.push(
    '',
    `Assigned (shown): ${h.filter((r) => r.shownMs !== null).length} of ${h.length}; queued first: ${h.filter((r) => r.queued).length}; ` +
      `never shown: ${h.filter((r) => r.shownMs === null).length}; first event that showed it: ${[...via].map(([k, n]) => `${k} ${n}`).join(', ')}`,
  );
  lines.push(
    `Kefu event-loop delay over the run: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms; ${pool}`,
  );
  if (report.freed)
    lines.push(
      `Agents full: ${report.freed.queuedBefore} of ${report.freed.waiting} further handoffs waited in the queue; ${report.freed.latencies.length} agents resolved one each at once`,
    );
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

async function main(): Promise<void> {
  const queries = watchQueries();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-bench-handoff-'));
  await chmod(dataDir, 0o755);
  const kefu = await startKefu(
    loadEnv({
      ...benchRateLimits,
      PORT: '0',
      KEFU_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      KEFU_ADMIN_PASSWORD: password,
      KEFU_JOBS: 'false',
      KEFU_SMTP_PORT: '0',
      KEFU_DB_POOL_MAX: process.env.KEFU_DB_POOL_MAX ?? '20',
      ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    }),
  );
  try {
    step('Kefu started');
    const admin = (await login(kefu, 'admin@demo.kefu.local')).token;
    const { items } = await call<{ items: { id: string; channel: string }[] }>(kefu, admin, 'GET', '/api/v1/inboxes');
    const inboxId = items.find((i) => i.channel === 'widget')!.id;
    await call(kefu, admin, 'PATCH', `/api/v1/inboxes/${inboxId}`, {
      settings: { rateLimit: { burst: 10_000, perMinute: 1_000_000 } },
      botEnabled: true,
    });
    // Kefu trains the demo bot at boot on a worker thread: let it finish before the clock starts.
    const workspace = await call<{ id: string }>(kefu, admin, 'GET', '/api/v1/workspace');
    await brainFor(kefu.ctx, workspace.id);
    step('bot trained');
    const agents = await makeAgents(kefu, admin);
    const stages = watchStages(kefu);
    const connectWaits = watchConnectWaits(kefu);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    let poolWaitMax = 0;
    const poolProbe = setInterval(() => (poolWaitMax = Math.max(poolWaitMax, kefu.pool.waitingCount)), 20);
    step(`${agents.length} agents signed in`);
    const report = await runWorker({
      httpUrl: kefu.url,
      wsUrl: kefu.url.replace(/^http/, 'ws'),
      inboxId,
      agents,
      conversations,
      overflow,
      spreadMs,
      waitMs: 30_000,
    });
    loop.disable();
    clearInterval(poolProbe);
    print(
      report,
      stages,
      loop,
      `most queries queued for a pool connection at once: ${poolWaitMax} (pool of ${kefu.pool.options.max}); a transaction's wait for a connection, n | p50 | p90 | p99 | max ms: ${stats(connectWaits)}`,
    );
    if (queries) printQueries(queries, report);
  } finally {
    await kefu.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
