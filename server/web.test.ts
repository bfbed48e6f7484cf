import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from './test/harness.ts';
import { registerWebApp } from './web.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './test/browser.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Build web/dist when it is missing or older than web/src (a no-op otherwise). */
function ensureConsoleBuilt(): void {
  execFileSync(process.execPath, ['web/scripts/ensure-build.mjs'], { cwd: repoRoot, stdio: 'pipe' });
}

describe('the console, served by Kefu', () => {
  let kefu: TestKefu;

  beforeAll(async () => {
    ensureConsoleBuilt();
    kefu = await buildTestKefu();
  });
  afterAll(() => kefu.close());

  it('answers console routes with index.html, revalidated and under a CSP', async () => {
    for (const url of ['/', '/team', '/accept-invite?token=ki_x']) {
      const res = await kefu.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets as immutable', async () => {
    const html = (await kefu.app.inject({ method: 'GET', url: '/' })).body;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const res = await kefu.app.inject({ method: 'GET', url: script! });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('keeps the JSON 404 for unknown API paths and missing files', async () => {
    for (const url of ['/api/v1/nope', '/api/nope', '/health/nope', '/assets/missing-0000.js', '/..%2f..%2fpackage.json']) {
      const res = await kefu.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe('route_not_found');
    }
    expect((await kefu.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
  });
});

describe('the console before it is built', () => {
  it('says how to build it at /, and leaves /api to the 404 handler', async () => {
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: { code: 'route_not_found' } }));
    const missing = path.join(os.tmpdir(), 'kefu-no-such-dist');
    await registerWebApp(app, missing);
    const home = await app.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('npm run build:web');
    expect((await app.inject({ method: 'GET', url: '/api/v1/nope' })).json()).toEqual({ error: { code: 'route_not_found' } });
    await app.close();
  });
});

describe.skipIf(!existsSync(CHROMIUM))('the console in a browser (Debian chromium)', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let url: string;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    ensureConsoleBuilt();
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    url = await listenTestKefu(kefu);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-chromium-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, env: { ...process.env, HOME: dataDir } });
  });
  afterAll(async () => {
    await browser?.close();
    await kefu?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** A fresh browser profile with a Chinese browser language; page errors and CSP violations are collected. */
  async function openPage(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    return { page, errors };
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${url}/`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
  }

  it('lets an admin see the team, switch language and invite someone who then joins', { timeout: 60_000 }, async () => {
    const { page, errors } = await openPage();
    await signIn(page, ws.users.admin.email, ws.users.admin.password);

    // Staff land on the conversations; the team is one click away.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('会话');
    await page.getByRole('navigation').getByRole('link', { name: '团队' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('团队');
    await page.getByText(ws.users.agent.email).waitFor();
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link', { name: '角色' }).count()).toBe(1);

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Team');
    expect(await nav.getByRole('link', { name: 'Roles' }).count()).toBe(1);
    expect(await page.getByText('团队').count()).toBe(0);

    const invitee = `invitee-${Date.now()}@example.test`;
    await page.getByRole('button', { name: 'Invite member' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Email').fill(invitee);
    await dialog.getByRole('button', { name: 'Create invitation' }).click();
    const linkField = dialog.getByRole('textbox', { name: 'Invitation link' });
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${url}/accept-invite\\?token=ki_`));
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: invitee }).waitFor();

    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('团队');
    await page.getByRole('heading', { name: '待接受的邀请' }).waitFor();
    expect(errors).toEqual([]);

    // The invitee opens the link in their own browser, joins, and signs in.
    const guest = await openPage();
    await guest.page.goto(link);
    await guest.page.getByLabel('姓名').fill('New Colleague');
    await guest.page.getByLabel('密码', { exact: true }).fill('a-long-enough-password');
    await guest.page.getByLabel('再次输入密码').fill('a-long-enough-password');
    await guest.page.getByRole('button', { name: '创建账号' }).click();
    await guest.page.waitForURL(/\/login\?joined=1/);
    expect(await guest.page.getByLabel('邮箱').inputValue()).toBe(invitee);
    await guest.page.getByLabel('密码').fill('a-long-enough-password');
    await guest.page.getByRole('button', { name: '登录', exact: true }).click();
    await guest.page.getByRole('navigation').getByRole('link', { name: '团队' }).click();
    await guest.page.getByRole('cell', { name: /New Colleague/ }).waitFor();
    expect(guest.errors).toEqual([]);
  });

  it('shows an agent neither the roles nor the API keys page', async () => {
    const { page, errors } = await openPage();
    await signIn(page, ws.users.agent.email, ws.users.agent.password);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('会话');
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link', { name: '团队' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: '角色' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'API 密钥' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '邀请成员' }).count()).toBe(0);

    await page.goto(`${url}/api-keys`);
    await page.getByText('你的角色没有访问此页面的权限。').waitFor();
    expect(errors).toEqual([]);
  });
});
