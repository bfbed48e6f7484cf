import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from './test/harness.ts';

/**
 * Every response carries the security headers; HTML pages a CSP without
 * inline scripts that refuses framing; cookies are HttpOnly, SameSite and
 * Secure behind an https public URL; a cross-site form without the CSRF
 * token is refused.
 */
let kefu: TestKefu;
let plain: TestKefu;
let ws: TestWorkspace;

beforeAll(async () => {
  execFileSync(process.execPath, ['web/scripts/ensure-build.mjs'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'pipe' });
  kefu = await buildTestKefu({ KEFU_PUBLIC_URL: 'https://kefu.example.com' });
  plain = await buildTestKefu({ KEFU_PUBLIC_URL: 'http://localhost:3000' });
  ws = await createTestWorkspace(kefu);
}, 180_000);
afterAll(async () => {
  await kefu?.close();
  await plain?.close();
});

const get = (app: TestKefu, url: string) => app.app.inject({ method: 'GET', url });
const directive = (csp: string, name: string) =>
  csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `)) ?? '';

describe('security headers', () => {
  it('give every HTML page a CSP without inline scripts that refuses being framed', async () => {
    const pages = {
      console: '/',
      'console route': '/inbox',
      'help center': `/help/${ws.slug}`,
      'portal sign-in': `/help/${ws.slug}/tickets/sign-in`,
      'survey page': '/survey/srv_not-a-real-token',
      'widget host page': '/demo/widget',
      'API docs': '/api/docs/',
    };
    for (const [name, url] of Object.entries(pages)) {
      const res = await get(kefu, url);
      expect(`${name}: ${res.statusCode} ${String(res.headers['content-type'])} ${String(res.headers.location)}`).toMatch(/: \d+ text\/html/);
      const csp = String(res.headers['content-security-policy'] ?? '');
      const scripts = directive(csp, 'script-src') || directive(csp, 'default-src');
      expect(scripts, name).toMatch(/'self'|'none'/);
      expect(scripts, name).not.toContain("'unsafe-inline'");
      expect(directive(csp, 'frame-ancestors'), name).toBe("frame-ancestors 'none'");
      expect(directive(csp, 'object-src'), name).toBe("object-src 'none'");
    }
  });

  it('send nosniff, referrer, permissions, opener policy and HSTS on every kind of response', async () => {
    for (const url of ['/', `/help/${ws.slug}`, '/api/v1/auth/me', '/api/v1/no-such-route', '/widget/kefu-widget.js', '/health']) {
      const headers = (await get(kefu, url)).headers;
      expect(
        {
          nosniff: headers['x-content-type-options'],
          referrer: headers['referrer-policy'],
          permissions: String(headers['permissions-policy']).includes('camera=()'),
          opener: headers['cross-origin-opener-policy'],
          hsts: headers['strict-transport-security'],
        },
        url,
      ).toEqual({
        nosniff: 'nosniff',
        referrer: expect.stringMatching(/^(same-origin|strict-origin-when-cross-origin)$/),
        permissions: true,
        opener: 'same-origin',
        hsts: 'max-age=31536000; includeSubDomains',
      });
    }
    // HSTS only where Kefu is served over https.
    expect((await get(plain, '/api/v1/auth/me')).headers['strict-transport-security']).toBeUndefined();
  });

  it('keep sign-in answers out of every cache', async () => {
    const login = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ws.users.agent.email, password: ws.users.agent.password },
    });
    expect(login.statusCode).toBe(200);
    expect(login.headers['cache-control']).toBe('no-store');
    expect((await get(kefu, '/api/v1/auth/me')).headers['cache-control']).toBe('no-store');
  });
});

describe('cookies and CSRF', () => {
  it('set cookies HttpOnly and SameSite, and Secure behind an https public URL', async () => {
    for (const url of [`/help/${ws.slug}/tickets/sign-in`]) {
      const secure = [(await get(kefu, url)).headers['set-cookie']].flat().filter(Boolean) as string[];
      const local = [(await get(plain, url.replace(ws.slug, ws.slug))).headers['set-cookie']].flat().filter(Boolean) as string[];
      expect(secure.length, url).toBeGreaterThan(0);
      for (const cookie of secure) expect(cookie).toMatch(/; HttpOnly; SameSite=(Lax|Strict); Secure$/);
      for (const cookie of local) expect(cookie).not.toMatch(/Secure/);
    }
  });

  it('refuse a cross-site form post to the help center without the CSRF token', async () => {
    const page = await get(kefu, `/help/${ws.slug}/tickets/sign-in`);
    const cookie = [page.headers['set-cookie']]
      .flat()
      .filter(Boolean)
      .map((c) => String(c).split(';')[0])
      .join('; ');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(token).toBeTruthy();
    const post = (form: Record<string, string>, headers: Record<string, string>) =>
      kefu.app.inject({
        method: 'POST',
        url: `/help/${ws.slug}/tickets/sign-in`,
        payload: new URLSearchParams(form).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });
    // What a hostile page can send: the browser may even attach the cookie, but not the token it cannot read.
    const forged = await post({ email: 'victim@example.test' }, { origin: 'https://evil.example', cookie });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toMatch(/csrf_invalid|reload the page|刷新/);
    const wrongToken = await post({ email: 'victim@example.test', _csrf: 'guessed-token' }, { origin: 'https://evil.example', cookie });
    expect(wrongToken.statusCode).toBe(403);
    // The help center's own form, with cookie and token, goes through.
    const own = await post({ email: 'customer@example.test', _csrf: token! }, { cookie });
    expect(own.statusCode).toBe(200);
  });
});
