import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  buildApiKey,
  buildInvitedUser,
  buildRole,
  call,
  expectError,
  login,
  sql,
  testPassword,
  uniqueTag,
} from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';

let kefu: TestKefu;
let ws: TestWorkspace;

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu);
});
afterAll(() => kefu.close());

const invite = (token: string, payload: object) => call(kefu, 'POST', '/api/v1/invitations', token, payload);
const accept = (token: string) =>
  call(kefu, 'POST', '/api/v1/invitations/accept', undefined, { token, name: 'New Person', password: testPassword() });
const patchUser = (token: string, id: string, patch: object) => call(kefu, 'PATCH', `/api/v1/users/${id}`, token, patch);
const activeAdmins = async (workspaceId: string) =>
  sql(
    kefu,
    `select u.id from users u join roles r on r.workspace_id = u.workspace_id and r.id = u.role_id where u.workspace_id = $1 and r.key = 'admin' and u.status = 'active'`,
    [workspaceId],
  );

describe('invitations', () => {
  it('turns an accepted invitation into a user who signs in with the role given', async () => {
    const email = `new-${uniqueTag()}@example.test`;
    const password = testPassword();
    const invited = await invite(ws.tokens.admin, { email, name: 'Xiao Zhang', roleId: ws.roles.operator.id });
    expect(invited.status).toBe(201);
    expect(invited.body.invitation).toMatchObject({ email, roleId: ws.roles.operator.id, invitedBy: ws.users.admin.id });
    const accepted = await call(kefu, 'POST', '/api/v1/invitations/accept', undefined, { token: invited.body.token, name: 'Xiao Zhang', password });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ email, roleId: ws.roles.operator.id, status: 'active' });
    const who = await call(kefu, 'GET', '/api/v1/auth/me', await login(kefu, email, password));
    expect(who.body).toMatchObject({ user: { id: accepted.body.id }, role: { key: 'operator' }, workspace: { id: ws.id } });
  });

  it('accepts each token once, and never a revoked one', async () => {
    const once = await invite(ws.tokens.admin, { email: `once-${uniqueTag()}@example.test`, roleId: ws.roles.agent.id });
    expect((await accept(once.body.token)).status).toBe(201);
    expectError(await accept(once.body.token), 'invitation_invalid');

    const revoked = await invite(ws.tokens.admin, { email: `revoked-${uniqueTag()}@example.test`, roleId: ws.roles.agent.id });
    expect((await call(kefu, 'DELETE', `/api/v1/invitations/${revoked.body.invitation.id}`, ws.tokens.admin)).status).toBe(204);
    expectError(await accept(revoked.body.token), 'invitation_invalid');
    expectError(await accept('ki_not-a-token'), 'invitation_invalid');
  });

  it('refuses an email that is already a user or pending, whatever its case', async () => {
    const pending = `pending-${uniqueTag()}@example.test`;
    expect((await invite(ws.tokens.admin, { email: pending, roleId: ws.roles.agent.id })).status).toBe(201);
    for (const email of [ws.users.agent.email, ws.users.agent.email.toUpperCase(), pending, pending.replace('pending', 'PENDING')]) {
      expectError(await invite(ws.tokens.admin, { email, roleId: ws.roles.agent.id }), 'email_taken');
    }
  });
});

describe('changing users', () => {
  it('audits a role change with the old and new role', async () => {
    const user = await buildInvitedUser(kefu, ws.tokens.admin, ws.roles.agent.id);
    const res = await patchUser(ws.tokens.admin, user.id, { roleId: ws.roles.operator.id });
    expect(res.status).toBe(200);
    expect(res.body.roleId).toBe(ws.roles.operator.id);
    const [row] = await auditEvents(kefu, ws.tokens.admin, { targetId: user.id, action: 'user.role_changed' });
    expect(row).toMatchObject({ actorId: ws.users.admin.id, before: { roleId: ws.roles.agent.id }, after: { roleId: ws.roles.operator.id } });
  });

  it('refuses a role of another workspace', async () => {
    const other = await createTestWorkspace(kefu, 'Other Shop');
    expectError(await patchUser(ws.tokens.admin, ws.users.agent.id, { roleId: other.roles.admin.id }), 'not_found');
  });

  it('keeps the last active admin: no change and no audit row', async () => {
    const shop = await createTestWorkspace(kefu);
    const admin = shop.users.admin.id;
    const auditedBefore = (await auditEvents(kefu, shop.tokens.admin, { targetId: admin })).length;
    for (const patch of [{ roleId: shop.roles.agent.id }, { status: 'disabled' }]) {
      expectError(await patchUser(shop.tokens.admin, admin, patch), 'last_admin');
    }
    expect(await auditEvents(kefu, shop.tokens.admin, { targetId: admin })).toHaveLength(auditedBefore);
    expect((await call(kefu, 'GET', `/api/v1/users/${admin}`, shop.tokens.admin)).body).toMatchObject({
      roleId: shop.roles.admin.id,
      status: 'active',
    });
  });

  it('lets exactly one of two admins demote the other when both try at once', async () => {
    for (let round = 0; round < 3; round++) {
      const shop = await createTestWorkspace(kefu);
      expect((await patchUser(shop.tokens.admin, shop.users.agent.id, { roleId: shop.roles.admin.id })).status).toBe(200);
      const [a, b] = [shop.users.admin, shop.users.agent];
      const results = await Promise.all([
        patchUser(shop.tokens.admin, b.id, { roleId: shop.roles.agent.id }),
        patchUser(shop.tokens.agent, a.id, { roleId: shop.roles.agent.id }),
      ]);
      const statuses = results.map((r) => r.status);
      expect(
        statuses.filter((s) => s === 200),
        JSON.stringify(statuses),
      ).toHaveLength(1);
      // The loser either lost the last-admin check or was no longer an admin when it was authorized.
      const loser = results.find((r) => r.status !== 200)!;
      expect(['last_admin', 'forbidden']).toContain(loser.body.error.code);
      expect(await activeAdmins(shop.id)).toHaveLength(1);
    }
  });

  it('disables a user: their live session fails at once, then their sessions are deleted', async () => {
    const shop = await createTestWorkspace(kefu);
    const agent = shop.users.agent;
    await login(kefu, agent.email, agent.password);
    // Hold back the session cleanup (a listener) so the check below sees the moment before it runs.
    const blocker = await kefu.database.pool.connect();
    try {
      await blocker.query('begin');
      await blocker.query('select id from sessions where workspace_id = $1 and user_id = $2 for update', [shop.id, agent.id]);
      expect((await patchUser(shop.tokens.admin, agent.id, { status: 'disabled' })).status).toBe(200);
      expectError(await call(kefu, 'GET', '/api/v1/auth/me', shop.tokens.agent), 'user_disabled');
    } finally {
      await blocker.query('rollback');
      blocker.release();
    }
    await kefu.ctx.bus.drain();
    expect(await sql(kefu, 'select id from sessions where workspace_id = $1 and user_id = $2', [shop.id, agent.id])).toEqual([]);
    expectError(await call(kefu, 'GET', '/api/v1/auth/me', shop.tokens.agent), 'unauthenticated');
  });
});

describe('custom roles', () => {
  it('creates a role with its permissions and refuses a taken key or unknown permission', async () => {
    const key = `support_${uniqueTag()}`;
    const created = await call(kefu, 'POST', '/api/v1/roles', ws.tokens.admin, {
      key,
      name: 'Support lead',
      permissions: ['users.read', 'audit.read', 'users.read'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key, builtin: false });
    expect(created.body.permissions.sort()).toEqual(['audit.read', 'users.read']);
    expectError(await call(kefu, 'POST', '/api/v1/roles', ws.tokens.admin, { key, name: 'Again', permissions: [] }), 'role_key_taken');
    expectError(
      await call(kefu, 'POST', '/api/v1/roles', ws.tokens.admin, { key: `x_${uniqueTag()}`, name: 'Bad', permissions: ['root'] }),
      'validation_failed',
    );
  });

  it('never changes or deletes a built-in role', async () => {
    for (const role of Object.values(ws.roles)) {
      expectError(await call(kefu, 'PATCH', `/api/v1/roles/${role.id}`, ws.tokens.admin, { name: 'Renamed' }), 'builtin_role');
      expectError(await call(kefu, 'DELETE', `/api/v1/roles/${role.id}`, ws.tokens.admin), 'builtin_role');
    }
  });

  it('deletes a role only when no user or API key holds it', async () => {
    const forUser = await buildRole(kefu, ws.tokens.admin, ['users.read']);
    await buildInvitedUser(kefu, ws.tokens.admin, forUser.id);
    expectError(await call(kefu, 'DELETE', `/api/v1/roles/${forUser.id}`, ws.tokens.admin), 'role_in_use');

    const forKey = await buildRole(kefu, ws.tokens.admin, ['users.read']);
    await buildApiKey(kefu, ws.tokens.admin, forKey.id);
    expectError(await call(kefu, 'DELETE', `/api/v1/roles/${forKey.id}`, ws.tokens.admin), 'role_in_use');

    const unused = await buildRole(kefu, ws.tokens.admin, ['users.read']);
    expect((await call(kefu, 'DELETE', `/api/v1/roles/${unused.id}`, ws.tokens.admin)).status).toBe(204);
    const roles = await call(kefu, 'GET', '/api/v1/roles', ws.tokens.admin);
    expect(roles.body.items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([forUser.id, forKey.id]));
    expect(roles.body.items.map((r: { id: string }) => r.id)).not.toContain(unused.id);
  });

  it('gives a user exactly the permissions of their custom role', async () => {
    const auditor = await buildRole(kefu, ws.tokens.admin, ['audit.read']);
    const user = await buildInvitedUser(kefu, ws.tokens.admin, auditor.id);
    expect((await call(kefu, 'GET', '/api/v1/audit-events', user.token)).status).toBe(200);
    expectError(await call(kefu, 'GET', '/api/v1/api-keys', user.token), 'forbidden');
    expectError(await call(kefu, 'GET', '/api/v1/users', user.token), 'forbidden');
  });
});

describe('listing users', () => {
  it('walks every user one page at a time without repeats', async () => {
    const shop = await createTestWorkspace(kefu);
    await buildInvitedUser(kefu, shop.tokens.admin, shop.roles.agent.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(kefu, 'GET', `/api/v1/users?limit=1${cursor ? `&cursor=${cursor}` : ''}`, shop.tokens.agent);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      seen.push(res.body.items[0].id);
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    expect(seen).toEqual(expect.arrayContaining(Object.values(shop.users).map((u) => u.id)));
  });

  it('refuses a cursor it did not issue', async () => {
    for (const cursor of ['bogus', 'dXNyX2Zvbw', '%00']) {
      expectError(await call(kefu, 'GET', `/api/v1/users?limit=1&cursor=${cursor}`, ws.tokens.agent), 'validation_failed');
    }
  });
});
