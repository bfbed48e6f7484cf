/**
 * In-memory token buckets, one per key (a visitor of an inbox). Each node
 * keeps its own, so behind a load balancer the limit is per node — enough
 * to stop one visitor from flooding agents, not a global quota.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Take one token from `key`'s bucket; false when it is empty.
   *
   * @example limiter.take('inb_…:visitor', { burst: 20, perMinute: 60 })
   */
  take(key: string, limit: { burst: number; perMinute: number }): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) * limit.perMinute) / 60_000);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Forget buckets idle long enough to be full again (called periodically so memory stays bounded). */
  sweep(idleMs = 10 * 60_000): void {
    const cutoff = this.now() - idleMs;
    for (const [key, bucket] of this.buckets) if (bucket.at < cutoff) this.buckets.delete(key);
  }
}
