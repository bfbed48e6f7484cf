import type { AppContext } from '../../context.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor, Principal } from '../../lib/principal.ts';
import { issueToken } from '../../lib/secrets.ts';
import { recordAudit } from '../audit/index.ts';
import { recordLogin, type UserRow } from '../users/index.ts';
import { insertSession } from './repo.ts';

/** Where a sign-in came from, for the session row and audit. */
export interface LoginMeta {
  ip: string;
  userAgent?: string;
  requestId: string;
}

/** A user signed in as themselves, for audit rows written before a session exists. */
export function selfActor(user: UserRow, meta: LoginMeta): Actor {
  const principal: Principal = { kind: 'user', id: user.id, workspaceId: user.workspaceId, roleId: user.roleId, permissions: new Set() };
  return { principal, requestId: meta.requestId, ip: meta.ip };
}

/** Open a console session for a user who passed every sign-in step; audited as `session.created`. */
export async function openSession(ctx: AppContext, user: UserRow, meta: LoginMeta): Promise<{ token: string; expiresAt: Date; user: UserRow }> {
  const { token, hash } = issueToken('ks', user.workspaceId);
  const expiresAt = new Date(Date.now() + ctx.env.KEFU_SESSION_TTL_HOURS * 3600_000);
  const sessionId = newId('session');
  await ctx.db.transaction(async (tx) => {
    await insertSession(tx, {
      workspaceId: user.workspaceId,
      id: sessionId,
      userId: user.id,
      tokenHash: hash,
      expiresAt,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await recordLogin(tx, user.workspaceId, user.id);
    await recordAudit(tx, selfActor(user, meta), { action: 'session.created', targetType: 'session', targetId: sessionId });
  });
  ctx.bus.emit('user.logged_in', { workspaceId: user.workspaceId, userId: user.id, sessionId });
  return { token, expiresAt, user };
}
