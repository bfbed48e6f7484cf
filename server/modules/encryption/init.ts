import type { Logger } from 'pino';
import type { DbOrTx } from '../../db/client.ts';
import type { Env } from '../../env.ts';
import { keyIdOf } from './crypto.ts';
import { setMasterKeys, unwrapKey, wrapKey } from './keyring.ts';
import { loadMasterKeys, MasterKeyError, type MasterKeys } from './master.ts';
import { selectAllWrapped, updateWrapped } from './repo.ts';

/**
 * Boot step: load the master key (env or `<dataDir>/master.key`), check it
 * opens the stored data keys, re-wrap keys still under
 * KEFU_MASTER_KEY_PREVIOUS, and make it the process's key. A master key that
 * wrapped none of the stored keys stops the boot with a {@link MasterKeyError}
 * instead of writing data nobody can read later.
 */
export async function initEncryption(db: DbOrTx, env: Env, log: Logger): Promise<void> {
  const keys = await loadMasterKeys(env, log);
  await checkAndRewrap(db, keys, log);
}

/** The boot check on its own (tests drive it with a wrong key). */
export async function checkAndRewrap(db: DbOrTx, keys: MasterKeys, log: Logger): Promise<void> {
  const rows = await selectAllWrapped(db);
  const stranger = rows.find((r) => keyIdOf(r.wrapped) !== keys.current.id && keyIdOf(r.wrapped) !== keys.previous?.id);
  if (stranger) {
    throw new MasterKeyError(
      `KEFU_MASTER_KEY does not match the master key (fingerprint ${keyIdOf(stranger.wrapped)}) that protects the stored encryption keys ` +
        `(this one is ${keys.current.id}). Set the original key, or set it as KEFU_MASTER_KEY_PREVIOUS to re-wrap under the new one.`,
    );
  }
  setMasterKeys(keys);
  const stale = rows.filter((r) => keyIdOf(r.wrapped) !== keys.current.id);
  for (const row of stale) {
    const raw = unwrapKey(row.workspaceId, row.id, row.wrapped);
    if (!raw) throw new MasterKeyError(`encryption key ${row.id} could not be unwrapped with KEFU_MASTER_KEY_PREVIOUS`);
    await updateWrapped(db, row.workspaceId, row.id, wrapKey(keys.current, row.workspaceId, row.id, raw));
  }
  if (stale.length) log.warn({ keys: stale.length }, 'data keys re-wrapped under the new master key; KEFU_MASTER_KEY_PREVIOUS can now be removed');
  // A fingerprint collision or a corrupted row: prove one current key actually opens.
  const probe = rows.find((r) => keyIdOf(r.wrapped) === keys.current.id);
  if (probe && !safeUnwrap(probe)) throw new MasterKeyError(`KEFU_MASTER_KEY cannot open encryption key ${probe.id}: wrong key or tampered row`);
}

function safeUnwrap(row: { workspaceId: string; id: string; wrapped: string }): boolean {
  try {
    return unwrapKey(row.workspaceId, row.id, row.wrapped) !== null;
  } catch {
    return false;
  }
}
