import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { Cipher, KeyNotLoaded, type Ring } from './cipher.ts';
import { boundTo, keyIdOf, openText, sealText } from './crypto.ts';
import type { MasterKey, MasterKeys } from './master.ts';
import { insertKey, selectEncryptMessages, selectWorkspaceKeys } from './repo.ts';
import type { KeyPurpose } from './schema.ts';

/**
 * The process's master keys and its cache of unwrapped workspace keys. They
 * are process-wide (not on AppContext) because repo functions, which only
 * get a database handle, encrypt and decrypt at their boundary.
 */
let masters: MasterKeys | null = null;
const rings = new Map<string, Ring>();
/**
 * Bumped by {@link forgetRing}: a ring read before a rotation committed and
 * returned after it must not be cached, or this node would seal new rows
 * under the retiring key for the next 30 s.
 */
const generations = new Map<string, number>();
/** Other nodes may rotate or change the setting: a cached ring is re-read after this long. */
const RING_TTL_MS = 30_000;

export function setMasterKeys(keys: MasterKeys): void {
  masters = keys;
  rings.clear();
}

function currentMaster(): MasterKey {
  if (!masters) throw new Error('encryption is not initialised: call initEncryption() at boot');
  return masters.current;
}

/** Wrap a raw key under a master key, bound to its workspace and id. */
export function wrapKey(master: MasterKey, workspaceId: string, keyId: string, raw: Buffer): string {
  return sealText(master.id, master.key, boundTo(workspaceId, `key:${keyId}`), raw.toString('base64'));
}

/** Unwrap with whichever loaded master key the wrapped value names; null when none of them. */
export function unwrapKey(workspaceId: string, keyId: string, wrapped: string): Buffer | null {
  const masterId = keyIdOf(wrapped);
  const master = [masters?.current, masters?.previous].find((m) => m?.id === masterId);
  if (!master) return null;
  return Buffer.from(openText(master.key, boundTo(workspaceId, `key:${keyId}`), wrapped), 'base64');
}

/** Create the workspace's active key of a purpose (a no-op if another request just did). */
export async function createKey(db: DbOrTx, workspaceId: string, purpose: KeyPurpose): Promise<string> {
  const id = newId('encryptionKey');
  await insertKey(db, { workspaceId, id, purpose, status: 'active', wrapped: wrapKey(currentMaster(), workspaceId, id, randomBytes(32)) });
  return id;
}

async function loadRing(db: DbOrTx, workspaceId: string): Promise<Ring> {
  let rows = await selectWorkspaceKeys(db, workspaceId);
  const missing = (['data', 'index'] as const).filter((p) => !rows.some((r) => r.purpose === p && r.status === 'active'));
  if (missing.length) {
    for (const purpose of missing) await createKey(db, workspaceId, purpose);
    rows = await selectWorkspaceKeys(db, workspaceId);
  }
  const keys = new Map<string, Buffer>();
  for (const row of rows) {
    const raw = unwrapKey(workspaceId, row.id, row.wrapped);
    if (raw) keys.set(row.id, raw);
  }
  const active = rows.find((r) => r.purpose === 'data' && r.status === 'active')!;
  const index = rows.find((r) => r.purpose === 'index' && r.status === 'active')!;
  if (!keys.has(active.id) || !keys.has(index.id))
    throw appError('decryption_failed', { reason: 'workspace keys are wrapped under another master key' });
  return {
    workspaceId,
    loadedAt: Date.now(),
    activeId: active.id,
    keys,
    index: keys.get(index.id)!,
    retiring: rows.some((r) => r.status === 'retiring'),
    encryptMessages: await selectEncryptMessages(db, workspaceId),
  };
}

/**
 * The workspace's cipher: its active data key, every older one it still
 * holds, and its blind-index key, from the in-memory cache (keys are created
 * on first use).
 */
export async function workspaceCipher(db: DbOrTx, workspaceId: string, fresh = false): Promise<Cipher> {
  let ring = rings.get(workspaceId);
  if (fresh || !ring || Date.now() - ring.loadedAt > RING_TTL_MS) {
    const generation = generations.get(workspaceId) ?? 0;
    ring = await loadRing(db, workspaceId);
    // Forgotten meanwhile (a rotation committed): this caller uses what it read; the next one reads again.
    if ((generations.get(workspaceId) ?? 0) === generation) rings.set(workspaceId, ring);
  }
  return new Cipher(ring);
}

/** Forget a workspace's cached keys and settings (after a rotation or a settings change on this node). */
export function forgetRing(workspaceId: string): void {
  rings.delete(workspaceId);
  generations.set(workspaceId, (generations.get(workspaceId) ?? 0) + 1);
}

/**
 * Run `use` with the workspace's cipher; when a value names a key this node
 * has not loaded (another node rotated a moment ago), reload once and retry.
 *
 * @example const email = await withCipher(db, ws, (c) => c.open('contacts.email', row.email));
 */
export async function withCipher<T>(db: DbOrTx, workspaceId: string, use: (cipher: Cipher) => T): Promise<T> {
  try {
    return use(await workspaceCipher(db, workspaceId));
  } catch (err) {
    if (!(err instanceof KeyNotLoaded)) throw err;
    const cipher = await workspaceCipher(db, workspaceId, true);
    try {
      return use(cipher);
    } catch (again) {
      if (again instanceof KeyNotLoaded) throw appError('decryption_failed', { reason: `unknown key ${again.keyId}` });
      throw again;
    }
  }
}
