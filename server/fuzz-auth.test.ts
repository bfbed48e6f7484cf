import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from './lib/secrets.ts';
import { login } from './test/factories.ts';
import { bearer, buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from './test/harness.ts';
import { bodies, checkAll, contentTypes, params, rawBodies, RUNS, sendChecked, text, type FuzzRequest } from './test/fuzz-kit.ts';

/**
 * Property tests over sign-in, sign-out, the own profile and password, and
 * whatever arrives as a token: never a 5xx, every 4xx a catalogued error,
 * and no token but a live one of this workspace gets in.
 */
let kefu: TestKefu;
let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu);
  other = await createTestWorkspace(kefu, 'Other Shop');
});
afterAll(() => kefu.close());

const email = fc.oneof(fc.emailAddress(), fc.constant('Admin@Example.Test'));

/** Tokens as clients send them: random, of the right shape, real ones mangled, other kinds, other workspaces. */
function tokens(): fc.Arbitrary<string> {
  const real = ws.tokens.agent;
  return fc.oneof(
    fc.string({ unit: 'binary-ascii' }),
    text,
    fc.stringMatching(/^k[sik]_wsp_[0-9a-z]{26}\.[A-Za-z0-9_-]{43}$/),
    fc.constantFrom(
      real.slice(0, -1),
      `${real}x`,
      `${real}.`,
      real.toUpperCase(),
      real.replace(/^ks_/, 'kk_'),
      real.replace(/^ks_/, 'ki_'),
      real.replace(ws.id, other.id),
      real.split('.')[0]!,
      `.${real.split('.')[1]}`,
      issueToken('ks', ws.id).token,
      issueToken('kk', other.id).token,
      issueToken('ki', ws.id).token,
      `${real} ${real}`,
    ),
  );
}
const authorization = () =>
  fc.oneof(
    fc.string({ unit: 'binary-ascii' }),
    tokens().map((t) => `Bearer ${t}`),
    tokens().map((t) => `bearer  ${t}`),
    tokens().map((t) => `Basic ${t}`),
  );

describe('no request makes the auth endpoints fail', () => {
  it('POST /auth/login', async () => {
    const body = bodies({ email, password: text, workspace: fc.oneof(fc.constant(ws.slug), fc.constant(other.slug), text) });
    // Fewer runs: a well-formed login spends a deliberate ~50 ms in scrypt.
    await checkAll(
      kefu,
      body.map((payload): FuzzRequest => ({ method: 'POST', url: '/api/v1/auth/login', payload })),
      Math.ceil(RUNS / 3),
    );
  });

  it('POST /auth/login with raw bodies under any content type', async () => {
    const req = fc
      .tuple(rawBodies, contentTypes)
      .map(([payload, contentType]): FuzzRequest => ({ method: 'POST', url: '/api/v1/auth/login', payload, contentType }));
    await checkAll(kefu, req);
  });

  it('any Authorization header on every auth endpoint', async () => {
    const route = fc.constantFrom<[FuzzRequest['method'], string, string | undefined]>(
      ['GET', '/api/v1/auth/me', undefined],
      ['PATCH', '/api/v1/auth/me', '{"name":"x"}'],
      ['POST', '/api/v1/auth/logout', undefined],
      ['POST', '/api/v1/auth/password', '{"currentPassword":"x","newPassword":"long-enough-password"}'],
    );
    await checkAll(
      kefu,
      fc.tuple(route, authorization()).map(([[method, url, payload], header]) => ({
        method,
        url,
        headers: { authorization: header.replace(/[\r\n]/g, '') },
        ...(payload === undefined ? {} : { payload }),
      })),
    );
    // None of them signed anyone out: the real session still works.
    expect((await sendChecked(kefu, { method: 'GET', url: '/api/v1/auth/me', headers: bearer(ws.tokens.agent) })).statusCode).toBe(200);
  });

  it('only a live token of its own workspace signs in', async () => {
    await fc.assert(
      fc.asyncProperty(tokens(), async (token) => {
        const res = await sendChecked(kefu, { method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) });
        if (res.statusCode === 200) expect(res.json().workspace.id).toBe(ws.id);
        else expect(['unauthenticated', 'token_expired']).toContain(res.json().error.code);
        if (token !== ws.tokens.agent && token.trim() !== ws.tokens.agent) expect(res.statusCode).not.toBe(200);
      }),
      params(),
    );
  });

  it('PATCH /auth/me and POST /auth/password', async () => {
    const me = bodies({ name: text, locale: fc.constantFrom('en', 'zh-CN', 'fr') }).map((payload): FuzzRequest => ({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers: bearer(ws.tokens.operator),
      payload,
    }));
    // The current password is never right, so the operator's session survives the run.
    const password = bodies({ currentPassword: text, newPassword: fc.string({ minLength: 10, maxLength: 300 }) }).map((payload): FuzzRequest => ({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: bearer(ws.tokens.operator),
      payload,
    }));
    await checkAll(kefu, fc.oneof(me, password), Math.ceil(RUNS / 2));
  });
});

describe('sign-out', () => {
  it('ends exactly the session it is called with, however often it is repeated', async () => {
    const token = await login(kefu, ws.users.agent.email, ws.users.agent.password);
    const out = () => sendChecked(kefu, { method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) });
    const results = await Promise.all([out(), out(), out()]);
    expect(results.map((r) => r.statusCode).sort()).toContain(204);
    for (const r of results) if (r.statusCode !== 204) expect(r.json().error.code).toBe('unauthenticated');
    expect((await out()).json().error.code).toBe('unauthenticated');
    expect((await sendChecked(kefu, { method: 'GET', url: '/api/v1/auth/me', headers: bearer(ws.tokens.agent) })).statusCode).toBe(200);
  });
});
