import PgBoss from 'pg-boss';
import type { AppContext } from '../context.ts';

/** A durable background job; modules export these and `startJobs` wires them. */
export interface JobDefinition {
  name: string;
  /** Cron schedule (UTC); omitted for jobs that only run when sent. */
  cron?: string;
  run(ctx: AppContext, data: unknown): Promise<void>;
}

export interface JobRunner {
  boss: PgBoss;
  /** Enqueue a run now; resolves to the job id. */
  send(name: string, data?: object): Promise<string>;
  /** Wait for queued work to finish, then stop (SIGTERM path). */
  stop(): Promise<void>;
}

/**
 * Start pg-boss on Kefu's database (schema `pgboss`, works on the embedded
 * server and on PostgreSQL 15+), create one queue per job, schedule the cron
 * ones and start workers.
 */
export async function startJobs(ctx: AppContext, url: string, jobs: JobDefinition[]): Promise<JobRunner> {
  const log = ctx.log.child({ component: 'jobs' });
  const boss = new PgBoss({ connectionString: url, max: 3, application_name: 'kefu-jobs' });
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  await boss.start();
  for (const job of jobs) {
    await boss.createQueue(job.name);
    if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
    await boss.work(job.name, { pollingIntervalSeconds: 2 }, async (batch) => {
      for (const item of batch) {
        const jobLog = log.child({ job: job.name, jobId: item.id });
        jobLog.debug('job started');
        await job.run({ ...ctx, log: jobLog }, item.data);
      }
    });
  }
  log.info({ jobs: jobs.map((j) => j.name) }, 'job workers started');
  return {
    boss,
    async send(name, data = {}) {
      const id = await boss.send(name, data);
      if (!id) throw new Error(`job ${name} was not queued`);
      return id;
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 20_000 });
    },
  };
}
