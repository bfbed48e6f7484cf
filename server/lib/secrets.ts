import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keylen: number;
}

const SCRYPT: ScryptParams = { N: 16384, r: 8, p: 1, keylen: 32 };

function scryptAsync(password: string, salt: Buffer, params: ScryptParams = SCRYPT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, params.keylen, { N: params.N, r: params.r, p: params.p, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hash a password with scrypt; the result records its own parameters. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const DUMMY_HASH = `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`;

/**
 * Check a password against a stored hash in constant time. With no hash
 * (unknown user) it still does the work, so timing does not reveal which
 * emails exist.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = (stored ?? DUMMY_HASH).split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    keylen: expected.length,
  });
  return stored !== null && timingSafeEqual(actual, expected);
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A bearer secret that names its workspace: `<kind>_<workspaceId>.<secret>`. */
export function issueToken(kind: 'ks' | 'kk' | 'ki' | 'kc', workspaceId: string): { token: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${kind}_${workspaceId}.${secret}`, hash: sha256(secret) };
}

/** Split a token from {@link issueToken}; null when it is not one of `kind`. */
export function parseToken(kind: 'ks' | 'kk' | 'ki' | 'kc', token: string): { workspaceId: string; hash: string } | null {
  const match = new RegExp(`^${kind}_(wsp_[0-9a-z]{26})\\.([A-Za-z0-9_-]{43})$`).exec(token);
  if (!match) return null;
  return { workspaceId: match[1]!, hash: sha256(match[2]!) };
}

/** A readable random password for first-run admin accounts. */
export function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}
