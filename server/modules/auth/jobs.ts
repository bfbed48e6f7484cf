import type { AppContext } from '../../context.ts';
import type { JobDefinition } from '../../jobs/queue.ts';
import { deleteExpiredSessions } from './repo.ts';
import { deleteExpiredChallenges } from './two-factor-repo.ts';

/** Delete sessions and sign-in challenges past their expiry; they already fail authentication. */
export const purgeExpiredSessionsJob: JobDefinition = {
  name: 'sessions.purge-expired',
  cron: '*/15 * * * *',
  async run(ctx: AppContext) {
    const count = await deleteExpiredSessions(ctx.db);
    await deleteExpiredChallenges(ctx.db);
    ctx.log.info({ count }, 'purged expired sessions');
    ctx.bus.emit('sessions.purged', { count });
  },
};
