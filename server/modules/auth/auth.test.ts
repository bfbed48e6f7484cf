import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseToken } from '../../lib/secrets.ts';
import { auditEvents, buildApiKey, buildWorkspaceWithAdmin, call, expectError, login, sql, testPassword, uniqueTag } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';

let kefu: TestKefu;
let ws: TestWorkspace;

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu);
});
afterAll(() => kefu.close());

const me = (token: string) => call(kefu, 'GET', '/api/v1/auth/me', token);
const hashOf = (token: string) => (parseToken('ks', token) ?? parseToken('kk', token))!.hash;

describe('login', () => {
  it('returns a session token that works on /auth/me', async () => {
    const res = await call(kefu, 'POST', '/api/v1/auth/login', undefined, { email: ws.users.agent.email, password: ws.users.agent.password });
    expect(res.status).toBe(200);
    expect(res.body.workspaceId).toBe(ws.id);
    const who = await me(res.body.token);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({
      kind: 'user',
      user: { id: ws.users.agent.id, email: ws.users.agent.email },
      role: { key: 'agent' },
      workspace: { id: ws.id },
    });
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const wrongPassword = await call(kefu, 'POST', '/api/v1/auth/login', undefined, { email: ws.users.admin.email, password: 'not-the-password' });
    const unknownEmail = await call(kefu, 'POST', '/api/v1/auth/login', undefined, {
      email: `nobody-${uniqueTag()}@example.test`,
      password: 'whatever-it-is',
    });
    expectError(wrongPassword, 'invalid_credentials');
    expectError(unknownEmail, 'invalid_credentials');
    const withoutRequestId = (body: { error: Record<string, unknown> }) => ({ ...body.error, requestId: typeof body.error.requestId });
    expect(withoutRequestId(wrongPassword.body)).toEqual(withoutRequestId(unknownEmail.body));
  });

  it('asks for the workspace when an email belongs to two, and signs in to the one named', async () => {
    const email = `twice-${uniqueTag()}@example.test`;
    const password = testPassword();
    const first = await buildWorkspaceWithAdmin(kefu, email, password);
    const second = await buildWorkspaceWithAdmin(kefu, email, password);
    expectError(await call(kefu, 'POST', '/api/v1/auth/login', undefined, { email, password }), 'workspace_required');
    for (const { workspace } of [first, second]) {
      const res = await call(kefu, 'POST', '/api/v1/auth/login', undefined, { email, password, workspace: workspace.slug });
      expect(res.status).toBe(200);
      expect((await me(res.body.token)).body.workspace.id).toBe(workspace.id);
    }
  });
});

describe('sessions', () => {
  it('ends the session on logout', async () => {
    const token = await login(kefu, ws.users.operator.email, ws.users.operator.password);
    expect((await call(kefu, 'POST', '/api/v1/auth/logout', token)).status).toBe(204);
    expectError(await me(token), 'unauthenticated');
  });

  it('refuses an expired session with token_expired', async () => {
    const token = await login(kefu, ws.users.operator.email, ws.users.operator.password);
    await sql(kefu, `update sessions set expires_at = now() - interval '1 minute' where token_hash = $1`, [hashOf(token)]);
    expectError(await me(token), 'token_expired');
  });

  it('refuses tampered, foreign and malformed credentials with unauthenticated', async () => {
    const token = await login(kefu, ws.users.agent.email, ws.users.agent.password);
    const other = await createTestWorkspace(kefu, 'Other Shop');
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    const headers: Record<string, string | undefined> = {
      'tampered secret': `Bearer ${token.slice(0, -1)}${last}`,
      'another workspace id': `Bearer ${token.replace(ws.id, other.id)}`,
      'session token as api key': `Bearer ${token.replace(/^ks_/, 'kk_')}`,
      'no Bearer prefix': token,
      'Basic scheme': `Basic ${token}`,
      'Bearer only': 'Bearer',
      garbage: 'Bearer not-a-token',
      empty: '',
      absent: undefined,
      overlong: `Bearer ${'a'.repeat(5000)}`,
      'two tokens': `Bearer ${token} ${token}`,
    };
    for (const [label, authorization] of Object.entries(headers)) {
      const res = await kefu.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: authorization === undefined ? {} : { authorization } });
      expect({ label, status: res.statusCode, code: res.json().error?.code }).toEqual({ label, status: 401, code: 'unauthenticated' });
    }
    expect((await me(token)).status).toBe(200);
  });

  it('refuses a disabled user’s live session and new logins with user_disabled', async () => {
    const shop = await createTestWorkspace(kefu);
    await sql(kefu, `update users set status = 'disabled' where workspace_id = $1 and id = $2`, [shop.id, shop.users.agent.id]);
    expectError(await me(shop.tokens.agent), 'user_disabled');
    const res = await call(kefu, 'POST', '/api/v1/auth/login', undefined, { email: shop.users.agent.email, password: shop.users.agent.password });
    expectError(res, 'user_disabled');
  });
});

describe('password change', () => {
  it('refuses a wrong current password', async () => {
    const res = await call(kefu, 'POST', '/api/v1/auth/password', ws.tokens.operator, {
      currentPassword: 'wrong-password',
      newPassword: testPassword(),
    });
    expectError(res, 'current_password_incorrect');
    expect((await me(ws.tokens.operator)).status).toBe(200);
  });

  it('keeps this session, ends the others, and swaps which password works', async () => {
    const shop = await createTestWorkspace(kefu);
    const { email, password } = shop.users.agent;
    const other = await login(kefu, email, password);
    const newPassword = testPassword();
    const res = await call(kefu, 'POST', '/api/v1/auth/password', shop.tokens.agent, { currentPassword: password, newPassword });
    expect(res.status).toBe(204);
    expect((await me(shop.tokens.agent)).status).toBe(200);
    expectError(await me(other), 'unauthenticated');
    expectError(await call(kefu, 'POST', '/api/v1/auth/login', undefined, { email, password }), 'invalid_credentials');
    expect((await me(await login(kefu, email, newPassword))).status).toBe(200);
  });
});

describe('API keys', () => {
  it('shows the token once and never in the list', async () => {
    const created = await call(kefu, 'POST', '/api/v1/api-keys', ws.tokens.admin, { name: 'CRM sync', roleId: ws.roles.agent.id });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    const secret = token.split('.')[1]!;
    expect(created.body.apiKey).toMatchObject({ name: 'CRM sync', roleId: ws.roles.agent.id, hint: `…${token.slice(-4)}` });
    const list = await call(kefu, 'GET', '/api/v1/api-keys', ws.tokens.admin);
    expect(list.body.items.map((k: { id: string }) => k.id)).toContain(created.body.apiKey.id);
    expect(list.raw).not.toContain(secret);
    expect(list.raw).not.toContain(hashOf(token));
  });

  it('authenticates with exactly its role’s permissions', async () => {
    const key = await buildApiKey(kefu, ws.tokens.admin, ws.roles.agent.id);
    const who = await me(key.token);
    expect(who.body).toMatchObject({ kind: 'api_key', user: null, role: { key: 'agent' } });
    expect((await call(kefu, 'GET', '/api/v1/users', key.token)).status).toBe(200);
    expectError(await call(kefu, 'GET', '/api/v1/api-keys', key.token), 'forbidden');
    expectError(await call(kefu, 'PATCH', '/api/v1/workspace', key.token, { name: 'Hijacked' }), 'forbidden');
  });

  it('stops working once revoked or expired', async () => {
    const revoked = await buildApiKey(kefu, ws.tokens.admin, ws.roles.agent.id);
    expect((await call(kefu, 'DELETE', `/api/v1/api-keys/${revoked.id}`, ws.tokens.admin)).status).toBe(204);
    expectError(await me(revoked.token), 'unauthenticated');
    expectError(await call(kefu, 'DELETE', `/api/v1/api-keys/${revoked.id}`, ws.tokens.admin), 'not_found');
    const list = await call(kefu, 'GET', '/api/v1/api-keys', ws.tokens.admin);
    expect(list.body.items.map((k: { id: string }) => k.id)).not.toContain(revoked.id);

    const expired = await buildApiKey(kefu, ws.tokens.admin, ws.roles.agent.id);
    await sql(kefu, `update api_keys set expires_at = now() - interval '1 second' where workspace_id = $1 and id = $2`, [ws.id, expired.id]);
    expectError(await me(expired.token), 'token_expired');
  });

  it('refuses an expiry in the past or an unknown role', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    expectError(
      await call(kefu, 'POST', '/api/v1/api-keys', ws.tokens.admin, { name: 'old', roleId: ws.roles.agent.id, expiresAt: past }),
      'validation_failed',
    );
    const other = await createTestWorkspace(kefu, 'Other Shop');
    expectError(await call(kefu, 'POST', '/api/v1/api-keys', ws.tokens.admin, { name: 'x', roleId: other.roles.admin.id }), 'not_found');
  });
});

describe('audit of auth actions', () => {
  it('records sign-ins and API key creation and revocation', async () => {
    const shop = await createTestWorkspace(kefu);
    const key = await buildApiKey(kefu, shop.tokens.admin, shop.roles.operator.id);
    await call(kefu, 'DELETE', `/api/v1/api-keys/${key.id}`, shop.tokens.admin);
    const events = await auditEvents(kefu, shop.tokens.admin);
    const signIns = events.filter((e) => e.action === 'session.created');
    expect(signIns.map((e) => e.actorId).sort()).toEqual([shop.users.admin.id, shop.users.agent.id, shop.users.operator.id].sort());
    expect(events.filter((e) => e.targetId === key.id).map((e) => [e.action, e.actorId])).toEqual([
      ['api_key.revoked', shop.users.admin.id],
      ['api_key.created', shop.users.admin.id],
    ]);
  });
});
