import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Every id prefix in Kefu, so a log line says what an id points at. */
export const idPrefixes = {
  workspace: 'wsp',
  user: 'usr',
  role: 'rol',
  invitation: 'inv',
  session: 'ses',
  apiKey: 'key',
  audit: 'aud',
} as const;

export type IdKind = keyof typeof idPrefixes;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

/**
 * A new time-ordered id (ULID body) with the kind's prefix, so ids sort by
 * creation time and keyset pagination can use them.
 *
 * @example newId('user') // 'usr_01jd3k7q8m4x2c5v9n0b6t1r7e'
 */
export function newId(kind: IdKind): string {
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i]! % 32];
  return `${idPrefixes[kind]}_${encodeTime(Date.now())}${rand}`;
}

/** zod schema for an id of one kind; anything else is a 400 `validation_failed`. */
export function idSchema(kind: IdKind) {
  return z
    .string()
    .regex(new RegExp(`^${idPrefixes[kind]}_[0-9a-z]{26}$`), `must be a ${kind} id (${idPrefixes[kind]}_…)`);
}
