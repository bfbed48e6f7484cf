/**
 * API latency: an authenticated read (`GET /api/v1/auth/me`, token lookup +
 * three queries) and an authenticated list (`GET /api/v1/users`) on Kefu with
 * embedded PostgreSQL, beside a bare Fastify route answering `{}` measured in
 * the same run on the same machine. Clients run in a worker thread.
 *
 *   npm run bench            (env: BENCH_SECONDS=5 BENCH_CONCURRENCY=50)
 */
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { startKefu } from '../server/boot.ts';
import { loadEnv } from '../server/env.ts';
import { benchRateLimits } from './limits.ts';
import { formatRow, runLoad } from './http-load.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 50);

async function main(): Promise<void> {
  const bare = Fastify();
  bare.get('/', async () => ({}));
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-bench-'));
  await chmod(dataDir, 0o755);
  const kefu = await startKefu(
    loadEnv({
      ...benchRateLimits,
      PORT: '0',
      KEFU_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      KEFU_ADMIN_PASSWORD: 'bench-password-123',
      KEFU_JOBS: 'false',
    }),
  );
  try {
    const login = await fetch(`${kefu.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.kefu.local', password: 'bench-password-123' }),
    });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };

    const rows = [
      formatRow('bare Fastify `GET /` (baseline)', await runLoad({ url: bareUrl, concurrency, seconds })),
      formatRow('Kefu `GET /health` (db ping)', await runLoad({ url: `${kefu.url}/health`, concurrency, seconds })),
      formatRow('Kefu `GET /api/v1/auth/me`', await runLoad({ url: `${kefu.url}/api/v1/auth/me`, headers: auth, concurrency, seconds })),
      formatRow('Kefu `GET /api/v1/users`', await runLoad({ url: `${kefu.url}/api/v1/users`, headers: auth, concurrency, seconds })),
    ];
    process.stdout.write(
      [
        `API latency — ${concurrency} concurrent clients, ${seconds} s each, ${os.cpus().length} cores, Node ${process.version}`,
        '',
        '| endpoint | requests | errors | req/s | p50 ms | p99 ms | max ms |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await kefu.stop();
    await bare.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
