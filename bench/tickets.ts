/**
 * The ticket list at scale: BENCH_TICKETS tickets (1,000,000) in the demo
 * workspace of a fresh Kefu, seeded in SQL (a year of tickets over 20,000
 * requesters, a 3-level category tree of 36 leaves, 5 teams, every status and
 * priority, ticket numbers), then concurrent clients on the list's views and
 * filters — first page, a page 20 deep by keyset cursor, by status, mine,
 * unassigned, team, category, priority, requester, number lookup and subject
 * search — beside `GET /health` (one database ping) as the baseline.
 *
 *   npm run bench:tickets    (env: BENCH_TICKETS=1000000 BENCH_SECONDS=5 BENCH_CONCURRENCY=10 BENCH_DATABASE_URL=…)
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startKefu, type RunningKefu } from '../server/boot.ts';
import { loadEnv } from '../server/env.ts';
import { benchRateLimits } from './limits.ts';
import { formatRow, runLoad } from './http-load.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10);
const ticketCount = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const CONTACTS = 20_000;

const SUBJECTS = [
  '耳机充不进电',
  '退款还没到账',
  '快递三天没更新',
  '要求开发票',
  '账号被盗了',
  '优惠券用不了',
  'Refund not received',
  'Parcel lost',
  'Wrong size delivered',
  'Cannot log in',
];

async function seed(kefu: RunningKefu, workspaceId: string, userIds: string[]): Promise<{ seconds: number; teamId: string; leafId: string }> {
  const started = performance.now();
  const client = await kefu.pool.connect();
  const id = (prefix: string, n: string) => `'${prefix}_' || lpad((${n})::text, 26, '0')`;
  try {
    await client.query('begin');
    // Seeding only: rows are consistent by construction, so skip per-row foreign-key triggers.
    await client.query('set local session_replication_role = replica');
    await client.query(`insert into contacts (workspace_id, id, name) select $1, ${id('ctc', 'g')}, '客户' || g from generate_series(1, $2) g`, [
      workspaceId,
      CONTACTS,
    ]);
    await client.query(`insert into teams (workspace_id, id, name) select $1, ${id('team', 'g')}, '组' || g from generate_series(1, 5) g`, [
      workspaceId,
    ]);
    // 6 level-1 × 3 level-2 × 2 level-3 = 36 leaves; leaf n (1..36) has id tcat_…(100 + n).
    await client.query(
      `insert into ticket_categories (workspace_id, id, parent_id, level, key, name, team_id)
       select $1, ${id('tcat', 'a')}, null, 1, 'l1_' || a, '一级' || a, ${id('team', '1 + a % 5')} from generate_series(1, 6) a
       union all
       select $1, ${id('tcat', '10 + (a - 1) * 3 + b')}, ${id('tcat', 'a')}, 2, 'l2_' || b, '二级' || b, null from generate_series(1, 6) a, generate_series(1, 3) b
       union all
       select $1, ${id('tcat', '100 + ((a - 1) * 3 + b - 1) * 2 + c')}, ${id('tcat', '10 + (a - 1) * 3 + b')}, 3, 'l3_' || c, '三级' || c, null
       from generate_series(1, 6) a, generate_series(1, 3) b, generate_series(1, 2) c`,
      [workspaceId],
    );
    await client.query(
      `insert into tickets (workspace_id, id, number, subject, description, contact_id, category_id, priority, status, source, team_id, assignee_id, created_at, updated_at)
       select $1, ${id('tkt', 'g')}, 'T-2026-' || (1000000 + g)::text, ($3::text[])[1 + g % array_length($3::text[], 1)] || ' #' || g, '',
         ${id('ctc', '1 + g % $4::int')}, ${id('tcat', '101 + g % 36')},
         (array['normal', 'normal', 'normal', 'high', 'low', 'normal', 'high', 'normal', 'low', 'normal', 'normal', 'normal', 'normal', 'high', 'normal', 'normal', 'normal', 'low', 'normal', 'urgent'])[1 + (g::bigint * 104729) % 20],
         -- A mature workspace: 6 % of tickets still worked on, the rest resolved or closed.
         case when (g::bigint * 7919) % 100 < 80 then 'closed' when (g::bigint * 7919) % 100 < 94 then 'resolved'
           else (array['new', 'open', 'open', 'pending_customer', 'pending_third_party', 'reopened'])[1 + (g::bigint * 7919) % 100 - 94] end,
         'portal', ${id('team', '1 + (g::bigint * 31) % 5')},
         case when (g::bigint * 13) % 4 = 0 then null else ($5::text[])[1 + (g::bigint * 17) % array_length($5::text[], 1)] end,
         now() - interval '365 days' + g * (interval '365 days' / $2), now() - interval '365 days' + g * (interval '365 days' / $2) + (g % 100) * interval '1 minute'
       from generate_series(1, $2) g`,
      [workspaceId, ticketCount, SUBJECTS, CONTACTS, userIds],
    );
    await client.query(`insert into ticket_counters (workspace_id, year, last_value) values ($1, 2026, $2) on conflict do nothing`, [
      workspaceId,
      ticketCount,
    ]);
    await client.query('commit');
    await client.query('analyze');
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
  const pad = (n: number) => String(n).padStart(26, '0');
  return { seconds: (performance.now() - started) / 1000, teamId: `team_${pad(2)}`, leafId: `tcat_${pad(117)}` };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-bench-tickets-'));
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
      ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    }),
  );
  try {
    const login = await fetch(`${kefu.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.kefu.local', password }),
    });
    const { token, user } = (await login.json()) as { token: string; user: { id: string } };
    const headers = { authorization: `Bearer ${token}` };
    const get = async (url: string) => (await fetch(`${kefu.url}${url}`, { headers })).json() as Promise<Record<string, unknown>>;
    const workspace = (await get('/api/v1/workspace')) as { id: string };
    const users = (await get('/api/v1/users?limit=200')) as { items: { id: string }[] };
    const userIds = [user.id, ...users.items.map((u) => u.id).filter((u) => u !== user.id)];
    const seeded = await seed(kefu, workspace.id, userIds);

    let cursor = '';
    for (let page = 0; page < 20; page++) {
      const body = (await get(`/api/v1/tickets?limit=25${cursor ? `&cursor=${cursor}` : ''}`)) as { nextCursor: string | null };
      cursor = body.nextCursor ?? '';
    }
    const load = (url: string) => runLoad({ url: `${kefu.url}${url}`, headers, concurrency, seconds });
    const active = 'new,open,reopened,pending_customer,pending_third_party';
    // Seeded numbers start above the demo desk's own (T-2026-000001…).
    const middle = String(1_000_000 + Math.floor(ticketCount / 2));
    const rows = [
      formatRow('`GET /health` (one database ping; baseline)', await load('/health')),
      formatRow('all tickets, first page (25)', await load('/api/v1/tickets?limit=25')),
      formatRow('all tickets, page 21 (keyset cursor)', await load(`/api/v1/tickets?limit=25&cursor=${cursor}`)),
      formatRow('closed (80 %)', await load('/api/v1/tickets?limit=25&status=closed')),
      formatRow('active statuses (5 of 7; 6 % of tickets)', await load(`/api/v1/tickets?limit=25&status=${active}`)),
      formatRow('reopened (1 in 100)', await load('/api/v1/tickets?limit=25&status=reopened')),
      formatRow('mine, active', await load(`/api/v1/tickets?limit=25&assigneeId=me&status=${active}`)),
      formatRow('unassigned, active', await load(`/api/v1/tickets?limit=25&assigneeId=none&status=${active}`)),
      formatRow('one team, active, urgent', await load(`/api/v1/tickets?limit=25&teamId=${seeded.teamId}&status=${active}&priority=urgent`)),
      formatRow('one category leaf (1 in 36)', await load(`/api/v1/tickets?limit=25&categoryId=${seeded.leafId}`)),
      formatRow("one requester's tickets", await load(`/api/v1/tickets?limit=25&contactId=ctc_${'7'.padStart(26, '0')}`)),
      formatRow('number lookup (T-2026-…)', await load(`/api/v1/tickets?q=T-2026-${middle}`)),
      formatRow('subject contains 退款 (1 in 10)', await load(`/api/v1/tickets?limit=25&q=${encodeURIComponent('退款')}`)),
    ];
    process.stdout.write(
      [
        `Ticket list — ${ticketCount.toLocaleString('en')} tickets (seeded in ${seeded.seconds.toFixed(0)} s), ` +
          `${concurrency} concurrent clients, ${seconds} s each, ${os.cpus().length} cores, Node ${process.version}`,
        '',
        '| request | requests | errors | req/s | p50 ms | p99 ms | max ms |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await kefu.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
