import type { DestinationStream, Logger } from 'pino';
import type pg from 'pg';
import { buildApp } from './app.ts';
import type { AppContext } from './context.ts';
import { openDatabase } from './db/client.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts';
import { runMigrations } from './db/migrate.ts';
import type { Env } from './env.ts';
import { EventBus } from './events/bus.ts';
import { createLocalHub, createRedisHub } from './realtime/hub.ts';
import { seedDemoWorkspace, type SeededLogin } from './flows/seed-demo.ts';
import { createJobRunner, type JobDefinition, type JobRunner } from './jobs/queue.ts';
import { startChannels } from './channels/index.ts';
import { warmBots } from './flows/bot-turn.ts';
import { settleAgentAssist } from './flows/agent-assist.ts';
import { flowWebhookJob, flowWebhookSweepJob, stopBotTraining } from './modules/bot/index.ts';
import { deliverMessageJob, redeliverStuckJob } from './flows/deliver-message.ts';
import { ticketNotifyJob } from './flows/ticket-notify.ts';
import { sweepPortalAccessJob } from './modules/portal-access/index.ts';
import { registerListeners } from './listeners.ts';
import type { KefuApp } from './lib/http.ts';
import { createLogger } from './lib/log-context.ts';
import { maskForLog } from './modules/pii/index.ts';
import { purgeExpiredSessionsJob } from './modules/auth/index.ts';
import { mineGapsJob } from './modules/gaps/index.ts';
import { sendDueSurveysJob } from './flows/survey-send.ts';
import { fireSlaTimersJob, sweepSlaTimersJob } from './modules/sla/index.ts';
import { automationSweepJob } from './flows/automation-events.ts';
import { syncBuiltinRoles } from './modules/users/index.ts';
import { contactExportJob } from './flows/contact-export.ts';
import { retentionJob } from './flows/retention-run.ts';
import { initEncryption } from './modules/encryption/index.ts';
import { backfillBeforeServing, reencryptJob, resumeReencryption } from './flows/encryption.ts';

export interface RunningKefu {
  app: KefuApp;
  ctx: AppContext;
  /** The connection pool, for health figures in benchmarks. */
  pool: pg.Pool;
  url: string;
  jobs: JobRunner;
  seeded: SeededLogin[];
  /** Close HTTP, drain jobs and listeners, close the pool, stop embedded PostgreSQL. */
  stop(): Promise<void>;
}

/** Every durable job Kefu runs. */
export const allJobs: JobDefinition[] = [
  purgeExpiredSessionsJob,
  deliverMessageJob,
  redeliverStuckJob,
  flowWebhookJob,
  flowWebhookSweepJob,
  mineGapsJob,
  sendDueSurveysJob,
  fireSlaTimersJob,
  sweepSlaTimersJob,
  ticketNotifyJob,
  sweepPortalAccessJob,
  automationSweepJob,
  contactExportJob,
  retentionJob,
  reencryptJob,
];

/** Kefu's logger: request ids on every line, personal information masked (docs/pii.md). */
export function createKefuLogger(env: Pick<Env, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  return createLogger(env.LOG_LEVEL, destination, maskForLog);
}

/**
 * Start Kefu: database (embedded unless DATABASE_URL), migrations, demo
 * seed, jobs, HTTP. Each step undoes the earlier ones if a later one fails.
 */
export async function startKefu(env: Env, log: Logger = createKefuLogger(env)): Promise<RunningKefu> {
  const undo: (() => Promise<void>)[] = [];
  const rollback = async () => {
    for (const step of undo.reverse()) await step().catch((err: unknown) => log.error({ err }, 'shutdown step failed'));
  };
  try {
    let embedded: EmbeddedDatabase | null = null;
    if (!env.DATABASE_URL) {
      embedded = await startEmbeddedPostgres(env.dataDir, { port: env.KEFU_EMBEDDED_PG_PORT, log });
      undo.push(() => embedded!.stop());
    }
    const dbUrl = env.DATABASE_URL ?? embedded!.url;
    await runMigrations(dbUrl);
    const database = openDatabase(dbUrl, { max: env.KEFU_DB_POOL_MAX });
    undo.push(() => database.close());
    await initEncryption(database.db, env, log);
    const bus = new EventBus(log);
    undo.push(() => bus.drain());
    const realtime = env.REDIS_URL ? await createRedisHub(env.REDIS_URL, log) : createLocalHub(log);
    undo.push(() => realtime.close());
    const jobs = createJobRunner(dbUrl, log);
    const ctx: AppContext = { env, db: database.db, bus, log, realtime, jobs };
    registerListeners(ctx);

    const synced = await syncBuiltinRoles(ctx.db);
    if (synced) log.info({ roles: synced }, 'built-in roles updated to this version');
    const seeded = env.KEFU_SEED_DEMO ? await seedDemoWorkspace(ctx) : [];
    await jobs.start(ctx, allJobs, { work: env.KEFU_JOBS });
    await backfillBeforeServing(ctx);
    await resumeReencryption(ctx);
    undo.push(() => jobs.stop());
    undo.push(() => stopBotTraining(ctx));
    undo.push(() => settleAgentAssist(ctx));
    void warmBots(ctx);
    const stopChannels = await startChannels(ctx);
    undo.push(stopChannels);

    const app = await buildApp(ctx, { pool: database.pool });
    undo.push(() => app.close());
    await app.listen({ port: env.PORT, host: env.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : env.PORT;
    const url = env.KEFU_PUBLIC_URL ?? `http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${port}`;
    return { app, ctx, pool: database.pool, url, jobs, seeded, stop: rollback };
  } catch (err) {
    await rollback();
    throw err;
  }
}
