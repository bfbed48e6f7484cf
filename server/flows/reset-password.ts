import type { AppContext } from '../context.ts';
import { appError } from '../lib/errors.ts';
import { systemActor } from '../lib/principal.ts';
import { randomPassword } from '../lib/secrets.ts';
import { endSessionsOfUser } from '../modules/auth/index.ts';
import { findUsersByEmailEverywhere, setUserPassword } from '../modules/users/index.ts';
import { findWorkspaceBySlug } from '../modules/workspaces/index.ts';

/**
 * Give a user a new random password from the command line (lost admin
 * password): set it, audited as `system`, then end the user's sessions.
 */
export async function resetPassword(
  ctx: AppContext,
  input: { email: string; workspace?: string },
): Promise<{ workspaceId: string; password: string }> {
  let users = await findUsersByEmailEverywhere(ctx.db, input.email.toLowerCase());
  if (input.workspace !== undefined) {
    const workspace = await findWorkspaceBySlug(ctx.db, input.workspace);
    users = users.filter((u) => u.workspaceId === workspace?.id);
  }
  if (users.length === 0) throw appError('not_found');
  if (users.length > 1) throw appError('workspace_required');
  const user = users[0]!;
  const password = randomPassword();
  await ctx.db.transaction((tx) => setUserPassword(tx, systemActor(user.workspaceId), user.id, password));
  await endSessionsOfUser(ctx, user.workspaceId, user.id);
  return { workspaceId: user.workspaceId, password };
}
