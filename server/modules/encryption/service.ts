import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../../lib/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { createKey, forgetRing, workspaceCipher } from './keyring.ts';
import { selectEncryptMessages, selectWorkspaceKeys, setDataKeyStatus, upsertEncryptMessages } from './repo.ts';
import type { EncryptionKeyRow } from './schema.ts';

/** The pg-boss job that moves a workspace's rows to its active key, then retires the old ones. */
export const REENCRYPT_JOB = 'encryption.reencrypt';

/**
 * Make a new active data key: new writes use it at once (this node forgets
 * its cache; other nodes within 30 s, and older keys keep decrypting), the
 * previous key becomes `retiring`, and the re-encryption job is queued.
 */
export async function rotateDataKey(ctx: AppContext, actor: Actor): Promise<{ activeKeyId: string; retiringKeyIds: string[] }> {
  const workspaceId = actor.principal.workspaceId;
  await workspaceCipher(ctx.db, workspaceId); // the workspace's first keys exist before they rotate
  const result = await ctx.db.transaction(async (tx) => {
    const retiring = await setDataKeyStatus(tx, workspaceId, 'active', 'retiring');
    const activeKeyId = await createKey(tx, workspaceId, 'data');
    const all = (await selectWorkspaceKeys(tx, workspaceId)).filter((k) => k.status === 'retiring').map((k) => k.id);
    await recordAudit(tx, actor, {
      action: 'encryption.key_rotated',
      targetType: 'workspace',
      targetId: workspaceId,
      before: { activeKeyId: retiring[0] ?? null },
      after: { activeKeyId, retiringKeyIds: all },
    });
    return { activeKeyId, retiringKeyIds: all };
  });
  forgetRing(workspaceId);
  await ctx.jobs.send(REENCRYPT_JOB, { workspaceId });
  return result;
}

export const encryptionSettingsPatch = z.object({ encryptMessages: z.boolean() }).strict();

/** Turn message encryption on or off for new messages (audited); existing rows keep their form until a rotation. */
export async function setEncryptMessages(ctx: AppContext, actor: Actor, patch: z.infer<typeof encryptionSettingsPatch>): Promise<void> {
  const workspaceId = actor.principal.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await selectEncryptMessages(tx, workspaceId);
    await upsertEncryptMessages(tx, workspaceId, patch.encryptMessages);
    await recordAudit(tx, actor, {
      action: 'encryption.settings_updated',
      targetType: 'workspace',
      targetId: workspaceId,
      before: { encryptMessages: before },
      after: { encryptMessages: patch.encryptMessages },
    });
  });
  forgetRing(workspaceId);
  if (patch.encryptMessages) await ctx.jobs.send(REENCRYPT_JOB, { workspaceId });
}

/** Opt a workspace in without an actor (the demo seed). */
export async function enableMessageEncryption(db: DbOrTx, workspaceId: string): Promise<void> {
  await upsertEncryptMessages(db, workspaceId, true);
  forgetRing(workspaceId);
}

/** The workspace's keys (never their bytes) and setting. */
export async function describeKeys(db: DbOrTx, workspaceId: string): Promise<{ keys: EncryptionKeyRow[]; encryptMessages: boolean }> {
  await workspaceCipher(db, workspaceId);
  return { keys: await selectWorkspaceKeys(db, workspaceId), encryptMessages: await selectEncryptMessages(db, workspaceId) };
}

/** Retire the keys that were retiring once no row uses them any more. */
export async function retireKeys(db: DbOrTx, workspaceId: string, keyIds: string[]): Promise<void> {
  for (const id of keyIds) await setDataKeyStatus(db, workspaceId, 'retiring', 'retired', id);
  forgetRing(workspaceId);
}

/** One keyset batch of the re-encryption job. */
export interface BatchResult {
  /** Last id of the batch (the next batch starts after it), or null when done. */
  next: string | null;
  moved: number;
  /** Rows that did not decrypt (tampered or copied): skipped and counted, never retried in a loop. */
  failed: number;
}

/** Run `move`; true when it failed with `decryption_failed` (the row is left as it is). */
export async function undecryptable(move: () => Promise<void>): Promise<boolean> {
  try {
    await move();
    return false;
  } catch (err) {
    if (err instanceof AppError && err.code === 'decryption_failed') return true;
    throw err;
  }
}
