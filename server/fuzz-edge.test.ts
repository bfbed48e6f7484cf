import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from './lib/errors.ts';
import { bearer, buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from './test/harness.ts';
import { sendChecked, type FuzzRequest } from './test/fuzz-kit.ts';

/** What the edge (body parsing, validation, routing) turns away, and with which catalogued error. */
let kefu: TestKefu;
let ws: TestWorkspace;

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu);
});
afterAll(() => kefu.close());

type Request = FuzzRequest & { auth?: boolean };
const send = ({ auth, ...req }: Request) => sendChecked(kefu, { ...req, headers: { ...(auth ? bearer(ws.tokens.admin) : {}), ...req.headers } });

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
