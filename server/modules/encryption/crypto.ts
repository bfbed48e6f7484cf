import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { AppError } from '../../lib/errors.ts';

/** Every encrypted text value starts with this; anything else is a plaintext value written before encryption. */
export const FORMAT_PREFIX = 'ENC1:';
/** Encrypted attachment files start with these bytes, then the key id and a newline. */
export const BLOB_MAGIC = Buffer.from('KEFUENC1\n');
const IV_BYTES = 12;
const TAG_BYTES = 16;

const b64 = (buf: Buffer) => buf.toString('base64url');

/** The additional data that binds a value to its tenant and column: a copy in another row fails to decrypt. */
export const boundTo = (workspaceId: string, column: string): Buffer => Buffer.from(`${workspaceId}\u0000${column}`, 'utf8');

/** AES-256-GCM of `plain` under `key`: iv, then ciphertext followed by its 16-byte tag. */
export function gcmSeal(key: Buffer, plain: Buffer, aad: Buffer): { iv: Buffer; body: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return { iv, body };
}

/** The inverse of {@link gcmSeal}; throws `decryption_failed` when the tag does not verify (tampered, wrong key, wrong row). */
export function gcmOpen(key: Buffer, iv: Buffer, body: Buffer, aad: Buffer): Buffer {
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new AppError('decryption_failed', { reason: 'malformed' });
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new AppError('decryption_failed', { reason: 'authentication failed' });
  }
}

/**
 * Encrypt a text value into Kefu's self-describing format
 * `ENC1:<keyId>:<iv>:<ciphertext+tag>` (base64url parts).
 *
 * @example sealText('ekey_01…', key, boundTo('wsp_1', 'contacts.email'), 'a@b.cn') // 'ENC1:ekey_01…:Qk…:x9…'
 */
export function sealText(keyId: string, key: Buffer, aad: Buffer, plain: string): string {
  const { iv, body } = gcmSeal(key, Buffer.from(plain, 'utf8'), aad);
  return `${FORMAT_PREFIX}${keyId}:${b64(iv)}:${b64(body)}`;
}

/** The key id of an encrypted value, or null for a plaintext one. */
export function keyIdOf(value: string): string | null {
  if (!value.startsWith(FORMAT_PREFIX)) return null;
  const end = value.indexOf(':', FORMAT_PREFIX.length);
  return end > 0 ? value.slice(FORMAT_PREFIX.length, end) : null;
}

/** Decrypt a value made by {@link sealText} with the key its id names. */
export function openText(key: Buffer, aad: Buffer, value: string): string {
  const parts = value.slice(FORMAT_PREFIX.length).split(':');
  if (parts.length !== 3) throw new AppError('decryption_failed', { reason: 'malformed' });
  return gcmOpen(key, Buffer.from(parts[1]!, 'base64url'), Buffer.from(parts[2]!, 'base64url'), aad).toString('utf8');
}

/** Encrypt file bytes: magic, key id, newline, iv, ciphertext+tag. */
export function sealBlob(keyId: string, key: Buffer, aad: Buffer, data: Buffer): Buffer {
  const { iv, body } = gcmSeal(key, data, aad);
  return Buffer.concat([BLOB_MAGIC, Buffer.from(`${keyId}\n`, 'utf8'), iv, body]);
}

/** The key id of encrypted file bytes, or null for a plain file stored before encryption. */
export function blobKeyId(data: Buffer): string | null {
  if (data.length < BLOB_MAGIC.length || !data.subarray(0, BLOB_MAGIC.length).equals(BLOB_MAGIC)) return null;
  const end = data.indexOf(0x0a, BLOB_MAGIC.length);
  return end > 0 ? data.subarray(BLOB_MAGIC.length, end).toString('utf8') : null;
}

/** Decrypt file bytes made by {@link sealBlob}. */
export function openBlob(key: Buffer, aad: Buffer, data: Buffer): Buffer {
  const start = data.indexOf(0x0a, BLOB_MAGIC.length) + 1;
  return gcmOpen(key, data.subarray(start, start + IV_BYTES), data.subarray(start + IV_BYTES), aad);
}

/**
 * Keyed hash for exact-match lookups of an encrypted value (a blind index):
 * equal inputs give equal hashes within one workspace, nothing else is learnt.
 *
 * @example blindHash(indexKey, 'contacts.email', 'a@b.cn') // 'k3J…' (43 chars)
 */
export function blindHash(indexKey: Buffer, column: string, value: string): string {
  return createHmac('sha256', indexKey).update(`${column}\u0000${value}`, 'utf8').digest('base64url');
}

/** A search word as an opaque token for PostgreSQL's `simple` text search (lower-case hex, never split). */
export function hashToken(indexKey: Buffer, word: string): string {
  return createHmac('sha256', indexKey).update(`term\u0000${word}`, 'utf8').digest('hex').slice(0, 20);
}
