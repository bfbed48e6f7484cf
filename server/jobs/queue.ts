import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { AppContext } from '../context.ts';

/** A durable background job; modules and flows export these and boot wires them. */
export interface JobDefinition {
  name: string;
  /** Cron schedule (UTC); omitted for jobs that only run when sent. */
  cron?: string;
  /** Retries after a failed run (thrown error), with exponential backoff when `backoff`. */
  retry?: { limit: number; delaySeconds: number; backoff: boolean };
  /** How often an idle worker looks for work (seconds, ≥ 0.5). */
  pollSeconds?: number;
  run(ctx: AppContext, data: unknown): Promise<void>;
}

/** What services see of the job system: enqueue, nothing else. */
export interface JobQueue {
  /**
   * Enqueue a run. With `dedupeKey`, the job's id is derived from the key, so
   * a second send with the same key is dropped for as long as the first job
   * is kept (queued, running, retrying, failed, or completed in the last 12 h).
   */
  send(name: string, data: object, options?: { dedupeKey?: string; startAfter?: Date }): Promise<void>;
}

export interface JobRunner extends JobQueue {
  boss: PgBoss;
  /** Create the queues and, with `work`, schedule cron jobs and start workers. */
  start(ctx: AppContext, jobs: JobDefinition[], options: { work: boolean }): Promise<void>;
  /** Wait for running jobs to finish, then stop (SIGTERM path). */
  stop(): Promise<void>;
}

/**
 * pg-boss on Kefu's database (schema `pgboss`; works on the embedded server
 * and on PostgreSQL 15+). Create it before the AppContext (services enqueue
 * through it), then `start` it with the context.
 */
/**
 * A UUID (version 8, name-based) for a job and its dedupe key. pg-boss keys
 * jobs by (name, id) and inserts with ON CONFLICT DO NOTHING, which makes a
 * repeated send a no-op; its `singletonKey` does not do this on standard queues.
 */
export function jobIdFor(name: string, key: string): string {
  const h = createHash('sha256').update(`${name}\0${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function createJobRunner(url: string, log: Logger): JobRunner {
  const jobLog = log.child({ component: 'jobs' });
  const boss = new PgBoss({ connectionString: url, max: 4, application_name: 'kefu-jobs' });
  boss.on('error', (err) => jobLog.error({ err }, 'job queue error'));
  return {
    boss,
    async start(ctx, jobs, { work }) {
      await boss.start();
      for (const job of jobs) {
        await boss.createQueue(
          job.name,
          job.retry
            ? { name: job.name, retryLimit: job.retry.limit, retryDelay: job.retry.delaySeconds, retryBackoff: job.retry.backoff }
            : undefined,
        );
        if (!work) continue;
        if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
        await boss.work(job.name, { pollingIntervalSeconds: job.pollSeconds ?? 2 }, async (batch) => {
          for (const item of batch) {
            await job.run({ ...ctx, log: jobLog.child({ job: job.name, jobId: item.id }) }, item.data);
          }
        });
      }
      jobLog.info({ jobs: jobs.map((j) => j.name), work }, work ? 'job workers started' : 'job queue ready (no workers in this process)');
    },
    async send(name, data, options = {}) {
      const id = await boss.send(name, data, {
        ...(options.dedupeKey ? { id: jobIdFor(name, options.dedupeKey) } : {}),
        ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      });
      if (!id && !options.dedupeKey) throw new Error(`job ${name} was not queued`);
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 20_000 });
    },
  };
}

/**
 * Runs sent jobs at once in this process, without pg-boss: for tests of
 * features that enqueue work. `drain` waits for everything sent so far.
 */
export function createInlineJobs(getCtx: () => AppContext, jobs: JobDefinition[]): JobQueue & { drain(): Promise<void> } {
  const running = new Set<Promise<void>>();
  return {
    async send(name, data) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`unknown job ${name}`);
      const ctx = getCtx();
      const run = job.run(ctx, data).catch((err: unknown) => ctx.log.warn({ err, job: name }, 'inline job failed'));
      running.add(run);
      void run.finally(() => running.delete(run));
    },
    async drain() {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}
