/**
 * The SLA sweep at scale: 1,000,000 tickets, each with a running resolution
 * timer and half with a running first-response timer (1.5 M timers), seeded
 * with generate_series into a fresh database on DATABASE_URL. Times the real
 * sweep (`sweepSlaTimers`: claim with FOR UPDATE SKIP LOCKED, mark, write
 * the `sla` activity and the ticket's `sla` column, then load tickets and
 * policies for escalation) with 0, 1,000 and 10,000 due timers, against the
 * same sweep on empty tables as the baseline. Prints p50/p99 per case.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:sla   (env: BENCH_TICKETS=1000000 BENCH_ROUNDS=20)
 */
import pg from 'pg';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../server/context.ts';
import { openDatabase } from '../server/db/client.ts';
import { runMigrations } from '../server/db/migrate.ts';
import { loadEnv } from '../server/env.ts';
import { benchRateLimits } from './limits.ts';
import { EventBus } from '../server/events/bus.ts';
import { createLocalHub } from '../server/realtime/hub.ts';
import { sweepSlaTimers } from '../server/modules/sla/index.ts';

const ticketCount = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
const print = (line: string) => process.stdout.write(`${line}\n`);
const base = process.env.DATABASE_URL;
if (!base) {
  process.stderr.write('Set DATABASE_URL to a PostgreSQL server where a scratch database may be created.\n');
  process.exit(2);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const name = `kefu_bench_sla_${Date.now().toString(36)}`;
  await admin.query(`create database ${name}`);
  const url = new URL(base!);
  url.pathname = `/${name}`;
  const log = pino({ level: 'warn' });
  const database = openDatabase(url.toString(), { max: 4 });
  try {
    await runMigrations(url.toString());
    const ctx: AppContext = {
      env: loadEnv({
        ...benchRateLimits,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
      }),
      db: database.db,
      bus: new EventBus(log),
      log,
      realtime: createLocalHub(log),
      jobs: { send: async () => {} },
    };
    const db = ctx.db;
    const time = async (label: string, due: number, runs: number) => {
      const samples: number[] = [];
      let fired = 0;
      for (let i = 0; i < runs; i++) {
        if (due) await makeDue(db, due);
        const t = performance.now();
        fired += (await sweepSlaTimers(ctx)).length;
        samples.push(performance.now() - t);
      }
      samples.sort((a, b) => a - b);
      print(
        `${label.padEnd(44)} p50 ${percentile(samples, 50).toFixed(1).padStart(8)} ms   p99 ${percentile(samples, 99).toFixed(1).padStart(8)} ms   (${runs} runs, ${fired / runs} fired/run)`,
      );
    };

    await seedWorkspace(db);
    await time('baseline: empty timer table, 0 due', 0, rounds);

    let t = performance.now();
    await seedTickets(db, ticketCount);
    print(`seeded ${ticketCount.toLocaleString('en')} tickets + timers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    await db.execute(sql`vacuum analyze tickets`);
    await db.execute(sql`vacuum analyze sla_timers`);
    print(`vacuum analyze ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const [{ n } = { n: 0 }] = (await db.execute<{ n: number }>(sql`select count(*)::int as n from sla_timers where status = 'running'`)).rows;
    print(`running timers: ${n.toLocaleString('en')}`);

    await time(`${ticketCount.toLocaleString('en')} tickets, 0 due`, 0, rounds);
    await time(`${ticketCount.toLocaleString('en')} tickets, 1,000 due`, 1000, Math.max(3, Math.round(rounds / 2)));
    await time(`${ticketCount.toLocaleString('en')} tickets, 10,000 due`, 10_000, Math.max(3, Math.round(rounds / 4)));
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP === '1') print(`kept database ${name}`);
    else await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const WS = 'wsp_bench';

async function seedWorkspace(db: AppContext['db']): Promise<void> {
  await db.execute(sql`insert into workspaces (id, slug, name) values (${WS}, 'bench', 'Bench')`);
  await db.execute(sql`insert into contacts (workspace_id, id, name) values (${WS}, 'ctc_bench', 'Bench')`);
  await db.execute(sql`insert into sla_policies (workspace_id, id, name, targets, escalation)
    values (${WS}, 'slap_bench', 'Bench', '{"firstResponse":240,"resolution":1440}', '{"onWarning":[],"onBreach":[{"type":"notify"}]}')`);
}

/** Tickets created over the last 30 days; timers due within the next days (none due yet). */
async function seedTickets(db: AppContext['db'], count: number): Promise<void> {
  const chunk = 250_000;
  for (let from = 1; from <= count; from += chunk) {
    const to = Math.min(count, from + chunk - 1);
    await db.execute(sql`
      insert into tickets (workspace_id, id, number, subject, contact_id, source, status, priority, created_at, updated_at, sla)
      select ${WS}, 'tkt_' || lpad(g::text, 8, '0'), 'T-' || g, 'Ticket ' || g, 'ctc_bench', 'api',
        (array['new','open','pending_customer','open'])[1 + g % 4], (array['low','normal','high','urgent'])[1 + g % 4],
        now() - (g % 43200) * interval '1 minute', now(), '{}'
      from generate_series(${from}::int, ${to}::int) g`);
    await db.execute(sql`
      insert into sla_timers (workspace_id, id, ticket_id, target, policy_id, status, target_minutes, started_at, due_at, fire_at)
      select ${WS}, 'slat_r' || g, 'tkt_' || lpad(g::text, 8, '0'), 'resolution', 'slap_bench', 'running', 1440,
        now(), now() + (60 + g % 10000) * interval '1 minute', now() + (60 + g % 10000) * interval '1 minute'
      from generate_series(${from}::int, ${to}::int) g`);
    await db.execute(sql`
      insert into sla_timers (workspace_id, id, ticket_id, target, policy_id, status, target_minutes, started_at, due_at, fire_at, met_at)
      select ${WS}, 'slat_f' || g, 'tkt_' || lpad(g::text, 8, '0'), 'first_response', 'slap_bench',
        case when g % 2 = 0 then 'running' else 'met' end, 240, now(), now() + (30 + g % 5000) * interval '1 minute',
        case when g % 2 = 0 then now() + (30 + g % 5000) * interval '1 minute' end, case when g % 2 = 1 then now() end
      from generate_series(${from}::int, ${to}::int) g`);
  }
}

/** Make `n` running timers due (not timed): as if their time had come since the last sweep. */
async function makeDue(db: AppContext['db'], n: number): Promise<void> {
  await db.execute(sql`
    update sla_timers t set due_at = now() - interval '1 second', fire_at = now() - interval '1 second'
    from (select workspace_id, id from sla_timers where status = 'running' and fire_at > now() order by fire_at limit ${n}) d
    where t.workspace_id = d.workspace_id and t.id = d.id`);
}

await main();
