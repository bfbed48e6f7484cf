import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

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
  close(): Promise<void>;
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
    close: async () => entries.clear(),
  };
}

const PREFIX = 'kefu:rl:';
/** INCR and start the window on the first hit, atomically, so concurrent nodes agree on the count. */
const HIT_SCRIPT = `local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); t = tonumber(ARGV[1]) end
return {c, t}`;

/** Counters in Redis: every node of a cluster sees the same count for a key. */
export function createRedisStore(url: string, log: Logger): RateStore {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
  redis.on('error', (err) => log.warn({ err }, 'rate-limit redis connection error'));
  return {
    hit: async (key, windowMs) => {
      const [count, resetMs] = (await redis.eval(HIT_SCRIPT, 1, PREFIX + key, String(windowMs))) as [number, number];
      return { count, resetMs };
    },
    ttl: async (key) => Math.max(0, await redis.pttl(PREFIX + key)),
    flag: async (key, ttlMs) => void (await redis.set(PREFIX + key, '1', 'PX', Math.max(1, Math.round(ttlMs)))),
    del: async (...keys) => void (keys.length && (await redis.del(...keys.map((key) => PREFIX + key)))),
    close: async () => void (await redis.quit().catch(() => redis.disconnect())),
  };
}

/**
 * Redis when REDIS_URL is set (several nodes share the counts), memory otherwise.
 *
 * @example const store = createRateStore(ctx.env.REDIS_URL, ctx.log);
 */
export function createRateStore(redisUrl: string | undefined, log: Logger): RateStore {
  return redisUrl ? createRedisStore(redisUrl, log) : createMemoryStore();
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
