import { createHash } from 'node:crypto';

/**
 * Counters shared by every node: fixed windows (`hit`) for rate limits and
 * failed logins, flags with a time to live (`flag`) for lockouts. In memory
 * for one process; in Redis (REDIS_URL) so several nodes share each count.
 */
export interface RateStore {
  /** Count one hit on `key`; the window starts at the first hit and lasts `windowMs`. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  /** Milliseconds left on `key` (a window or a flag), 0 when it is not set. */
  ttl(key: string): Promise<number>;
  /** Set `key` for `ttlMs` (a lockout). */
  flag(key: string, ttlMs: number): Promise<void>;
  /** Forget keys (success resets a failure count; an admin unlocks). */
  del(...keys: string[]): Promise<void>;
  /** Keys that start with `prefix` and are live (an admin's view of every lock on one email). */
  keysWithPrefix(prefix: string): Promise<string[]>;
  /**
   * Subtract tokens this node took from shared token buckets and return what
   * each bucket holds now; null when counting is this node's own (no Redis,
   * or Redis unreachable), so the caller keeps its local buckets.
   */
  drawTokens(draws: TokenDraw[]): Promise<number[] | null>;
  close(): Promise<void>;
}

/** Tokens one node took from a shared bucket (`burst` deep, refilled at `perMinute`) since it last reported. */
export interface TokenDraw {
  key: string;
  burst: number;
  perMinute: number;
  taken: number;
}

/** One process's counters; expired entries are swept as the map grows. */
export function createMemoryStore(now: () => number = Date.now): RateStore {
  const entries = new Map<string, { count: number; until: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.until <= now()) entries.delete(key);
    return entries.get(key);
  };
  const sweep = () => {
    if (entries.size < 50_000) return;
    for (const [key, entry] of entries) if (entry.until <= now()) entries.delete(key);
  };
  return {
    hit: async (key, windowMs) => {
      sweep();
      const entry = live(key) ?? { count: 0, until: now() + windowMs };
      entry.count += 1;
      entries.set(key, entry);
      return { count: entry.count, resetMs: entry.until - now() };
    },
    ttl: async (key) => Math.max(0, (live(key)?.until ?? 0) - now()),
    flag: async (key, ttlMs) => void entries.set(key, { count: 1, until: now() + ttlMs }),
    del: async (...keys) => keys.forEach((key) => entries.delete(key)),
    keysWithPrefix: async (prefix) => [...entries.keys()].filter((key) => key.startsWith(prefix) && live(key)),
    drawTokens: async () => null,
    close: async () => entries.clear(),
  };
}

/** A limit: at most `max` hits per `windowMs` for one key. */
export interface Limit {
  max: number;
  windowMs: number;
}

/**
 * Count a hit on `key` against `limit`; `retryAfterSeconds` is set when the
 * hit is over the limit (the caller answers 429 `rate_limited`).
 *
 * @example const { allowed } = await consume(store, `ip:${req.ip}`, { max: 600, windowMs: 60_000 });
 */
export async function consume(store: RateStore, key: string, limit: Limit): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const { count, resetMs } = await store.hit(key, limit.windowMs);
  return { allowed: count <= limit.max, retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)) };
}

/** A short stable digest for keys built from secrets or personal data (tokens, emails): the store never holds them. */
export function keyDigest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}
