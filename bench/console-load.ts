/**
 * The agent console's first load in Chromium, on localhost, with
 * BENCH_CONVERSATIONS conversations (10,000) in the workspace.
 *
 * A fresh Kefu with the demo workspace serves the built console (built here
 * when stale). Headless Chromium signs in as the admin (token in local
 * storage, as the login form leaves it) and opens the inbox: navigation →
 * DOMContentLoaded → the list's first rows → the first row clicked at once →
 * its timeline shows messages. Times are taken inside the page (a
 * MutationObserver reading `performance.now()`, whose zero is the start of
 * the navigation). Cold: a new browser context each time (empty HTTP cache);
 * warm: the same page navigated again. Baseline in the same run: the same
 * with BENCH_BASELINE conversations (10) before the rest are seeded.
 *
 *   npm run bench:console    (env: BENCH_CONVERSATIONS=10000 BENCH_MESSAGES_PER=20 BENCH_RUNS=5 BENCH_DATABASE_URL=… an empty database)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startKefu, type RunningKefu } from '../server/boot.ts';
import { loadEnv } from '../server/env.ts';
import { benchRateLimits } from './limits.ts';
import { brainFor } from '../server/modules/bot/index.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../server/test/browser.ts';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const total = num('BENCH_CONVERSATIONS', 10_000);
const baseline = num('BENCH_BASELINE', 10);
const perConversation = num('BENCH_MESSAGES_PER', 20);
const runs = num('BENCH_RUNS', 5);
const password = 'bench-password-123';
const root = fileURLToPath(new URL('../', import.meta.url));
const step = (what: string) => process.stderr.write(`console bench: ${new Date().toISOString().slice(11, 19)} ${what}\n`);

/** Conversations `from`..`to` of the demo widget inbox, each with a contact and `perConversation` messages; a third assigned to `assigneeId`. */
async function seed(kefu: RunningKefu, ids: { workspaceId: string; inboxId: string; assigneeId: string }, from: number, to: number): Promise<void> {
  const client = await kefu.pool.connect();
  const args = [ids.workspaceId, from, to];
  try {
    await client.query('begin');
    // Seeding only: the rows are consistent by construction, so skip per-row foreign-key triggers.
    await client.query('set local session_replication_role = replica');
    await client.query(
      `insert into contacts (workspace_id, id, name, email) select $1, 'ctc_' || lpad(g::text, 26, '0'), '客户' || g, 'c' || g || '@example.com' from generate_series($2::int, $3::int) g`,
      args,
    );
    await client.query(
      `insert into conversations (workspace_id, id, inbox_id, contact_id, status, assignee_id, priority, last_seq, last_message_at, created_at)
       select $1, 'conv_' || lpad(g::text, 26, '0'), $4, 'ctc_' || lpad(g::text, 26, '0'),
         (array['open', 'open', 'pending', 'resolved', 'resolved', 'resolved', 'bot'])[1 + g % 7],
         case when g % 7 < 3 then $5 else null end,
         (array['normal', 'normal', 'normal', 'high', 'low'])[1 + g % 5],
         $6, now() - (g % 90) * interval '1 day' - (g % 86400) * interval '1 second', now() - interval '91 days'
       from generate_series($2::int, $3::int) g`,
      [...args, ids.inboxId, ids.assigneeId, perConversation],
    );
    await client.query(
      `insert into messages (workspace_id, id, conversation_id, inbox_id, seq, type, sender_type, content, status, created_at)
       select $1, 'msg_' || lpad((c * 1000 + s)::text, 26, '0'), 'conv_' || lpad(c::text, 26, '0'), $4, s,
         case when s % 2 = 1 then 'incoming' else 'outgoing' end, case when s % 2 = 1 then 'contact' else 'user' end,
         (array['你好，我的快递到哪里了？', '请问怎么退货？', 'Where is my parcel?', '好的，我帮您查一下订单。', 'Thanks, the refund is on its way.'])[1 + (c + s) % 5],
         'sent', now() - (c % 90) * interval '1 day' - (c % 86400) * interval '1 second' - ($5 - s) * interval '1 minute'
       from generate_series($2::int, $3::int) c, generate_series(1, $5::int) s`,
      [...args, ids.inboxId, perConversation],
    );
    await client.query('commit');
    await client.query('analyze');
  } finally {
    client.release();
  }
}

interface Load {
  dcl: number;
  rows: number;
  opened: number;
  openMs: number;
  bytes: number;
}

/**
 * In the page, from the first script on: when the list's first row appears
 * (then it is clicked at once, as an agent would) and when the opened
 * conversation's first message appears.
 */
const observe = () => {
  const marks: Record<string, number> = {};
  (window as unknown as { benchMarks: Record<string, number> }).benchMarks = marks;
  new MutationObserver(() => {
    const row = document.querySelector<HTMLElement>('.conv-row');
    if (!marks.rows && row) {
      marks.rows = performance.now();
      row.click();
    }
    if (marks.rows && !marks.opened && document.querySelector('.timeline .msg')) marks.opened = performance.now();
  }).observe(document, { childList: true, subtree: true });
};

/** One load of `url`: navigate; the page clicks the first row itself; wait for its messages. */
async function loadOnce(page: Page, url: string): Promise<Load> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { benchMarks?: Record<string, number> }).benchMarks?.opened, null, {
    timeout: 60_000,
    polling: 50,
  });
  return page.evaluate(() => {
    const marks = (window as unknown as { benchMarks: Record<string, number> }).benchMarks;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const bytes = [nav, ...resources].reduce((sum, r) => sum + r.transferSize, 0);
    return { dcl: nav.domContentLoadedEventEnd, rows: marks.rows!, opened: marks.opened!, openMs: marks.opened! - marks.rows!, bytes };
  });
}

async function newContext(browser: Browser, token: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  await context.addInitScript((t) => {
    window.localStorage.setItem('kefu.token', t);
    window.localStorage.setItem('kefu.locale', 'en');
  }, token);
  await context.addInitScript(observe);
  return context;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** `runs` cold loads (a new context each) and `runs` warm ones (one context, loaded again); medians of each measure. */
async function measure(browser: Browser, token: string, url: string): Promise<{ cold: Load; warm: Load }> {
  const cold: Load[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await newContext(browser, token);
    cold.push(await loadOnce(await context.newPage(), url));
    await context.close();
  }
  const context = await newContext(browser, token);
  const page = await context.newPage();
  await loadOnce(page, url);
  const warm: Load[] = [];
  for (let i = 0; i < runs; i++) warm.push(await loadOnce(page, url));
  await context.close();
  const pick = (loads: Load[]): Load => ({
    dcl: median(loads.map((l) => l.dcl)),
    rows: median(loads.map((l) => l.rows)),
    opened: median(loads.map((l) => l.opened)),
    openMs: median(loads.map((l) => l.openMs)),
    bytes: median(loads.map((l) => l.bytes)),
  });
  return { cold: pick(cold), warm: pick(warm) };
}

/** The console's JavaScript and CSS as built: raw and gzip bytes. */
function bundleSizes(): string {
  const dir = path.join(root, 'web', 'dist', 'assets');
  const files = readdirSync(dir).filter((f) => /\.(js|css)$/.test(f));
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  const rows = files.map((f) => {
    const raw = statSync(path.join(dir, f)).size;
    return { f, raw, gz: gzipSync(readFileSync(path.join(dir, f))).length };
  });
  rows.sort((a, b) => b.raw - a.raw);
  const sum = (k: 'raw' | 'gz') => rows.reduce((s, r) => s + r[k], 0);
  return `Console assets (web/dist/assets, ${rows.length} files): ${kb(sum('raw'))} raw, ${kb(sum('gz'))} gzip; largest: ${rows
    .slice(0, 4)
    .map((r) => `${r.f} ${kb(r.raw)} (${kb(r.gz)} gzip)`)
    .join(', ')}`;
}

const ms = (n: number) => n.toFixed(0);
const line = (what: string, l: Load) =>
  `| ${what} | ${ms(l.dcl)} | ${ms(l.rows)} | ${ms(l.openMs)} | ${ms(l.opened)} | ${(l.bytes / 1024).toFixed(0)} |`;

async function main(): Promise<void> {
  execFileSync(process.execPath, ['web/scripts/ensure-build.mjs'], { cwd: root, stdio: 'inherit' });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-bench-console-'));
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
      ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    }),
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const res = await fetch(`${kefu.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.kefu.local', password }),
    });
    const { token, user, workspaceId } = (await res.json()) as { token: string; user: { id: string }; workspaceId: string };
    const inboxes = (await (await fetch(`${kefu.url}/api/v1/inboxes`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      items: { id: string; channel: string }[];
    };
    const ids = { workspaceId, inboxId: inboxes.items.find((i) => i.channel === 'widget')!.id, assigneeId: user.id };
    const views = [
      { name: 'mine, open (the default view)', url: `${kefu.url}/inbox` },
      { name: 'all conversations', url: `${kefu.url}/inbox?view=all&status=all` },
    ];
    // Kefu trains the demo bot at boot: let it finish, so no load shares the CPU with it.
    await brainFor(kefu.ctx, workspaceId);
    await seed(kefu, ids, 1, baseline);
    step(`seeded ${baseline}`);
    const small: { cold: Load; warm: Load }[] = [];
    for (const view of views) small.push(await measure(browser, token, view.url));
    const started = performance.now();
    await seed(kefu, ids, baseline + 1, total);
    const seedSeconds = (performance.now() - started) / 1000;
    step(`seeded ${total}`);
    const large: { cold: Load; warm: Load }[] = [];
    for (const view of views) large.push(await measure(browser, token, view.url));
    const rows = views.flatMap((view, i) => [
      line(`${baseline} conversations, ${view.name}, cold (baseline)`, small[i]!.cold),
      line(`${baseline} conversations, ${view.name}, warm (baseline)`, small[i]!.warm),
      line(`**${total.toLocaleString('en')} conversations, ${view.name}, cold**`, large[i]!.cold),
      line(`${total.toLocaleString('en')} conversations, ${view.name}, warm`, large[i]!.warm),
    ]);
    process.stdout.write(
      [
        `Console first load — Chromium ${browser.version()} headless, localhost, ${total.toLocaleString('en')} conversations × ${perConversation} messages ` +
          `(seeded in ${seedSeconds.toFixed(0)} s), median of ${runs} loads each, ${os.cpus().length} cores, Node ${process.version}`,
        '',
        '| load | → DOMContentLoaded ms | → list rows ms | rows → messages (click at once) ms | → conversation open ms | transferred KiB |',
        '| --- | --- | --- | --- | --- | --- |',
        ...rows,
        '',
        bundleSizes(),
        '',
      ].join('\n'),
    );
  } finally {
    await browser.close();
    await kefu.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
