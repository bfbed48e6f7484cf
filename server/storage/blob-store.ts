import type { AppContext } from '../context.ts';
import type { Env } from '../env.ts';
import { createDiskStore } from './disk-store.ts';
import { createS3Store, s3ConfigFrom } from './s3-store.ts';

/**
 * Where attachment bytes live. Kefu writes new files to one store (S3 when
 * KEFU_S3_* is set, else the data dir) and reads each file from the store
 * its storage key names, so turning S3 on keeps older files readable.
 */
export interface BlobStore {
  /** Store bytes under `key` (`<workspace>/<file>`); returns the storage key to record, which names this store. */
  put(key: string, data: Buffer, contentType: string): Promise<string>;
  /** The bytes a storage key of this store points at; `storage_unavailable` when the store does not answer. */
  get(storageKey: string): Promise<Buffer>;
  /** Remove the bytes for good (erasure, retention); a key that is already gone is fine. */
  delete(storageKey: string): Promise<void>;
}

interface Stores {
  disk: BlobStore;
  s3: BlobStore | null;
}

const byEnv = new WeakMap<Env, Stores>();

function storesFor(ctx: AppContext): Stores {
  let stores = byEnv.get(ctx.env);
  if (!stores) {
    const s3 = s3ConfigFrom(ctx.env);
    stores = { disk: createDiskStore(ctx.env.dataDir), s3: s3 ? createS3Store(s3, ctx.log) : null };
    byEnv.set(ctx.env, stores);
  }
  return stores;
}

/** The store new attachments go to: S3 when configured, else the data dir. */
export function writeStore(ctx: AppContext): BlobStore {
  const stores = storesFor(ctx);
  return stores.s3 ?? stores.disk;
}

/**
 * Read the bytes a storage key points at: `s3:<object key>` from S3,
 * anything else from the data dir (also files stored before S3 was set up).
 */
export async function readBlob(ctx: AppContext, storageKey: string): Promise<Buffer> {
  const stores = storesFor(ctx);
  if (!storageKey.startsWith('s3:')) return stores.disk.get(storageKey);
  if (!stores.s3) throw new Error(`attachment ${storageKey} is stored in S3, but KEFU_S3_* is not set on this node`);
  return stores.s3.get(storageKey);
}

/** Delete the bytes a storage key points at, from the store it names (data-subject erasure, retention). */
export async function deleteBlob(ctx: AppContext, storageKey: string): Promise<void> {
  const stores = storesFor(ctx);
  if (!storageKey.startsWith('s3:')) return stores.disk.delete(storageKey);
  if (!stores.s3) throw new Error(`attachment ${storageKey} is stored in S3, but KEFU_S3_* is not set on this node`);
  return stores.s3.delete(storageKey);
}

/**
 * Replace the bytes behind an existing storage key in the store it names
 * (the disk store renames a finished file over it, S3 replaces the object):
 * the re-encryption job moves a file to a new key without changing its name.
 */
export async function rewriteBlob(ctx: AppContext, storageKey: string, data: Buffer, contentType: string): Promise<void> {
  const stores = storesFor(ctx);
  if (!storageKey.startsWith('s3:')) {
    await stores.disk.put(storageKey, data, contentType);
    return;
  }
  if (!stores.s3) throw new Error(`attachment ${storageKey} is stored in S3, but KEFU_S3_* is not set on this node`);
  await stores.s3.put(storageKey.slice('s3:attachments/'.length), data, contentType);
}
