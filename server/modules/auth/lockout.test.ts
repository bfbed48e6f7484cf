import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, expectError, uniqueTag } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';

let kefu: TestKefu;
let ws: TestWorkspace;
beforeAll(async () => {
  kefu = await buildTestKefu({
    KEFU_LOGIN_MAX_FAILURES: '3',
    KEFU_LOGIN_MAX_FAILURES_PER_ACCOUNT: '8',
    KEFU_LOGIN_LOCK_MINUTES: '10',
    KEFU_TRUST_PROXY: 'true',
  });
  ws = await createTestWorkspace(kefu);
});
afterAll(() => kefu?.close());

const attempt = async (email: string, password: string, ip = '127.0.0.1') => {
  const res = await kefu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers: { 'x-forwarded-for': ip } });
  return { status: res.statusCode, body: res.json(), raw: res.body, retryAfter: res.headers['retry-after'] };
};

describe('login lockout', () => {
  it('locks the email from the guessing address only; the owner elsewhere signs in, and an admin unlocks', async () => {
    const { email, password, id } = ws.users.agent;
    for (let i = 0; i < 3; i++) expectError(await attempt(email, 'wrong-password', '203.0.113.50'), 'invalid_credentials');
    const locked = await attempt(email, password, '203.0.113.50');
    expectError(locked, 'account_locked');
    expect(Number(locked.retryAfter)).toBeGreaterThan(9 * 60);
    expect((await attempt(email, password, '198.51.100.7')).status).toBe(200);

    expect((await call(kefu, 'GET', `/api/v1/auth/users/${id}/lockout`, ws.tokens.admin)).body).toEqual({
      locked: true,
      retryAfterSeconds: expect.any(Number),
    });
    expectError(await call(kefu, 'DELETE', `/api/v1/auth/users/${id}/lockout`, ws.tokens.agent), 'forbidden');
    expect((await call(kefu, 'DELETE', `/api/v1/auth/users/${id}/lockout`, ws.tokens.admin)).status).toBe(204);
    expect((await call(kefu, 'GET', `/api/v1/auth/users/${id}/lockout`, ws.tokens.admin)).body).toEqual({ locked: false, retryAfterSeconds: 0 });
    expect((await attempt(email, password, '203.0.113.50')).status).toBe(200);

    const audit = await auditEvents(kefu, ws.tokens.admin, { targetId: id });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['user.locked', 'user.unlocked']));
    expect(audit.find((e) => e.action === 'user.locked')?.after).toMatchObject({ scope: 'address' });
  });

  it('locks the email everywhere only after many failures from many addresses; an admin unlock lifts every lock', async () => {
    const { email, password, id } = ws.users.admin;
    // Four addresses: two failures each from three of them, then two from a fourth — eight in all, no pair locked.
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4']) {
      expect((await call(kefu, 'GET', `/api/v1/auth/users/${id}/lockout`, ws.tokens.admin)).body.locked).toBe(false);
      for (let i = 0; i < 2; i++) expectError(await attempt(email, 'wrong-password', ip), 'invalid_credentials');
    }
    expectError(await attempt(email, password, '198.51.100.8'), 'account_locked');
    const locks = (await auditEvents(kefu, ws.tokens.admin, { targetId: id })).filter((e) => e.action === 'user.locked');
    expect(locks.map((e) => e.after?.scope)).toEqual(['account']);
    expect((await call(kefu, 'GET', `/api/v1/auth/users/${id}/lockout`, ws.tokens.admin)).body.locked).toBe(true);
    expect((await call(kefu, 'DELETE', `/api/v1/auth/users/${id}/lockout`, ws.tokens.admin)).status).toBe(204);
    expect((await attempt(email, password, '198.51.100.8')).status).toBe(200);
  });

  it('answers an unknown email exactly as a real one, lockout included', async () => {
    const unknown = `nobody-${uniqueTag()}@example.test`;
    const real = ws.users.operator.email;
    const shape = (r: Awaited<ReturnType<typeof attempt>>) => ({ status: r.status, code: r.body.error.code, message: r.body.error.message });
    for (let i = 0; i < 4; i++) expect(shape(await attempt(unknown, 'wrong-password'))).toEqual(shape(await attempt(real, 'wrong-password')));
    expect(shape(await attempt(unknown, 'x'))).toEqual({ status: 429, code: 'account_locked', message: expect.any(String) });
    await call(kefu, 'DELETE', `/api/v1/auth/users/${ws.users.operator.id}/lockout`, ws.tokens.admin);
  });

  it('forgets failures after a successful sign-in', async () => {
    const { email, password } = ws.users.operator;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) expectError(await attempt(email, 'wrong-password'), 'invalid_credentials');
      expect((await attempt(email, password)).status).toBe(200);
    }
  });
});

describe('lockout per IP', () => {
  let guarded: TestKefu;
  let other: TestWorkspace;
  beforeAll(async () => {
    guarded = await buildTestKefu({
      KEFU_RATE_LIMIT: 'true',
      KEFU_TRUST_PROXY: 'true',
      KEFU_LOGIN_MAX_FAILURES_PER_IP: '4',
      KEFU_RATE_LIMIT_AUTH_PER_IP: '1000',
    });
    other = await createTestWorkspace(guarded);
  });
  afterAll(() => guarded?.close());

  it('locks an IP that guesses across many emails, not the accounts elsewhere', async () => {
    const login = async (email: string, password: string, ip: string) =>
      (
        await guarded.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers: { 'x-forwarded-for': ip } })
      ).json();
    for (let i = 0; i < 4; i++)
      expect((await login(`guess-${i}-${uniqueTag()}@example.test`, 'pw-guess-1', '203.0.113.9')).error.code).toBe('invalid_credentials');
    expect((await login(other.users.agent.email, other.users.agent.password, '203.0.113.9')).error.code).toBe('account_locked');
    expect((await login(other.users.agent.email, other.users.agent.password, '203.0.113.10')).token).toEqual(expect.any(String));
  });
});
