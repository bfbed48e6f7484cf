import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { issueToken } from '../../lib/secrets.ts';
import { recordAudit } from '../audit/index.ts';
import { insertApiKey, revokeApiKeyRow, selectApiKeys } from './api-keys-repo.ts';
import { getRole } from './roles-service.ts';
import type { ApiKeyRow } from './schema.ts';

export const apiKeyCreate = z
  .object({
    name: z.string().trim().min(1).max(80),
    roleId: z.string().max(64),
    expiresAt: z.iso
      .datetime({ offset: true })
      .refine((v) => Date.parse(v) > Date.now(), 'must be in the future')
      .optional(),
  })
  .strict();

/** Create an API key with a role; the secret is in the result and nowhere else. */
export async function createApiKey(
  ctx: AppContext,
  actor: Actor,
  input: z.infer<typeof apiKeyCreate>,
): Promise<{ apiKey: ApiKeyRow; token: string }> {
  const workspaceId = actor.principal.workspaceId;
  const { token, hash } = issueToken('kk', workspaceId);
  const apiKey = await ctx.db.transaction(async (tx) => {
    await getRole(tx, workspaceId, input.roleId);
    const row = await insertApiKey(tx, {
      workspaceId,
      id: newId('apiKey'),
      name: input.name,
      roleId: input.roleId,
      tokenHash: hash,
      hint: token.slice(-4),
      createdBy: actor.principal.id,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    });
    await recordAudit(tx, actor, {
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: row.id,
      after: { name: row.name, roleId: row.roleId },
    });
    return row;
  });
  ctx.bus.emit('api_key.created', { workspaceId, apiKeyId: apiKey.id });
  return { apiKey, token };
}

export function listApiKeys(ctx: AppContext, workspaceId: string): Promise<ApiKeyRow[]> {
  return selectApiKeys(ctx.db, workspaceId);
}

/** Revoke a key; requests with it fail from the next one on. */
export async function revokeApiKey(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const workspaceId = actor.principal.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const row = await revokeApiKeyRow(tx, workspaceId, id);
    if (!row) throw appError('not_found');
    await recordAudit(tx, actor, { action: 'api_key.revoked', targetType: 'api_key', targetId: id, before: { name: row.name } });
  });
  ctx.bus.emit('api_key.revoked', { workspaceId, apiKeyId: id });
}
