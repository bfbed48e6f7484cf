import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { inject } from 'vitest';
import { buildApp } from '../app.ts';
import type { AppContext } from '../context.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { loadEnv } from '../env.ts';
import { initEncryption } from '../modules/encryption/index.ts';
import { EventBus } from '../events/bus.ts';
import { createLocalHub, createRedisHub } from '../realtime/hub.ts';
import { createInlineJobs } from '../jobs/queue.ts';
import { allJobs } from '../boot.ts';
import { registerListeners } from '../listeners.ts';
import { createWorkspace } from '../flows/create-workspace.ts';
import type { KefuApp } from '../lib/http.ts';

/** The fixed master key of every test Kefu (and of child processes, which inherit the environment). */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
process.env.KEFU_MASTER_KEY ??= TEST_MASTER_KEY;

export interface TestKefu {
  app: KefuApp;
  ctx: AppContext;
  /** Wait for every job sent so far (they run in-process in tests). */
  drainJobs(): Promise<void>;
  database: Database;
  close(): Promise<void>;
}

/** A real app on the run's test database, driven in-process with `app.inject`. */
export async function buildTestKefu(envOverrides: Record<string, string> = {}): Promise<TestKefu> {
  const env = loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    KEFU_DATA_DIR: path.join(os.tmpdir(), `kefu-test-data-${process.pid}`),
    KEFU_MASTER_KEY: TEST_MASTER_KEY,
    ...envOverrides,
  });
  const log = pino({ level: env.LOG_LEVEL });
  // DATABASE_URL in the overrides: a test with a database of its own (e.g. one a child Kefu works jobs on).
  const database = openDatabase(envOverrides.DATABASE_URL ?? inject('databaseUrl'), { max: 5 });
  await initEncryption(database.db, env, log);
  const realtime = env.REDIS_URL ? await createRedisHub(env.REDIS_URL, log) : createLocalHub(log);
  const jobs = createInlineJobs(() => ctx, allJobs);
  const ctx: AppContext = { env, db: database.db, bus: new EventBus(log), log, realtime, jobs };
  registerListeners(ctx);
  const app = await buildApp(ctx, { pool: database.pool });
  await app.ready();
  return {
    app,
    ctx,
    drainJobs: () => jobs.drain(),
    database,
    close: async () => {
      await app.close();
      await ctx.bus.drain();
      await jobs.drain();
      await realtime.close();
      await database.close();
    },
  };
}

const unique = () => randomBytes(5).toString('hex');

export type RoleKey = 'admin' | 'agent' | 'operator';

export interface TestWorkspace {
  id: string;
  slug: string;
  roles: Record<RoleKey, { id: string }>;
  users: Record<RoleKey, { id: string; email: string; password: string }>;
  /** Session tokens, one per built-in role. */
  tokens: Record<RoleKey, string>;
}

/**
 * A workspace with one user per built-in role, each signed in through the
 * real login endpoint.
 */
export async function createTestWorkspace(kefu: TestKefu, name = 'Test Shop'): Promise<TestWorkspace> {
  const tag = unique();
  const password = `pw-${unique()}-secret`;
  const email = (role: RoleKey) => `${role}-${tag}@example.test`;
  const { workspace, roles } = await createWorkspace(kefu.ctx, {
    name,
    slug: `test-${tag}`,
    admin: { email: email('admin'), name: 'Admin', password },
    members: [
      { email: email('agent'), name: 'Agent', password, role: 'agent' },
      { email: email('operator'), name: 'Operator', password, role: 'operator' },
    ],
  });
  const users = {} as TestWorkspace['users'];
  const tokens = {} as TestWorkspace['tokens'];
  for (const role of ['admin', 'agent', 'operator'] as const) {
    const res = await kefu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: email(role), password } });
    if (res.statusCode !== 200) throw new Error(`login as ${role} failed: ${res.body}`);
    const body = res.json() as { token: string; user: { id: string } };
    users[role] = { id: body.user.id, email: email(role), password };
    tokens[role] = body.token;
  }
  return { id: workspace.id, slug: workspace.slug, roles: { admin: roles.admin, agent: roles.agent, operator: roles.operator }, users, tokens };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Serve a test app on a free loopback port, for tests that need a real
 * socket (a browser). `close()` stops it. Returns the base URL.
 */
export async function listenTestKefu(kefu: TestKefu): Promise<string> {
  await kefu.app.listen({ port: 0, host: '127.0.0.1' });
  const address = kefu.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the test server has no TCP address');
  return `http://127.0.0.1:${address.port}`;
}
