import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What a new user does: start Kefu with no DATABASE_URL (embedded
 * PostgreSQL), read the banner, sign in, stop it with SIGTERM, start it
 * again and find everything still there — nothing re-seeded.
 */
interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function startKefuProcess(env: Record<string, string>): Promise<Started> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env };
  delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Kefu did not start in time:\n${out}`)), 45_000);
    const check = () => {
      const match = /Kefu 客服 is running at (http:\/\/\S+)/.exec(out);
      if (match && out.includes('"kefu started"')) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Kefu exited with ${code}:\n${out}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

async function login(url: string, email: string, password: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: (await res.json()) as { token?: string } };
}

describe('npm start, as a new user runs it', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-e2e-'));
    await chmod(dataDir, 0o755);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  // Two cold starts (initdb, migrations, demo seed) in one test: give a busy 2-core machine the time.
  it('starts on embedded PostgreSQL, seeds once, stops cleanly and keeps data across restarts', { timeout: 120_000 }, async () => {
    const first = await startKefuProcess({ KEFU_DATA_DIR: dataDir });
    const banner = first.output();
    const adminLine = /admin\s+(\S+@\S+)\s+(\S+)/.exec(banner);
    expect(adminLine, banner).not.toBeNull();
    const [, email, password] = adminLine!;

    expect(await (await fetch(`${first.url}/health`)).json()).toEqual({ status: 'ok' });
    // The demo's help center works at once, with the demo's chat widget on the page.
    expect(banner).toContain('/help/demo-shop');
    const help = await fetch(`${first.url}/help/demo-shop`);
    expect(help.status).toBe(200);
    expect(await help.text()).toMatch(/<title>Demo Shop 帮助中心<\/title>[\s\S]*data-inbox="inb_/);
    const { status, body } = await login(first.url, email!, password!);
    expect(status).toBe(200);
    const invite = await fetch(`${first.url}/api/v1/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${body.token}` },
      body: JSON.stringify({ email: 'kept@example.test', roleId: (await me(first.url, body.token!)).role.id }),
    });
    expect(invite.status).toBe(201);

    expect(await stop(first.child)).toBe(0);
    expect(first.output()).toContain('stopped cleanly');
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await startKefuProcess({ KEFU_DATA_DIR: dataDir });
    expect(second.output()).toContain('Demo workspace already exists');
    expect(second.output()).not.toContain(password);
    const again = await login(second.url, email!, password!);
    expect(again.status).toBe(200);
    const invitations = await fetch(`${second.url}/api/v1/invitations`, { headers: { authorization: `Bearer ${again.body.token}` } });
    expect(JSON.stringify(await invitations.json())).toContain('kept@example.test');
    expect(await stop(second.child)).toBe(0);
  });

  it('uses KEFU_ADMIN_EMAIL and KEFU_ADMIN_PASSWORD for the first admin', { timeout: 90_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-e2e-admin-'));
    await chmod(dir, 0o755);
    try {
      const kefu = await startKefuProcess({ KEFU_DATA_DIR: dir, KEFU_ADMIN_EMAIL: 'boss@shop.test', KEFU_ADMIN_PASSWORD: 'a-long-secret-42' });
      expect(kefu.output()).not.toContain('a-long-secret-42');
      expect((await login(kefu.url, 'boss@shop.test', 'a-long-secret-42')).status).toBe(200);
      expect(await stop(kefu.child)).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad setting with a message naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: 'eighty', KEFU_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(78);
    expect(err).toMatch(/PORT="eighty"/);
  });
});

async function me(url: string, token: string): Promise<{ role: { id: string } }> {
  return (await fetch(`${url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<{ role: { id: string } }>;
}
