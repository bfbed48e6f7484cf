import type { AppContext } from '../../context.ts';
import { endSessionsOfUser } from './service.ts';

/** Listeners of the auth module. */
export function registerAuthListeners(ctx: AppContext): void {
  ctx.bus.on('user.disabled', async ({ payload }) => {
    await endSessionsOfUser(ctx, payload.workspaceId, payload.userId);
  });
}
