import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, buildRole, call, expectError, testPassword } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';

let kefu: TestKefu;
let ws: TestWorkspace;
const roleIds: string[] = [];

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu);
  for (let i = 0; i < 5; i++) roleIds.push((await buildRole(kefu, ws.tokens.admin, ['users.read'])).id);
});
afterAll(() => kefu.close());

const list = (query: string, token = ws.tokens.admin) => call(kefu, 'GET', `/api/v1/audit-events?${query}`, token);

describe('reading the audit log', () => {
  it('lists the newest first', async () => {
    const created = await auditEvents(kefu, ws.tokens.admin, { action: 'role.created' });
    expect(created.map((e) => e.targetId)).toEqual([...roleIds].reverse());
    const all = await auditEvents(kefu, ws.tokens.admin);
    expect(all[0]).toMatchObject({ action: 'role.created', targetId: roleIds.at(-1) });
    expect(all.at(-1)).toMatchObject({ action: 'workspace.created', actorType: 'system', actorId: null });
  });

  it('pages through every row once with the cursor', async () => {
    const all = (await auditEvents(kefu, ws.tokens.admin)).map((e) => e.id);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      walked.push(...res.body.items.map((e: { id: string }) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor && walked.length <= all.length);
    expect(walked).toEqual(all);
  });

  it('filters by action and by target', async () => {
    const byTarget = await auditEvents(kefu, ws.tokens.admin, { targetId: roleIds[2]! });
    expect(byTarget.map((e) => [e.action, e.targetId])).toEqual([['role.created', roleIds[2]]]);
    const logins = await auditEvents(kefu, ws.tokens.admin, { action: 'session.created' });
    expect(logins).toHaveLength(3);
    expect(await auditEvents(kefu, ws.tokens.admin, { action: 'role.created', targetId: ws.users.agent.id })).toEqual([]);
  });

  it('shows each workspace only its own rows', async () => {
    const other = await createTestWorkspace(kefu, 'Other Shop');
    const theirs = await auditEvents(kefu, other.tokens.admin);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.map((e) => e.targetId)).not.toEqual(expect.arrayContaining([roleIds[0]]));
    expect(await auditEvents(kefu, other.tokens.admin, { targetId: roleIds[0]! })).toEqual([]);
  });

  it('refuses a bad cursor or limit', async () => {
    for (const query of ['cursor=nope', 'limit=0', 'limit=201', 'limit=abc', 'colour=red']) {
      expectError(await list(query), 'validation_failed');
    }
  });
});

describe('writing the audit log', () => {
  it('leaves no row when the change fails inside its transaction', async () => {
    const shop = await createTestWorkspace(kefu);
    const before = await auditEvents(kefu, shop.tokens.admin);
    const res = await call(kefu, 'PATCH', `/api/v1/users/${shop.users.admin.id}`, shop.tokens.admin, {
      name: 'Renamed',
      roleId: shop.roles.agent.id,
    });
    expectError(res, 'last_admin');
    expect(await auditEvents(kefu, shop.tokens.admin)).toEqual(before);
    expect((await call(kefu, 'GET', `/api/v1/users/${shop.users.admin.id}`, shop.tokens.admin)).body.name).toBe('Admin');
  });

  it('records a password change without the password', async () => {
    const shop = await createTestWorkspace(kefu);
    const { password } = shop.users.admin;
    const newPassword = testPassword();
    expect((await call(kefu, 'POST', '/api/v1/auth/password', shop.tokens.admin, { currentPassword: password, newPassword })).status).toBe(204);
    const [row] = await auditEvents(kefu, shop.tokens.admin, { action: 'user.password_changed' });
    expect(row).toMatchObject({ targetId: shop.users.admin.id, before: { password: '[redacted]' }, after: { password: '[redacted]' } });
    const body = (await list('limit=200')).raw;
    expect(body).not.toContain(newPassword);
    expect(body).not.toContain(password);
  });
});
