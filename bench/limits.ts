/**
 * A benchmark's load comes from one loopback address and a handful of
 * tokens, which the production rate limits (server/lib/rate-limit.ts) would
 * answer with 429 within a second. The limiter stays on — its cost is part
 * of every request measured — with limits no benchmark reaches.
 */
export const benchRateLimits = {
  KEFU_RATE_LIMIT: 'true',
  KEFU_RATE_LIMIT_PER_IP: '1000000',
  KEFU_RATE_LIMIT_PER_TOKEN: '1000000',
  KEFU_RATE_LIMIT_PER_VISITOR: '1000000',
  KEFU_RATE_LIMIT_AUTH_PER_IP: '1000000',
  KEFU_LOGIN_MAX_FAILURES_PER_IP: '1000000',
} as const;
