import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Env } from '../../env.ts';

/** A master key and its fingerprint (stored with every key it wraps, never the key itself). */
export interface MasterKey {
  id: string;
  key: Buffer;
}

export interface MasterKeys {
  current: MasterKey;
  /** KEFU_MASTER_KEY_PREVIOUS: data keys still wrapped under it are re-wrapped at boot. */
  previous?: MasterKey;
}

/** Thrown at boot when the master key cannot be used; the message says what to do. */
export class MasterKeyError extends Error {}

/**
 * The fingerprint of a master key, as stored in wrapped keys.
 *
 * @example masterKey(Buffer.alloc(32)).id // 'mk…' (18 chars)
 */
export function masterKey(key: Buffer): MasterKey {
  return { id: `mk${createHash('sha256').update('kefu-master-key\u0000').update(key).digest('hex').slice(0, 16)}`, key };
}

/** Decode a base64 master key; a clear error unless it is exactly 32 bytes. */
export function decodeMasterKey(value: string, name: string): Buffer {
  const key = Buffer.from(value.trim(), 'base64');
  if (key.length !== 32)
    throw new MasterKeyError(`${name} must be 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`), got ${key.length} bytes`);
  return key;
}

/**
 * The master keys from KEFU_MASTER_KEY(_PREVIOUS), or — when none is set —
 * from `<dataDir>/master.key`, created (mode 0600) on first start with a
 * warning: that file must be backed up, and production should set the env.
 */
export async function loadMasterKeys(env: Env, log: Logger): Promise<MasterKeys> {
  const previous = env.KEFU_MASTER_KEY_PREVIOUS ? masterKey(decodeMasterKey(env.KEFU_MASTER_KEY_PREVIOUS, 'KEFU_MASTER_KEY_PREVIOUS')) : undefined;
  if (env.KEFU_MASTER_KEY) return { current: masterKey(decodeMasterKey(env.KEFU_MASTER_KEY, 'KEFU_MASTER_KEY')), previous };
  const file = path.join(env.dataDir, 'master.key');
  const existing = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (existing !== null) return { current: masterKey(decodeMasterKey(existing, file)), previous };
  const key = randomBytes(32);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  log.warn(
    { file },
    'KEFU_MASTER_KEY is not set: generated a master key into this file. Back it up — without it the encrypted data cannot be read — and set KEFU_MASTER_KEY in production.',
  );
  return { current: masterKey(key), previous };
}
