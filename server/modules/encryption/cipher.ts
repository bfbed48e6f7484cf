import { blindHash, blobKeyId, boundTo, hashToken, keyIdOf, openBlob, openText, sealBlob, sealText } from './crypto.ts';

/** A workspace's unwrapped keys as cached in memory. */
export interface Ring {
  workspaceId: string;
  loadedAt: number;
  activeId: string;
  keys: Map<string, Buffer>;
  index: Buffer;
  retiring: boolean;
  encryptMessages: boolean;
}

/** A value names a key this node has not loaded (yet). */
export class KeyNotLoaded extends Error {
  constructor(readonly keyId: string) {
    super(`encryption key ${keyId} is not loaded`);
  }
}

/**
 * Encrypt, decrypt and blind-hash the values of one workspace. Columns are
 * named `table.column`; a value only decrypts in the workspace and column it
 * was written for. Plaintext values (written before encryption) pass through.
 */
/**
 * Term → token per index key. Customers reuse a small vocabulary, and one
 * HMAC per word was a tenth of a bot turn's CPU on a workspace that encrypts
 * its messages; cleared when full rather than tracked per entry.
 */
const TERM_MEMO_SIZE = 50_000;
const termMemos = new WeakMap<Buffer, Map<string, string>>();

function termMemoOf(indexKey: Buffer): Map<string, string> {
  let memo = termMemos.get(indexKey);
  if (!memo) termMemos.set(indexKey, (memo = new Map()));
  return memo;
}

export class Cipher {
  constructor(private readonly ring: Ring) {}

  get workspaceId(): string {
    return this.ring.workspaceId;
  }

  get activeKeyId(): string {
    return this.ring.activeId;
  }

  /** Whether new message content of this workspace is encrypted (the `encryptMessages` setting). */
  get encryptMessages(): boolean {
    return this.ring.encryptMessages;
  }

  private key(keyId: string): Buffer {
    const key = this.ring.keys.get(keyId);
    if (!key) throw new KeyNotLoaded(keyId);
    return key;
  }

  seal(column: string, plain: string): string {
    return sealText(this.ring.activeId, this.key(this.ring.activeId), boundTo(this.ring.workspaceId, column), plain);
  }

  sealNullable(column: string, plain: string | null | undefined): string | null {
    return plain === null || plain === undefined ? null : this.seal(column, plain);
  }

  open(column: string, value: string): string {
    const keyId = keyIdOf(value);
    return keyId ? openText(this.key(keyId), boundTo(this.ring.workspaceId, column), value) : value;
  }

  openNullable(column: string, value: string | null): string | null {
    return value === null ? null : this.open(column, value);
  }

  /** Whether a stored value is already under the active key (the re-encryption job skips it). */
  isCurrent(value: string | null): boolean {
    return value === null || keyIdOf(value) === this.ring.activeId;
  }

  /** Blind index of a normalised value for exact lookups. */
  hash(column: string, value: string): string {
    return blindHash(this.ring.index, column, value);
  }

  hashNullable(column: string, value: string | null | undefined): string | null {
    return value === null || value === undefined ? null : this.hash(column, value);
  }

  /** Space-separated search words → the same number of opaque tokens (search on encrypted messages). */
  hashTerms(terms: string): string {
    const memo = termMemoOf(this.ring.index);
    return terms
      .split(' ')
      .filter(Boolean)
      .map((w) => {
        let hashed = memo.get(w);
        if (hashed === undefined) {
          if (memo.size >= TERM_MEMO_SIZE) memo.clear();
          memo.set(w, (hashed = hashToken(this.ring.index, w)));
        }
        return hashed;
      })
      .join(' ');
  }

  sealBlob(column: string, data: Buffer): Buffer {
    return sealBlob(this.ring.activeId, this.key(this.ring.activeId), boundTo(this.ring.workspaceId, column), data);
  }

  openBlob(column: string, data: Buffer): Buffer {
    const keyId = blobKeyId(data);
    return keyId ? openBlob(this.key(keyId), boundTo(this.ring.workspaceId, column), data) : data;
  }
}
