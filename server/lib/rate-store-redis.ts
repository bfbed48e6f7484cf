import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createMemoryStore, type RateStore, type TokenDraw } from './rate-limit.ts';

const PREFIX = 'kefu:rl:';
/** INCR and start the window on the first hit, atomically, so concurrent nodes agree on the count. */
const HIT_SCRIPT = `local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); t = tonumber(ARGV[1]) end
return {c, t}`;
/**
 * A token bucket shared by every node: refill by Redis's clock (nodes' clocks
 * may disagree), subtract what one node took, return what is left. A debt
 * (nodes together took more than was there) is kept down to -burst and repaid
 * by the refill.
 */
const DRAW_SCRIPT = `local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2]) / 60000
local s = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(s[1]) or burst
local at = tonumber(s[2]) or ms
tokens = math.max(-burst, math.min(burst, tokens + math.max(0, ms - at) * rate) - tonumber(ARGV[3]))
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', tostring(ms))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate) + 1000)
return tostring(tokens)`;

/** A command that takes longer than this counts as an outage: a request never waits on Redis for more. */
const COMMAND_TIMEOUT_MS = 500;
/** How long boot waits for the first connection before it counts locally. */
const CONNECT_WAIT_MS = 2_000;
/** After a failed command on a connection that still looks open (a stalled Redis), try Redis again after this long. */
const RETRY_AFTER_MS = 5_000;

/** The counters' commands against Redis; every one may reject (connection down, timeout). */
function redisCounters(redis: Redis): RateStore {
  return {
    hit: async (key, windowMs) => {
      const [count, resetMs] = (await redis.eval(HIT_SCRIPT, 1, PREFIX + key, String(windowMs))) as [number, number];
      return { count, resetMs };
    },
    ttl: async (key) => Math.max(0, await redis.pttl(PREFIX + key)),
    flag: async (key, ttlMs) => void (await redis.set(PREFIX + key, '1', 'PX', Math.max(1, Math.round(ttlMs)))),
    del: async (...keys) => void (keys.length && (await redis.del(...keys.map((key) => PREFIX + key)))),
    keysWithPrefix: async (prefix) => {
      const found: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}${prefix}*`, 'COUNT', 1000);
        cursor = next;
        found.push(...keys.map((key) => key.slice(PREFIX.length)));
      } while (cursor !== '0');
      return found;
    },
    drawTokens: async (draws: TokenDraw[]) => {
      const batch = redis.pipeline();
      for (const d of draws) batch.eval(DRAW_SCRIPT, 1, `${PREFIX}bucket:${d.key}`, d.burst, d.perMinute, d.taken);
      const results = (await batch.exec()) ?? [];
      return results.map(([err, left]) => {
        if (err) throw err;
        return Number(left);
      });
    },
    close: async () => void (await redis.quit().catch(() => redis.disconnect())),
  };
}

/**
 * Whether Redis is worth asking: up once connected, down from the first
 * error until it is ready again (or, for a stall, until RETRY_AFTER_MS has
 * passed). One warning when an outage starts, one line when it ends.
 */
function trackHealth(redis: Redis, log: Logger, now: () => number) {
  let state: 'starting' | 'up' | 'down' = 'starting';
  let retryAt = 0;
  let closing = false;
  const down = (err: unknown) => {
    retryAt = now() + RETRY_AFTER_MS;
    if (state === 'down' || closing) return;
    state = 'down';
    log.warn({ err }, 'rate-limit redis unavailable; counting on this node only until it is back');
  };
  const up = () => {
    if (state === 'down') log.info('rate-limit redis is back; counts are shared again');
    state = 'up';
  };
  redis.on('error', down);
  redis.on('close', () => down(new Error('connection closed')));
  redis.on('ready', up);
  return {
    usable: () => redis.status === 'ready' && (state === 'up' || (state === 'down' && now() >= retryAt)),
    failed: down,
    succeeded: up,
    closing: () => void (closing = true),
  };
}

/**
 * Counters in Redis, so every node of a cluster sees the same count for a
 * key — and this node's own counters whenever Redis is unreachable, slow or
 * failing: sign-in and the API keep working under local limits (never
 * unlimited, never a 500), and counting returns to Redis when it does. No
 * offline queue and a short command timeout, so no request waits on a dead
 * connection.
 */
export function createRedisStore(url: string, log: Logger, now: () => number = Date.now): RateStore & { ready: Promise<void> } {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS, connectTimeout: 2_000 });
  const health = trackHealth(redis, log, now);
  const remote = redisCounters(redis);
  const local = createMemoryStore(now);
  const either = async <T>(call: (store: RateStore) => Promise<T>): Promise<T> => {
    if (!health.usable()) return call(local);
    try {
      const result = await call(remote);
      health.succeeded();
      return result;
    } catch (err) {
      health.failed(err);
      return call(local);
    }
  };
  const ready = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, CONNECT_WAIT_MS);
    const done = () => (clearTimeout(timer), resolve());
    redis.once('ready', done);
    redis.once('error', done);
  });
  return {
    ready,
    hit: (key, windowMs) => either((s) => s.hit(key, windowMs)),
    ttl: (key) => either((s) => s.ttl(key)),
    flag: (key, ttlMs) => either((s) => s.flag(key, ttlMs)),
    // Forget the key in both places: an unlock during an outage must also hold once Redis is back.
    del: async (...keys) => {
      await local.del(...keys);
      await either((s) => (s === local ? Promise.resolve() : s.del(...keys)));
    },
    keysWithPrefix: (prefix) => either((s) => s.keysWithPrefix(prefix)),
    drawTokens: (draws) => either((s) => s.drawTokens(draws)),
    close: async () => {
      health.closing();
      await Promise.all([remote.close(), local.close()]);
    },
  };
}

/**
 * Redis when REDIS_URL is set (several nodes share the counts), memory
 * otherwise. Waits for the first connection (or its failure, at most
 * CONNECT_WAIT_MS), so a node's first requests are counted with the others';
 * a node whose Redis is down still boots, counting locally.
 *
 * @example const store = await createRateStore(ctx.env.REDIS_URL, ctx.log);
 */
export async function createRateStore(redisUrl: string | undefined, log: Logger): Promise<RateStore> {
  if (!redisUrl) return createMemoryStore();
  const store = createRedisStore(redisUrl, log);
  await store.ready;
  return store;
}
