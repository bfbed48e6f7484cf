/**
 * Screenshots of the console for the docs, taken with Debian's chromium
 * against a throw-away Kefu (embedded PostgreSQL, demo workspace):
 *
 *   npx tsx web/scripts/screenshots.ts
 *
 * Writes docs/screenshots/login-en.png and docs/screenshots/console-team-zh.png.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startKefu } from '../../server/boot.ts';
import { loadEnv } from '../../server/env.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../server/test/browser.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = path.join(root, 'docs', 'screenshots');

async function main(): Promise<void> {
  execFileSync(process.execPath, ['web/scripts/ensure-build.mjs'], { cwd: root, stdio: 'inherit' });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-shots-'));
  await chmod(dataDir, 0o755); // the embedded PostgreSQL runs as an unprivileged user
  const kefu = await startKefu(loadEnv({ KEFU_DATA_DIR: dataDir, KEFU_SEED_DEMO: 'true', KEFU_JOBS: 'false', PORT: '0', LOG_LEVEL: 'warn' }));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const admin = kefu.seeded.find((login) => login.role === 'admin');
    if (!admin?.password) throw new Error('the demo admin was not seeded with a printed password');
    await mkdir(out, { recursive: true });

    // A pending invitation, so the team page shows that section filled in.
    const login = await fetch(`${kefu.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const me = (await (await fetch(`${kefu.url}/api/v1/auth/me`, { headers: auth })).json()) as { role: { id: string } };
    const roles = (await (await fetch(`${kefu.url}/api/v1/roles`, { headers: auth })).json()) as { items: { id: string; key: string }[] };
    const agentRole = roles.items.find((r) => r.key === 'agent')?.id ?? me.role.id;
    await fetch(`${kefu.url}/api/v1/invitations`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ email: 'zhao@demo.kefu.local', name: '小赵 Zhao', roleId: agentRole }),
    });

    const english = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const loginPage = await english.newPage();
    await loginPage.goto(`${kefu.url}/login`);
    await loginPage.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await loginPage.screenshot({ path: path.join(out, 'login-en.png') });

    const chinese = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await chinese.newPage();
    await page.goto(`${kefu.url}/login`);
    await page.getByLabel('邮箱').fill(admin.email);
    await page.getByLabel('密码').fill(admin.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('heading', { name: '会话' }).waitFor();
    await page.goto(`${kefu.url}/team`);
    await page.getByRole('heading', { name: '待接受的邀请' }).waitFor();
    await page.getByText('zhao@demo.kefu.local').waitFor();
    await page.screenshot({ path: path.join(out, 'console-team-zh.png') });
    process.stdout.write(`screenshots written to ${path.relative(root, out)}/\n`);
  } finally {
    await browser.close();
    await kefu.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
