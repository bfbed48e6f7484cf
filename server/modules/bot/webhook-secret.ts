import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../lib/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { findWebhookSecret, insertWebhookSecret, replaceWebhookSecret } from './webhook-repo.ts';

/** The workspace's webhook signing secret, as the API shows it to those who manage the bot. */
export interface WebhookSecret {
  secret: string;
  createdAt: Date;
  /** When it was last rotated (equal to `createdAt` until then). */
  updatedAt: Date;
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * The secret that signs the workspace's flow webhooks, made (and audited as
 * `webhook_secret.created` by `actor`) the first time anything needs it.
 * Call it inside the transaction of the change that needs it.
 */
export async function ensureWebhookSecret(tx: DbOrTx, actor: Actor): Promise<WebhookSecret> {
  const workspaceId = actor.principal.workspaceId;
  const existing = await findWebhookSecret(tx, workspaceId);
  if (existing) return existing;
  const created = await insertWebhookSecret(tx, workspaceId, newSecret());
  if (!created) return (await findWebhookSecret(tx, workspaceId))!; // made by a concurrent call
  await recordAudit(tx, actor, { action: 'webhook_secret.created', targetType: 'workspace', targetId: workspaceId });
  return created;
}

/** The signing secret, made on first use. */
export function getWebhookSecret(ctx: AppContext, actor: Actor): Promise<WebhookSecret> {
  return ctx.db.transaction((tx) => ensureWebhookSecret(tx, actor));
}

/**
 * Replace the signing secret at once (audited as `webhook_secret.rotated`).
 * Attempts from then on, retries of earlier deliveries included, are signed
 * with the new one.
 */
export function rotateWebhookSecret(ctx: AppContext, actor: Actor): Promise<WebhookSecret> {
  const workspaceId = actor.principal.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const row = await replaceWebhookSecret(tx, workspaceId, newSecret());
    await recordAudit(tx, actor, { action: 'webhook_secret.rotated', targetType: 'workspace', targetId: workspaceId });
    return row;
  });
}
