import type { Env } from '../../env.ts';
import { appError } from '../../lib/errors.ts';
import { keyDigest, type RateStore } from '../../lib/rate-limit.ts';
import { rateLimitsOn } from '../../lib/rate-limit-hook.ts';

/**
 * Login lockout. Failed logins lock the (email, client IP) pair after
 * KEFU_LOGIN_MAX_FAILURES, so a stranger who knows an admin's address locks
 * only themselves out, not the admin. The email is locked everywhere only
 * after KEFU_LOGIN_MAX_FAILURES_PER_ACCOUNT failures within the window — a
 * number no single address can reach before its pair lock, so only a guess
 * spread over many addresses trips it. An IP that fails across many emails is
 * locked too (KEFU_LOGIN_MAX_FAILURES_PER_IP). Emails are counted whether or
 * not they exist, so a lockout says nothing about which emails are accounts.
 * A lock refuses login with `account_locked` for KEFU_LOGIN_LOCK_MINUTES,
 * even with the right password. Counts live in the shared rate store.
 */
const emailKey = (email: string) => keyDigest(email.trim().toLowerCase());
const keys = {
  pairFailures: (email: string, ip: string) => `login-fail:pair:${emailKey(email)}:${ip}`,
  /** Every pair lock of one email starts with this, so an admin can list and lift them all. */
  pairLocksOf: (email: string) => `login-lock:pair:${emailKey(email)}:`,
  pairLock: (email: string, ip: string) => `login-lock:pair:${emailKey(email)}:${ip}`,
  accountFailures: (email: string) => `login-fail:acct:${emailKey(email)}`,
  accountLock: (email: string) => `login-lock:acct:${emailKey(email)}`,
  ipFailures: (ip: string) => `login-fail:ip:${ip}`,
  ipLock: (ip: string) => `login-lock:ip:${ip}`,
};

/** Throw `account_locked` (with the seconds left) when the pair, the whole email or the IP is locked. */
export async function assertNotLocked(store: RateStore, email: string, ip: string): Promise<void> {
  const ttls = await Promise.all([keys.pairLock(email, ip), keys.accountLock(email), keys.ipLock(ip)].map((key) => store.ttl(key)));
  const left = Math.max(...ttls);
  if (left > 0) throw appError('account_locked', { retryAfterSeconds: Math.ceil(left / 1000) });
}

/** Count one failure on `failuresKey`; at `max`, set `lockKey` and start counting afresh. True when it locked. */
async function countTowardsLock(store: RateStore, failuresKey: string, lockKey: string, max: number, env: Env): Promise<boolean> {
  const { count } = await store.hit(failuresKey, env.KEFU_LOGIN_FAILURE_WINDOW_MINUTES * 60_000);
  if (count < max) return false;
  await store.flag(lockKey, env.KEFU_LOGIN_LOCK_MINUTES * 60_000);
  await store.del(failuresKey);
  return true;
}

/**
 * Count a failed login; returns what this failure locked — the email from
 * this IP, or the email everywhere — or null (the caller audits a lock). The IP count applies
 * only where rate limits do.
 */
export async function recordLoginFailure(env: Env, store: RateStore, email: string, ip: string): Promise<'address' | 'account' | null> {
  const pair = await countTowardsLock(store, keys.pairFailures(email, ip), keys.pairLock(email, ip), env.KEFU_LOGIN_MAX_FAILURES, env);
  const account = await countTowardsLock(store, keys.accountFailures(email), keys.accountLock(email), env.KEFU_LOGIN_MAX_FAILURES_PER_ACCOUNT, env);
  if (rateLimitsOn(env)) await countTowardsLock(store, keys.ipFailures(ip), keys.ipLock(ip), env.KEFU_LOGIN_MAX_FAILURES_PER_IP, env);
  return account ? 'account' : pair ? 'address' : null;
}

/**
 * A successful login forgets this address's failures for the email. The
 * account-wide count stays: a guesser elsewhere must not be reset by the
 * owner signing in.
 */
export async function clearLoginFailures(store: RateStore, email: string, ip: string): Promise<void> {
  await store.del(keys.pairFailures(email, ip));
}

/** Every lock on an email: the account-wide one and each (email, IP) pair's. */
async function locksOf(store: RateStore, email: string): Promise<string[]> {
  return [keys.accountLock(email), ...(await store.keysWithPrefix(keys.pairLocksOf(email)))];
}

/** Lift every lock on an email, account-wide and per address (an admin's unlock); returns whether any was set. */
export async function unlockEmail(store: RateStore, email: string): Promise<boolean> {
  const wasLocked = (await lockedForSeconds(store, email)) > 0;
  const pairFailures = await store.keysWithPrefix(`login-fail:pair:${emailKey(email)}:`);
  await store.del(...(await locksOf(store, email)), keys.accountFailures(email), ...pairFailures);
  return wasLocked;
}

/** Seconds left on the longest lock of an email (account-wide or from any address), 0 when none is set. */
export async function lockedForSeconds(store: RateStore, email: string): Promise<number> {
  const ttls = await Promise.all((await locksOf(store, email)).map((key) => store.ttl(key)));
  return Math.ceil(Math.max(0, ...ttls) / 1000);
}
