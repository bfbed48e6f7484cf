import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { issueToken, parseToken } from '../../lib/secrets.ts';
import { recordAudit } from '../audit/index.ts';
import {
  findInvitation,
  findPendingInvitationByEmail,
  findUserByEmail,
  insertInvitation,
  lockPendingInvitation,
  markInvitation,
  selectPendingInvitations,
} from './repo.ts';
import { getRole } from './roles-service.ts';
import type { InvitationRow, UserRow } from './schema.ts';
import { createUserWithPassword, email, password } from './service.ts';

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export const invitationCreate = z.object({ email, name: z.string().trim().min(1).max(100).optional(), roleId: z.string().max(64) }).strict();

export const invitationAccept = z.object({ token: z.string().max(200), name: z.string().trim().min(1).max(100), password }).strict();

/**
 * Invite someone by email. The accept token is returned once, to the
 * inviter, and never stored in clear; mail delivery listens for `user.invited`.
 */
export async function inviteUser(
  ctx: AppContext,
  actor: Actor,
  input: z.infer<typeof invitationCreate>,
): Promise<{ invitation: InvitationRow; token: string }> {
  const workspaceId = actor.principal.workspaceId;
  const { token, hash } = issueToken('ki', workspaceId);
  const invitation = await ctx.db.transaction(async (tx) => {
    await getRole(tx, workspaceId, input.roleId);
    if (await findUserByEmail(tx, workspaceId, input.email)) throw appError('email_taken');
    if (await findPendingInvitationByEmail(tx, workspaceId, input.email)) throw appError('email_taken');
    const row = await insertInvitation(tx, {
      workspaceId,
      id: newId('invitation'),
      email: input.email,
      name: input.name ?? null,
      roleId: input.roleId,
      tokenHash: hash,
      invitedBy: actor.principal.id,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    });
    await recordAudit(tx, actor, {
      action: 'user.invited',
      targetType: 'invitation',
      targetId: row.id,
      after: { email: row.email, roleId: row.roleId },
    });
    return row;
  });
  ctx.bus.emit('user.invited', { workspaceId, invitationId: invitation.id, email: invitation.email, acceptToken: token });
  return { invitation, token };
}

export function listInvitations(ctx: AppContext, workspaceId: string): Promise<InvitationRow[]> {
  return selectPendingInvitations(ctx.db, workspaceId);
}

export async function revokeInvitation(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const workspaceId = actor.principal.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const row = await findInvitation(tx, workspaceId, id);
    if (!row || row.acceptedAt || row.revokedAt) throw appError('not_found');
    await markInvitation(tx, workspaceId, id, { revokedAt: new Date() });
    await recordAudit(tx, actor, { action: 'invitation.revoked', targetType: 'invitation', targetId: id });
  });
}

/** Turn an invitation into an active user; each token works once. */
export async function acceptInvitation(
  ctx: AppContext,
  input: z.infer<typeof invitationAccept>,
  meta: { requestId: string; ip: string },
): Promise<UserRow> {
  const parsed = parseToken('ki', input.token);
  if (!parsed) throw appError('invitation_invalid');
  const user = await ctx.db.transaction(async (tx) => {
    const invitation = await lockPendingInvitation(tx, parsed.workspaceId, parsed.hash);
    if (!invitation) throw appError('invitation_invalid');
    const actor: Actor = {
      principal: { kind: 'user', id: invitation.invitedBy, workspaceId: invitation.workspaceId, roleId: '', permissions: new Set() },
      ...meta,
    };
    const created = await createUserWithPassword(tx, actor, {
      email: invitation.email,
      name: input.name,
      password: input.password,
      roleId: invitation.roleId,
    });
    await markInvitation(tx, invitation.workspaceId, invitation.id, { acceptedAt: new Date() });
    return created;
  });
  ctx.bus.emit('user.joined', { workspaceId: user.workspaceId, userId: user.id });
  return user;
}
