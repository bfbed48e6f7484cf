import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { runMigrations } from '../../db/migrate.ts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createJobRunner, type JobRunner } from '../../jobs/queue.ts';
import { call } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { fireSlaTimersJob } from './jobs.ts';
import { scheduleFireJobs } from './timers-service.ts';
import { buildTicket, moveTimer, readTicket, slaLines } from './test-kit.ts';
import { slaTimers } from './schema.ts';
import { and, eq } from 'drizzle-orm';

/**
 * The issue's durability promise, for real: Kefu runs as a child process on
 * a database of this test's own (a child working every queue on the shared
 * test database would take other test files' jobs); a timer is scheduled (a pg-boss job with startAfter),
 * the process is SIGKILLed before it fires, started again after the due
 * time — and the breach is recorded exactly once, also across a further
 * kill and restart after it fired.
 */
/** A fresh, migrated database beside the run's shared one (same server, embedded or not). */
async function createOwnDatabase(): Promise<string> {
  const url = new URL(inject('databaseUrl'));
  const name = `kefu_sla_restart_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return url.toString();
}

async function dropOwnDatabase(own: string): Promise<void> {
  const name = new URL(own).pathname.slice(1);
  const admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

function startKefu(databaseUrl: string, dataDir: string): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    KEFU_SEED_DEMO: 'false',
    KEFU_DATA_DIR: dataDir,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Kefu did not start in time:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (out.includes('"kefu started"')) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Kefu exited with ${code}:\n${out}`));
    });
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function waitFor<T>(what: () => Promise<T>, done: (v: T) => boolean, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (done(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('SLA timers survive a crash', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let runner: JobRunner;
  let dataDir: string;
  let databaseUrl: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    databaseUrl = await createOwnDatabase();
    kefu = await buildTestKefu({ DATABASE_URL: databaseUrl });
    ws = await createTestWorkspace(kefu, 'SLA crash shop');
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-sla-restart-'));
    // A sender on the durable queue, as the server's own would be (the in-process test app runs jobs inline).
    runner = createJobRunner(databaseUrl, pino({ level: 'silent' }));
    await runner.start(kefu.ctx, [fireSlaTimersJob], { work: false });
  });
  afterAll(async () => {
    for (const c of children) await kill(c);
    await runner.stop();
    await kefu.close();
    await rm(dataDir, { recursive: true, force: true });
    await dropOwnDatabase(databaseUrl);
  });

  it('fires a breach due while the process was dead exactly once after restarts', { timeout: 180_000 }, async () => {
    await call(kefu, 'POST', '/api/v1/sla/policies', ws.tokens.admin, { name: '24×7', targets: { firstResponse: 60 } });
    const ticket = await buildTicket(kefu, ws.id);
    const url = databaseUrl;

    const first = await startKefu(url, dataDir);
    children.push(first.child);
    // Schedule: due in 4 s, with its durable job — then kill the process before it can fire.
    await moveTimer(kefu, ticket, 'first_response', 4000);
    const [timer] = await kefu.ctx.db
      .select()
      .from(slaTimers)
      .where(and(eq(slaTimers.workspaceId, ws.id), eq(slaTimers.ticketId, ticket.id)));
    await scheduleFireJobs({ ...kefu.ctx, jobs: runner }, [timer!]);
    await kill(first.child);
    expect(await slaLines(kefu, ticket)).toHaveLength(0);

    // Dead past the due time: nothing fires without a process.
    await new Promise((r) => setTimeout(r, Math.max(0, timer!.fireAt!.getTime() - Date.now()) + 500));
    expect(await slaLines(kefu, ticket)).toHaveLength(0);

    const second = await startKefu(url, dataDir);
    children.push(second.child);
    const fired = await waitFor(
      () => slaLines(kefu, ticket),
      (l) => l.length > 0,
      30_000,
    );
    expect(fired.map((l) => l.data.event)).toEqual(['breached']);
    // Kill it again right after the fire, start a third time: the breach is not repeated.
    await kill(second.child);
    const third = await startKefu(url, dataDir);
    children.push(third.child);
    await new Promise((r) => setTimeout(r, 4000));
    await kill(third.child);

    const lines = await slaLines(kefu, ticket);
    expect(lines.map((l) => l.data)).toEqual([expect.objectContaining({ event: 'breached', target: 'first_response' })]);
    const sla = (await readTicket(kefu, ticket)).sla as { breached?: boolean; targets?: Record<string, { status: string }> };
    expect(sla.breached).toBe(true);
    expect(sla.targets?.first_response?.status).toBe('breached');
  });
});
