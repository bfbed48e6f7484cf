import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('rate limiter', () => {
  it('allows a burst, then refills at the rate', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const limit = { burst: 3, perMinute: 60 };
    expect([1, 2, 3, 4].map(() => limiter.take('v', limit))).toEqual([true, true, true, false]);
    expect(limiter.take('other', limit)).toBe(true);
    now += 1000;
    expect([limiter.take('v', limit), limiter.take('v', limit)]).toEqual([true, false]);
    now += 60_000;
    expect([1, 2, 3, 4].map(() => limiter.take('v', limit))).toEqual([true, true, true, false]);
  });
});
