import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { auditEvents, buildApiKey, buildInvitedUser, buildRole, call, expectError, login } from '../../test/factories.ts';

describe('deleting a custom role', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
  });
  afterAll(() => kefu.close());

  it('works once its only API key is revoked and its invitation was used', async () => {
    const role = await buildRole(kefu, ws.tokens.admin, ['audit.read']);
    const key = await buildApiKey(kefu, ws.tokens.admin, role.id);
    const user = await buildInvitedUser(kefu, ws.tokens.admin, role.id);

    expectError(await call(kefu, 'DELETE', `/api/v1/roles/${role.id}`, ws.tokens.admin), 'role_in_use');
    await call(kefu, 'PATCH', `/api/v1/users/${user.id}`, ws.tokens.admin, { roleId: ws.roles.agent.id });
    expectError(await call(kefu, 'DELETE', `/api/v1/roles/${role.id}`, ws.tokens.admin), 'role_in_use'); // the live key still holds it
    expect((await call(kefu, 'DELETE', `/api/v1/api-keys/${key.id}`, ws.tokens.admin)).status).toBe(204);

    expect((await call(kefu, 'DELETE', `/api/v1/roles/${role.id}`, ws.tokens.admin)).status).toBe(204);
    const roles = await call(kefu, 'GET', '/api/v1/roles', ws.tokens.admin);
    expect(roles.body.items.map((r: { id: string }) => r.id)).not.toContain(role.id);
    expect((await call(kefu, 'GET', '/api/v1/users', key.token)).status).toBe(401);
  });

  it('is refused while an invitation with that role is pending', async () => {
    const role = await buildRole(kefu, ws.tokens.admin, ['users.read']);
    await call(kefu, 'POST', '/api/v1/invitations', ws.tokens.admin, { email: `pending-${role.key}@example.test`, roleId: role.id });
    expectError(await call(kefu, 'DELETE', `/api/v1/roles/${role.id}`, ws.tokens.admin), 'role_in_use');
  });
});

describe('PATCH /api/v1/auth/me', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
  });
  afterAll(() => kefu.close());

  it('lets an agent change their own name and language, audited', async () => {
    const res = await call(kefu, 'PATCH', '/api/v1/auth/me', ws.tokens.agent, { name: '小王', locale: 'en' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ws.users.agent.id, name: '小王', locale: 'en' });
    const me = await call(kefu, 'GET', '/api/v1/auth/me', ws.tokens.agent);
    expect(me.body.user).toMatchObject({ name: '小王', locale: 'en' });
    const [row] = await auditEvents(kefu, ws.tokens.admin, { targetId: ws.users.agent.id, action: 'user.updated' });
    expect(row).toMatchObject({ actorId: ws.users.agent.id, before: { name: 'Agent', locale: 'zh-CN' }, after: { name: '小王', locale: 'en' } });
  });

  it('cannot change role or status, and an empty change writes nothing', async () => {
    expectError(await call(kefu, 'PATCH', '/api/v1/auth/me', ws.tokens.agent, { roleId: ws.roles.admin.id }), 'validation_failed');
    const before = await auditEvents(kefu, ws.tokens.admin);
    expect((await call(kefu, 'PATCH', '/api/v1/auth/me', ws.tokens.operator, {})).status).toBe(200);
    expect((await call(kefu, 'PATCH', '/api/v1/workspace', ws.tokens.admin, {})).status).toBe(200);
    expect((await auditEvents(kefu, ws.tokens.admin)).length).toBe(before.length);
  });

  it('is for people, not API keys', async () => {
    const key = await buildApiKey(kefu, ws.tokens.admin, ws.roles.admin.id);
    expectError(await call(kefu, 'PATCH', '/api/v1/auth/me', key.token, { name: 'robot' }), 'forbidden');
  });
});

describe('sessions', () => {
  it('accept a lower-case bearer scheme and record sign-out in the audit log', async () => {
    const kefu = await buildTestKefu();
    try {
      const ws = await createTestWorkspace(kefu);
      const token = await login(kefu, ws.users.agent.email, ws.users.agent.password);
      const res = await kefu.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `bearer ${token}` } });
      expect(res.statusCode).toBe(200);
      expect((await call(kefu, 'POST', '/api/v1/auth/logout', token)).status).toBe(204);
      const [ended] = await auditEvents(kefu, ws.tokens.admin, { action: 'session.ended' });
      expect(ended).toMatchObject({ actorId: ws.users.agent.id, targetType: 'session' });
    } finally {
      await kefu.close();
    }
  });
});
