import type { AppContext } from '../../context.ts';
import type { JobDefinition } from '../../jobs/queue.ts';
import { mineGaps } from './mine-service.ts';
import { selectWorkspacesWithGaps } from './repo.ts';

const WINDOW_MS = 30 * 86_400_000;

/** Hourly: mine the knowledge gaps of every workspace whose bot failed on a question in the last 30 days. */
export const mineGapsJob: JobDefinition = {
  name: 'knowledge.gaps.mine',
  cron: '23 * * * *',
  /** `data.workspaceIds` limits a run to those workspaces (a re-run for some, and tests sharing a database). */
  async run(ctx: AppContext, data) {
    const only = (data as { workspaceIds?: string[] } | undefined)?.workspaceIds;
    const found = await selectWorkspacesWithGaps(ctx.db, new Date(Date.now() - WINDOW_MS));
    for (const workspaceId of only ? found.filter((id) => only.includes(id)) : found) {
      // One workspace's failure (its bot cannot train) does not stop the others'.
      await mineGaps(ctx, workspaceId).catch((err: unknown) => ctx.log.error({ err, workspaceId }, 'gap mining failed'));
    }
  },
};
