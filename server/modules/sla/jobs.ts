import type { JobDefinition } from '../../jobs/queue.ts';
import { FIRE_JOB, sweepSlaTimers } from './timers-service.ts';

/**
 * Sent once per timer fire time with `startAfter` (workers poll every
 * second, so a warning or breach lands within about a second of its time);
 * it sweeps everything due, so one job can serve many timers.
 */
export const fireSlaTimersJob: JobDefinition = {
  name: FIRE_JOB,
  pollSeconds: 1,
  retry: { limit: 5, delaySeconds: 2, backoff: true },
  async run(ctx) {
    await sweepSlaTimers(ctx);
  },
};

/** Every minute: the safety net that fires anything whose job was lost (e.g. a timer changed by hand in SQL). */
export const sweepSlaTimersJob: JobDefinition = {
  name: 'sla.timers.sweep',
  cron: '* * * * *',
  async run(ctx) {
    await sweepSlaTimers(ctx);
  },
};
