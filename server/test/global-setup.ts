import { mkdtemp, rm, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { runMigrations } from '../db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * One database for the whole run: a fresh one on the server named by
 * DATABASE_URL (CI's PostgreSQL), or an embedded PostgreSQL in a temp dir.
 * Tests isolate by creating their own workspaces.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = pino({ level: 'warn' });
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const name = `kefu_test_${Date.now().toString(36)}_${process.pid}`;
    await admin.query(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    await runMigrations(url.toString());
    project.provide('databaseUrl', url.toString());
    return async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-test-'));
  await chmod(dir, 0o755); // the unprivileged postgres user must reach the cluster inside
  const embedded = await startEmbeddedPostgres(dir, { log, database: 'kefu_test' });
  await runMigrations(embedded.url);
  project.provide('databaseUrl', embedded.url);
  return async () => {
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
