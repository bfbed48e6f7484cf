import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue, type ErrorCode } from './lib/errors.ts';
import { newId } from './lib/ids.ts';
import { permissions } from './lib/permissions.ts';
import { encodeCursor } from './lib/pagination.ts';
import { bearer, buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from './test/harness.ts';

/**
 * Property tests over the public and user-management endpoints: whatever a
 * client sends, the answer is never a 5xx, and every 4xx is a catalogued error.
 */
let kefu: TestKefu;
let ws: TestWorkspace;

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu);
});
afterAll(() => kefu.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
interface Request {
  method: Method;
  url: string;
  auth?: boolean;
  payload?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Send one request and check the contract every response must keep. */
async function send(req: Request) {
  const headers: Record<string, string> = { ...(req.auth ? bearer(ws.tokens.admin) : {}), ...req.headers };
  if (req.payload !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
  const res = await kefu.app.inject({ method: req.method, url: req.url, headers, ...(req.payload === undefined ? {} : { payload: req.payload }) });
  const label = `${req.method} ${req.url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, label).toBeGreaterThanOrEqual(200);
  expect(res.statusCode, label).toBeLessThan(500);
  if (res.statusCode >= 400) {
    const body = JSON.parse(res.body) as { error: { code: ErrorCode; message: string; requestId: string } };
    expect(Object.keys(body), label).toEqual(['error']);
    expect(body.error, label).toEqual(
      expect.objectContaining({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) }),
    );
    expect(Object.keys(errorCatalogue), label).toContain(body.error.code);
    expect(errorCatalogue[body.error.code].status, label).toBe(res.statusCode);
  }
  return res;
}

// Strings clients really send, plus the ones that break naive code: NUL, lone surrogates, SQL, huge.
const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff',
  "' or 1=1 --",
  '%',
  '%00',
  '../../etc/passwd',
  'x'.repeat(5000),
  '🀄️客服',
  '\n',
  'null',
);
const spiked = fc.tuple(fc.string(), nasty, fc.string()).map(([a, b, c]) => `${a}${b}${c}`);
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), nasty, spiked);
const json = fc.oneof(
  fc.jsonValue(),
  fc.anything().map((v) => JSON.parse(JSON.stringify(v) ?? 'null') as unknown),
);
/** Mostly a value the schema accepts, so requests get past validation to the services and the database. */
const maybe = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: text, weight: 1 }, { arbitrary: json, weight: 1 });

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Runs per property; raise it (KEFU_FUZZ_RUNS=5000) for a long soak. */
const RUNS = Number(process.env.KEFU_FUZZ_RUNS) || 150;
function check(arb: fc.Arbitrary<Request>, numRuns = RUNS) {
  return fc.assert(
    fc.asyncProperty(arb, async (req) => void (await send(req))),
    { numRuns },
  );
}

/** Bodies that are arbitrary JSON, or records shaped like the endpoint's schema with a field gone wrong, missing or extra. */
function bodies(shape: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  const fields = Object.entries(shape).map(([k, arb]) => [k, fc.option(maybe(arb), { nil: undefined, freq: 6 })] as const);
  const shaped = fc.record(Object.fromEntries(fields));
  const extra = fc.tuple(shaped, fc.dictionary(fc.string(), json, { maxKeys: 2 })).map(([a, b]) => ({ ...b, ...a }));
  return fc.oneof({ arbitrary: json, weight: 1 }, { arbitrary: shaped, weight: 4 }, { arbitrary: extra, weight: 1 }).map((v) => JSON.stringify(v));
}

const rawBodies = fc.oneof(
  text,
  fc.string({ unit: 'binary-ascii' }),
  fc.constantFrom('{', '{"a":', '[1,]', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}'),
);
const jsonTypes = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/json;;'];
const otherTypes = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/',
  ';',
  '*/*',
];
const contentTypes = fc.oneof(fc.constantFrom(...jsonTypes, ...otherTypes), fc.string({ unit: 'binary-ascii', maxLength: 40 }));

function queryStrings(keys: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const known = fc.record(Object.fromEntries(Object.entries(keys).map(([k, arb]) => [k, fc.oneof(arb, text)])), { requiredKeys: [] });
  const pairs = fc.tuple(known, fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(keys)), fc.string()), text, { maxKeys: 3 }));
  const encoded = pairs.map(([a, b]) => new URLSearchParams({ ...b, ...a } as Record<string, string>).toString());
  const raw = fc.string({ unit: 'binary-ascii' }).map((s) => s.replace(/[#\s]/g, ''));
  return fc.oneof(encoded, encoded, raw);
}

const email = fc.oneof(fc.emailAddress(), fc.constant('Admin@Example.Test'));
const idLike = (kind: Parameters<typeof newId>[0]) => fc.oneof(fc.constant(newId(kind)), fc.stringMatching(/^[a-z]{3}_[0-9a-z]{26}$/));
const roleIdArb = () => fc.oneof(fc.constantFrom(ws.roles.agent.id, ws.roles.operator.id), idLike('role'));
const isoDate = fc.date({ noInvalidDate: true, min: new Date(-1e14), max: new Date(8.64e15) }).map((d) => d.toISOString());

describe('no request makes the API fail', () => {
  it('POST /auth/login', async () => {
    const body = bodies({ email, password: text, workspace: fc.oneof(fc.constant(ws.slug), text) });
    // Fewer runs: a well-formed login spends a deliberate ~50 ms in scrypt.
    const logins = body.map((payload): Request => ({ method: 'POST', url: '/api/v1/auth/login', payload }));
    await check(logins, Math.ceil(RUNS / 3));
  });

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
    const segment = fc.oneof(
      text.map((s) => encodeURIComponent(s.replace(LONE_SURROGATE, '\ufffd'))),
      fc.string({ unit: 'binary-ascii' }).map((s) => s.replace(/[/?#\s]/g, '')),
      fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '..', '%2F', '%C0%AF'),
    );
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
    const url = fc.constantFrom<[Method, string, boolean]>(
      ['POST', '/api/v1/auth/login', false],
      ['PATCH', '/api/v1/workspace', true],
      ['POST', '/api/v1/roles', true],
    );
    await check(
      fc
        .tuple(url, rawBodies, contentTypes)
        .map(([[method, path, auth], payload, contentType]) => ({ method, url: path, auth, payload, contentType })),
    );
  });

  it('any Authorization header', async () => {
    const header = fc.oneof(
      fc.string({ unit: 'binary-ascii' }),
      text.map((s) => `Bearer ${s}`),
      fc.stringMatching(/^Bearer k[sk]_wsp_[0-9a-z]{26}\.[A-Za-z0-9_-]{43}$/),
    );
    await check(
      header.map((authorization) => ({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: authorization.replace(/[\r\n]/g, '') } })),
    );
  });
});

describe('input the edge must turn away', () => {
  const expectCode = async (req: Request, code: ErrorCode) => expect((await send(req)).json().error.code).toBe(code);

  it('refuses a body over the limit with 413 body_too_large', async () => {
    const big = JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(kefu.ctx.env.KEFU_BODY_LIMIT_BYTES) });
    await expectCode({ method: 'POST', url: '/api/v1/auth/login', payload: big }, 'body_too_large');
    await expectCode({ method: 'PATCH', url: '/api/v1/workspace', auth: true, payload: big }, 'body_too_large');
  });

  it('refuses malformed JSON with 400 invalid_json', async () => {
    for (const payload of ['{', '{"email":', "{'email':'a@b.test'}", '', '\u0000']) {
      await expectCode({ method: 'POST', url: '/api/v1/auth/login', payload }, 'invalid_json');
    }
  });

  it('refuses text/plain with 415 unsupported_media_type', async () => {
    await expectCode({ method: 'POST', url: '/api/v1/auth/login', payload: 'email=a@b.test', contentType: 'text/plain' }, 'unsupported_media_type');
  });

  it('refuses text the database cannot store (NUL, lone surrogates), naming where it was', async () => {
    const cases: [Request, string][] = [
      [
        { method: 'POST', url: '/api/v1/auth/login', payload: JSON.stringify({ email: ws.users.admin.email, password: 'x', workspace: 'a\u0000' }) },
        'workspace',
      ],
      [{ method: 'PATCH', url: '/api/v1/workspace', auth: true, payload: JSON.stringify({ name: 'Tea\u0000House' }) }, 'name'],
      [
        {
          method: 'POST',
          url: '/api/v1/roles',
          auth: true,
          payload: JSON.stringify({ key: 'nul_role', name: 'x', permissions: ['users.read\u0000'] }),
        },
        'permissions',
      ],
      [{ method: 'GET', url: '/api/v1/audit-events?action=%00', auth: true }, 'action'],
      [{ method: 'GET', url: '/api/v1/users/%00', auth: true }, 'id'],
      [{ method: 'POST', url: '/api/v1/roles', auth: true, payload: '{"key":"lone_half","name":"a\\ud800b","permissions":[]}' }, 'name'],
      [{ method: 'PATCH', url: '/api/v1/workspace', auth: true, payload: '{"name":"\\udc00"}' }, 'name'],
    ];
    for (const [req, field] of cases) {
      const res = await send(req);
      expect(res.json().error.code, req.url).toBe('validation_failed');
      expect(JSON.stringify(res.json().error.details), req.url).toContain(field);
    }
  });

  it('answers a malformed URL with 400 bad_request', async () => {
    for (const url of ['/api/v1/users/%zz', '/api/v1/roles/%E0%A4%A', '/api/v1/users/%']) {
      const res = await send({ method: 'GET', url, auth: true });
      expect(res.json().error.code).toBe('bad_request');
      expect(res.headers['x-request-id']).toBe(res.json().error.requestId);
    }
  });

  it('answers JSON nested 10,000 deep with a 4xx', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const nearLimit = `${'['.repeat(400_000)}"\\u0000"${']'.repeat(400_000)}`;
    for (const nested of [deep, deepObject, `{"email":${deep},"password":"x"}`, nearLimit]) {
      for (const [method, url, auth] of [
        ['POST', '/api/v1/auth/login', false],
        ['PATCH', '/api/v1/workspace', true],
      ] as const) {
        const res = await send({ method, url, auth, payload: nested });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
      }
    }
  });
});
