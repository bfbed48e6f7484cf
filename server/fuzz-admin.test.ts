import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { newId } from './lib/ids.ts';
import { permissions } from './lib/permissions.ts';
import { encodeCursor } from './lib/pagination.ts';
import { bearer, buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from './test/harness.ts';
import { bodies, checkAll, contentTypes, queryStrings, rawBodies, segment, text, type FuzzRequest, type Method } from './test/fuzz-kit.ts';

/**
 * Property tests over the user-management endpoints (invitations, users,
 * roles, the workspace, API keys, the audit log): whatever an admin's client
 * sends, the answer is never a 5xx, and every 4xx is a catalogued error.
 */
let kefu: TestKefu;
let ws: TestWorkspace;

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu);
});
afterAll(() => kefu.close());

type Request = FuzzRequest & { auth?: boolean };
const check = (arb: fc.Arbitrary<Request>) =>
  checkAll(
    kefu,
    arb.map(({ auth, ...req }) => ({ ...req, headers: { ...(auth ? bearer(ws.tokens.admin) : {}), ...req.headers } })),
  );

const email = fc.oneof(fc.emailAddress(), fc.constant('Admin@Example.Test'));
const idLike = (kind: Parameters<typeof newId>[0]) => fc.oneof(fc.constant(newId(kind)), fc.stringMatching(/^[a-z]{3}_[0-9a-z]{26}$/));
const roleIdArb = () => fc.oneof(fc.constantFrom(ws.roles.agent.id, ws.roles.operator.id), idLike('role'));
const isoDate = fc.date({ noInvalidDate: true, min: new Date(-1e14), max: new Date(8.64e15) }).map((d) => d.toISOString());

describe('no request makes the admin API fail', () => {
  it('POST /invitations/accept', async () => {
    const token = fc.oneof(fc.constant(`ki_${ws.id}.${'a'.repeat(43)}`), fc.stringMatching(/^k[isk]_wsp_[0-9a-z]{26}\.[A-Za-z0-9_-]{43}$/), text);
    const body = bodies({ token, name: text, password: fc.string({ minLength: 10 }) });
    await check(body.map((payload) => ({ method: 'POST', url: '/api/v1/invitations/accept', payload })));
  });

  it('PATCH /users/:id', async () => {
    const body = bodies({ name: text, roleId: roleIdArb(), status: fc.constantFrom('active', 'disabled'), locale: fc.constantFrom('en', 'zh-CN') });
    await check(body.map((payload) => ({ method: 'PATCH', url: `/api/v1/users/${ws.users.agent.id}`, auth: true, payload })));
  });

  it('POST /invitations', async () => {
    const body = bodies({ email, name: text, roleId: roleIdArb() });
    await check(body.map((payload) => ({ method: 'POST', url: '/api/v1/invitations', auth: true, payload })));
  });

  it('POST /roles', async () => {
    const key = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_]{1,31}$/), text);
    const body = bodies({ key, name: text, permissions: fc.array(fc.oneof(fc.constantFrom(...permissions), text), { maxLength: 10 }) });
    await check(body.map((payload) => ({ method: 'POST', url: '/api/v1/roles', auth: true, payload })));
  });

  it('PATCH /workspace', async () => {
    const locale = fc.constantFrom('en', 'zh-CN', 'fr');
    const body = bodies({
      name: text,
      industry: fc.constantFrom('ecommerce', 'finance', 'general', 'mining'),
      defaultLocale: locale,
      locales: fc.array(locale, { maxLength: 3 }),
      timezone: fc.oneof(fc.constantFrom('UTC', 'Asia/Shanghai', 'Europe/Berlin', 'utc', 'Etc/GMT+8'), text),
    });
    await check(body.map((payload) => ({ method: 'PATCH', url: '/api/v1/workspace', auth: true, payload })));
  });

  it('POST /api-keys', async () => {
    const body = bodies({
      name: text,
      roleId: roleIdArb(),
      expiresAt: fc.oneof(isoDate, fc.constantFrom('2099-02-30T00:00:00Z', '9999-12-31T23:59:59+14:00')),
    });
    await check(body.map((payload) => ({ method: 'POST', url: '/api/v1/api-keys', auth: true, payload })));
  });

  it('GET /users?…', async () => {
    const query = queryStrings({
      limit: fc.integer({ min: -5, max: 300 }).map(String),
      cursor: fc.oneof(idLike('user'), text).map((s) => encodeCursor(s)),
    });
    await check(query.map((q) => ({ method: 'GET', url: `/api/v1/users?${q}`, auth: true })));
  });

  it('GET /audit-events?…', async () => {
    const query = queryStrings({
      limit: fc.integer({ min: -5, max: 300 }).map(String),
      cursor: idLike('audit').map((s) => encodeCursor(s)),
      targetId: idLike('user'),
      action: fc.constantFrom('user.role_changed', 'session.created'),
    });
    await check(query.map((q) => ({ method: 'GET', url: `/api/v1/audit-events?${q}`, auth: true })));
  });

  it('random path params', async () => {
    const route = fc.constantFrom<[Method, string]>(
      ['PATCH', 'users'],
      ['GET', 'users'],
      ['DELETE', 'roles'],
      ['PATCH', 'roles'],
      ['DELETE', 'invitations'],
      ['DELETE', 'api-keys'],
    );
    await check(
      fc
        .tuple(route, segment)
        .map(([[method, base], id]) => ({ method, url: `/api/v1/${base}/${id}`, auth: true, ...(method === 'PATCH' ? { payload: '{}' } : {}) })),
    );
  });

  it('raw bodies under any content type', async () => {
    const url = fc.constantFrom<[Method, string, boolean]>(['PATCH', '/api/v1/workspace', true], ['POST', '/api/v1/roles', true]);
    await check(
      fc
        .tuple(url, rawBodies, contentTypes)
        .map(([[method, path, auth], payload, contentType]) => ({ method, url: path, auth, payload, contentType })),
    );
  });
});
