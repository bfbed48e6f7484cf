import type { Env } from '../../env.ts';
import { appError } from '../../lib/errors.ts';
import { keyDigest, type RateStore } from '../../lib/rate-limit.ts';
import { rateLimitsOn } from '../../lib/rate-limit-hook.ts';

/**
 * Login lockout: failed logins are counted per email (whether or not it
 * exists, so a lockout says nothing about which emails are accounts) and per
 * client IP; past the limit within the window, login from there is refused
 * with `account_locked` for KEFU_LOGIN_LOCK_MINUTES, even with the right
 * password. Counts live in the shared rate store (Redis across nodes).
 */
const emailKey = (email: string) => keyDigest(email.trim().toLowerCase());
const keys = {
  accountFailures: (email: string) => `login-fail:acct:${emailKey(email)}`,
  accountLock: (email: string) => `login-lock:acct:${emailKey(email)}`,
  ipFailures: (ip: string) => `login-fail:ip:${ip}`,
  ipLock: (ip: string) => `login-lock:ip:${ip}`,
};

/** Throw `account_locked` (with the seconds left) when the email or the IP is locked. */
export async function assertNotLocked(store: RateStore, email: string, ip: string): Promise<void> {
  const left = Math.max(await store.ttl(keys.accountLock(email)), await store.ttl(keys.ipLock(ip)));
  if (left > 0) throw appError('account_locked', { retryAfterSeconds: Math.ceil(left / 1000) });
}

/**
 * Count a failed login; returns true when this failure locked the account
 * (the caller audits it). The IP count applies only where rate limits do.
 */
export async function recordLoginFailure(env: Env, store: RateStore, email: string, ip: string): Promise<boolean> {
  const windowMs = env.KEFU_LOGIN_FAILURE_WINDOW_MINUTES * 60_000;
  const lockMs = env.KEFU_LOGIN_LOCK_MINUTES * 60_000;
  const account = await store.hit(keys.accountFailures(email), windowMs);
  let locked = false;
  if (account.count >= env.KEFU_LOGIN_MAX_FAILURES) {
    await store.flag(keys.accountLock(email), lockMs);
    await store.del(keys.accountFailures(email));
    locked = true;
  }
  if (rateLimitsOn(env)) {
    const byIp = await store.hit(keys.ipFailures(ip), windowMs);
    if (byIp.count >= env.KEFU_LOGIN_MAX_FAILURES_PER_IP) {
      await store.flag(keys.ipLock(ip), lockMs);
      await store.del(keys.ipFailures(ip));
    }
  }
  return locked;
}

/** A successful login forgets the email's failures. */
export async function clearLoginFailures(store: RateStore, email: string): Promise<void> {
  await store.del(keys.accountFailures(email));
}

/** Lift an account's lockout (an admin's unlock); returns whether it was locked. */
export async function unlockEmail(store: RateStore, email: string): Promise<boolean> {
  const wasLocked = (await store.ttl(keys.accountLock(email))) > 0;
  await store.del(keys.accountLock(email), keys.accountFailures(email));
  return wasLocked;
}

/** Seconds left on an account's lockout, 0 when it is not locked. */
export async function lockedForSeconds(store: RateStore, email: string): Promise<number> {
  return Math.ceil((await store.ttl(keys.accountLock(email))) / 1000);
}
