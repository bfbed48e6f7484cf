import type { JobDefinition } from '../../jobs/queue.ts';
import { sweepPortalAccess } from './service.ts';

/** Hourly: drop expired sign-in links, ticket links and help center sessions. */
export const sweepPortalAccessJob: JobDefinition = {
  name: 'portal.sweep_access',
  cron: '17 * * * *',
  run: (ctx) => sweepPortalAccess(ctx.db),
};
