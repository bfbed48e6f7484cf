import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, expectError } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { base32Decode, base32Encode, hotp, totp } from './totp.ts';

describe('TOTP against the RFC test vectors', () => {
  const ascii = (s: string) => Buffer.from(s, 'ascii');
  it.each(
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((counter, i) => [
      counter,
      ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'][i],
    ]),
  )('HOTP (RFC 4226 appendix D) counter %i → %s', (counter, code) => expect(hotp(ascii('12345678901234567890'), counter as number)).toBe(code));

  const keys = {
    sha1: ascii('12345678901234567890'),
    sha256: ascii('12345678901234567890123456789012'),
    sha512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
  };
  it.each([
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ])('TOTP (RFC 6238 appendix B) at %i s', (seconds, sha1, sha256, sha512) => {
    expect([
      totp(keys.sha1, seconds * 1000, 8),
      totp(keys.sha256, seconds * 1000, 8, 'sha256'),
      totp(keys.sha512, seconds * 1000, 8, 'sha512'),
    ]).toEqual([sha1, sha256, sha512]);
  });

  it('encodes base32 as RFC 4648 does and reads it back', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('mzxw 6ytb oi==').toString()).toBe('foobar');
  });
});

let kefu: TestKefu;
let ws: TestWorkspace;
beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu);
});
afterAll(() => kefu?.close());

/** What the staff member's authenticator app shows, `offset` 30-second steps from now. */
const appCode = (secret: string, offset = 0) => totp(base32Decode(secret), Date.now() + offset * 30_000);
const loginAs = (email: string, password: string) => call(kefu, 'POST', '/api/v1/auth/login', undefined, { email, password });

describe('two-factor sign-in', () => {
  it('enrols, then signs in with a code once, a recovery code once, and refuses replays', async () => {
    const { email, password } = ws.users.agent;
    const token = ws.tokens.agent;
    const enrol = await call(kefu, 'POST', '/api/v1/auth/2fa/enrol', token);
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/.+\?secret=[A-Z2-7]{32}&issuer=/);
    const secret = enrol.body.secret as string;
    expectError(
      await call(kefu, 'POST', '/api/v1/auth/2fa/confirm', token, { code: '000000' === appCode(secret) ? '111111' : '000000' }),
      'two_factor_invalid',
    );
    const first = appCode(secret);
    const confirmed = await call(kefu, 'POST', '/api/v1/auth/2fa/confirm', token, { code: first });
    const recoveryCodes = confirmed.body.recoveryCodes as string[];
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await call(kefu, 'GET', '/api/v1/auth/2fa', token)).body).toEqual({ enabled: true, recoveryCodesLeft: 10, required: false });

    const step1 = await loginAs(email, password);
    expect(step1.body).toEqual({ twoFactor: 'code_required', challenge: expect.stringMatching(/^kc_/), expiresAt: expect.any(String) });
    expect(step1.body.token).toBeUndefined();
    const second = (body: object) => call(kefu, 'POST', '/api/v1/auth/login/2fa', undefined, { challenge: step1.body.challenge, ...body });
    expectError(await second({ code: first }), 'two_factor_invalid'); // the code confirmed enrolment: a replay
    const next = appCode(secret, 1);
    const session = await second({ code: next });
    expect(session.status).toBe(200);
    expect((await call(kefu, 'GET', '/api/v1/auth/me', session.body.token)).body.user.id).toBe(ws.users.agent.id);
    expectError(await second({ code: next }), 'challenge_invalid'); // the challenge is spent

    const again = await loginAs(email, password);
    const viaRecovery = (code: string) =>
      call(kefu, 'POST', '/api/v1/auth/login/2fa', undefined, { challenge: again.body.challenge, recoveryCode: code });
    expectError(await call(kefu, 'POST', '/api/v1/auth/login/2fa', undefined, { challenge: again.body.challenge, code: next }), 'two_factor_invalid');
    expect((await viaRecovery(recoveryCodes[0]!.toUpperCase())).status).toBe(200);
    const third = await loginAs(email, password);
    expectError(
      await call(kefu, 'POST', '/api/v1/auth/login/2fa', undefined, { challenge: third.body.challenge, recoveryCode: recoveryCodes[0] }),
      'two_factor_invalid',
    );

    expectError(
      await call(kefu, 'POST', '/api/v1/auth/2fa/disable', token, { password: 'wrong-password', recoveryCode: recoveryCodes[1] }),
      'current_password_incorrect',
    );
    expectError(await call(kefu, 'POST', '/api/v1/auth/2fa/disable', token, { password }), 'two_factor_invalid');
    expect((await call(kefu, 'POST', '/api/v1/auth/2fa/disable', token, { password, recoveryCode: recoveryCodes[1] })).status).toBe(204);
    expect((await loginAs(email, password)).body.token).toEqual(expect.any(String));

    const actions = (await auditEvents(kefu, ws.tokens.admin, { targetId: ws.users.agent.id })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.two_factor_enabled', 'user.recovery_code_used', 'user.two_factor_disabled']));
  });

  it('spends a challenge after five wrong codes', async () => {
    const { email, password } = ws.users.operator;
    const enrol = await call(kefu, 'POST', '/api/v1/auth/2fa/enrol', ws.tokens.operator);
    await call(kefu, 'POST', '/api/v1/auth/2fa/confirm', ws.tokens.operator, { code: appCode(enrol.body.secret) });
    const { challenge } = (await loginAs(email, password)).body;
    const wrong = appCode(enrol.body.secret) === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++)
      expectError(await call(kefu, 'POST', '/api/v1/auth/login/2fa', undefined, { challenge, code: wrong }), 'two_factor_invalid');
    expectError(
      await call(kefu, 'POST', '/api/v1/auth/login/2fa', undefined, { challenge, code: appCode(enrol.body.secret, 1) }),
      'challenge_invalid',
    );
  });

  it('makes admins enrol at their next sign-in when the workspace requires it', async () => {
    const other = await createTestWorkspace(kefu, 'Strict Shop');
    expectError(await call(kefu, 'PUT', '/api/v1/auth/settings', other.tokens.agent, { requireAdminTwoFactor: true }), 'forbidden');
    expect((await call(kefu, 'PUT', '/api/v1/auth/settings', other.tokens.admin, { requireAdminTwoFactor: true })).status).toBe(200);

    const { email, password } = other.users.admin;
    const step1 = await loginAs(email, password);
    expect(step1.body).toMatchObject({ twoFactor: 'enrolment_required' });
    const enrol = await call(kefu, 'POST', '/api/v1/auth/login/2fa/enrol', undefined, { challenge: step1.body.challenge });
    const done = await call(kefu, 'POST', '/api/v1/auth/login/2fa/enrol/confirm', undefined, {
      challenge: step1.body.challenge,
      code: appCode(enrol.body.secret),
    });
    expect(done.status).toBe(200);
    expect(done.body.recoveryCodes).toHaveLength(10);
    expect((await call(kefu, 'GET', '/api/v1/auth/me', done.body.token)).status).toBe(200);
    expect((await loginAs(email, password)).body.twoFactor).toBe('code_required');
    // Agents are not admins: their sign-in stays one step.
    expect((await loginAs(other.users.agent.email, other.users.agent.password)).body.token).toEqual(expect.any(String));
    const settingsAudit = await auditEvents(kefu, done.body.token, { action: 'auth_settings.updated' });
    expect(settingsAudit[0]).toMatchObject({ before: { requireAdminTwoFactor: false }, after: { requireAdminTwoFactor: true } });
  });
});
