import type { Logger } from 'pino';
import type { RateStore, TokenDraw } from '../../lib/rate-limit.ts';

type Limit = { burst: number; perMinute: number };

/** How often a shared limiter reports to the store: the most a cluster can overshoot is what its nodes take in this long. */
export const SHARE_EVERY_MS = 250;

/**
 * Token buckets, one per key (a visitor of an inbox). `take` always answers
 * from this node's memory, so the hot path (hundreds of widget messages a
 * second) never waits on the network. With a shared store (Redis), `share`
 * reports every SHARE_EVERY_MS how many tokens each busy key took here, in one
 * round trip, and lowers the local buckets to what the whole cluster has left
 * — so a visitor spread over several nodes gets one quota, give or take what
 * the nodes take between two reports (at most one burst each on a key's first
 * messages). Without Redis, or while it is unreachable, each node's own
 * buckets are the limit.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** Tokens taken since the last report, per key, with the limit they were taken under. */
  private taken = new Map<string, TokenDraw>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Take one token from `key`'s bucket; false when it is empty.
   *
   * @example limiter.take('inb_…:visitor', { burst: 20, perMinute: 60 })
   */
  take(key: string, limit: Limit): boolean {
    const bucket = this.refilled(key, limit);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    const draw = this.taken.get(key);
    if (draw) draw.taken += 1;
    else this.taken.set(key, { key, burst: limit.burst, perMinute: limit.perMinute, taken: 1 });
    return true;
  }

  private refilled(key: string, limit: Limit): { tokens: number; at: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) * limit.perMinute) / 60_000);
    bucket.at = now;
    this.buckets.set(key, bucket);
    return bucket;
  }

  /**
   * Report the tokens taken here since the last call to `store` and lower
   * each local bucket to what the shared one holds. The store never throws
   * (rate-store-redis.ts); when it answers null the counts stay local.
   */
  async share(store: RateStore): Promise<void> {
    if (this.taken.size === 0) return;
    const draws = [...this.taken.values()];
    this.taken = new Map();
    const left = await store.drawTokens(draws);
    if (!left) return;
    draws.forEach((draw, i) => {
      const bucket = this.refilled(draw.key, draw);
      // Tokens taken here while the report was on its way are not in the shared answer yet.
      const since = this.taken.get(draw.key)?.taken ?? 0;
      bucket.tokens = Math.min(bucket.tokens, left[i]! - since);
    });
  }

  /**
   * Report to `store` every SHARE_EVERY_MS until the returned function is
   * called. A no-op loop costs nothing when no visitor wrote.
   *
   * @example const stop = limiter.shareEvery(app.rateStore, ctx.log);
   */
  shareEvery(store: RateStore, log: Logger): () => void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.share(store)
        .catch((err: unknown) => log.warn({ err }, 'widget rate limits could not be shared'))
        .finally(() => (busy = false));
    }, SHARE_EVERY_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Forget buckets idle long enough to be full again (called periodically so memory stays bounded). */
  sweep(idleMs = 10 * 60_000): void {
    const cutoff = this.now() - idleMs;
    for (const [key, bucket] of this.buckets) if (bucket.at < cutoff) this.buckets.delete(key);
  }
}
