import { randomInt } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWidgetInbox, openSession } from '../channels/widget/test-client.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy.ts';
import { createMemoryStore } from './rate-limit.ts';

/** Limits small enough to flood in a test; the window is an hour so no window ends mid-test. */
const LIMITS = {
  KEFU_RATE_LIMIT: 'true',
  KEFU_TRUST_PROXY: 'true',
  KEFU_RATE_LIMIT_WINDOW_SECONDS: '3600',
  KEFU_RATE_LIMIT_PER_IP: '60',
  KEFU_RATE_LIMIT_PER_TOKEN: '40',
  KEFU_RATE_LIMIT_AUTH_PER_IP: '5',
  KEFU_RATE_LIMIT_PER_VISITOR: '30',
};

/** A documentation-range address no other test (or test run sharing Redis) uses. */
const randomIp = () => `198.51.${randomInt(0, 255)}.${randomInt(1, 254)}`;

interface Sent {
  status: number;
  retryAfter: string | null;
  code?: string;
}

async function send(url: string, ip: string, init: { token?: string; method?: string; body?: unknown } = {}): Promise<Sent> {
  const headers: Record<string, string> = { 'x-forwarded-for': ip };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  const code = res.status === 429 ? (JSON.parse(text) as { error: { code: string } }).error.code : undefined;
  return { status: res.status, retryAfter: res.headers.get('retry-after'), code };
}

/** `count` requests at once, as a flooder would send them. */
const flood = (count: number, one: (i: number) => Promise<Sent>) => Promise.all(Array.from({ length: count }, (_, i) => one(i)));

function summary(results: Sent[]) {
  const refused = results.filter((r) => r.status === 429);
  return {
    accepted: results.length - refused.length,
    refused: refused.length,
    serverErrors: results.filter((r) => r.status >= 500).length,
    refusedWell: refused.every((r) => r.code === 'rate_limited' && Number(r.retryAfter) > 0),
  };
}

describe('rate limits on a listening server', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let base: string;

  beforeAll(async () => {
    kefu = await buildTestKefu(LIMITS);
    ws = await createTestWorkspace(kefu);
    base = await listenTestKefu(kefu);
  });
  afterAll(() => kefu?.close());

  it('refuses a flooding IP beyond its limit while another IP goes on', async () => {
    const flooder = randomIp();
    const results = await flood(300, () => send(`${base}/api/v1/auth/me`, flooder));
    expect(summary(results)).toEqual({ accepted: 60, refused: 240, serverErrors: 0, refusedWell: true });

    const other = await send(`${base}/api/v1/auth/me`, randomIp(), { token: ws.tokens.agent });
    expect(other.status).toBe(200);
  });

  it('refuses a flooding token from any number of IPs while another token goes on', async () => {
    const results = await flood(300, () => send(`${base}/api/v1/auth/me`, randomIp(), { token: ws.tokens.operator }));
    expect(summary(results)).toEqual({ accepted: 40, refused: 260, serverErrors: 0, refusedWell: true });

    expect((await send(`${base}/api/v1/auth/me`, randomIp(), { token: ws.tokens.admin })).status).toBe(200);
  });

  it('holds sign-in to a tighter limit per IP; a colleague elsewhere still signs in', async () => {
    const guesser = randomIp();
    const results = await flood(100, (i) =>
      send(`${base}/api/v1/auth/login`, guesser, { method: 'POST', body: { email: `nobody-${i}@example.test`, password: 'guess-guess' } }),
    );
    expect(summary(results)).toEqual({ accepted: 5, refused: 95, serverErrors: 0, refusedWell: true });

    const colleague = await send(`${base}/api/v1/auth/login`, randomIp(), {
      method: 'POST',
      body: { email: ws.users.agent.email, password: ws.users.agent.password },
    });
    expect(colleague.status).toBe(200);
  });

  it('refuses a flooding widget visitor while another visitor of the same site goes on', async () => {
    // The inbox's own per-visitor bucket is set wide so the general limit is the one that bites.
    const inbox = await createWidgetInbox(kefu, ws.tokens.admin, { rateLimit: { burst: 10_000, perMinute: 1_000_000 } });
    const [flooder, neighbour] = [(await openSession(kefu, inbox)).body.visitorToken, (await openSession(kefu, inbox)).body.visitorToken];
    const results = await flood(200, () => send(`${base}/channels/widget/${inbox}/tickets`, randomIp(), { token: flooder }));
    expect(summary(results)).toEqual({ accepted: 30, refused: 170, serverErrors: 0, refusedWell: true });
    expect((await send(`${base}/channels/widget/${inbox}/tickets`, randomIp(), { token: neighbour })).status).toBe(200);
  });
});

const REDIS_URL = process.env.KEFU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const haveRedis = await new Promise<boolean>((resolve) => {
  const { hostname, port } = new URL(REDIS_URL);
  const socket = net.connect({ host: hostname, port: Number(port || 6379) });
  socket.setTimeout(500);
  socket.once('connect', () => socket.end(() => resolve(true)));
  socket.once('error', () => resolve(false));
  socket.once('timeout', () => (socket.destroy(), resolve(false)));
});

describe.skipIf(!haveRedis)('rate limits shared by two nodes through Redis', () => {
  let nodes: TestKefu[] = [];

  beforeAll(async () => {
    nodes = [await buildTestKefu({ ...LIMITS, REDIS_URL }), await buildTestKefu({ ...LIMITS, REDIS_URL })];
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
  });

  it('counts one IP once across both nodes', async () => {
    const [a, b] = [await listenTestKefu(nodes[0]!), await listenTestKefu(nodes[1]!)];
    const flooder = randomIp();
    const results = await flood(300, (i) => send(`${i % 2 ? a : b}/api/v1/auth/me`, flooder));
    expect(summary(results)).toEqual({ accepted: 60, refused: 240, serverErrors: 0, refusedWell: true });
  });
});

describe.skipIf(!haveRedis)('sign-in and the API while Redis is gone', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let proxy: TcpProxy;
  let base: string;

  beforeAll(async () => {
    proxy = await startTcpProxy(new URL(REDIS_URL).host);
    kefu = await buildTestKefu({ ...LIMITS, KEFU_RATE_LIMIT_AUTH_PER_IP: '1000', REDIS_URL: proxy.url });
    ws = await createTestWorkspace(kefu);
    base = await listenTestKefu(kefu);
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined); // let the realtime hub say goodbye
    await kefu?.close();
    await proxy?.close();
  });

  it('signs in, locks out and limits on this node alone, answering no 5xx', async () => {
    await proxy.cut();
    const { email, password } = ws.users.agent;
    const login = (ip: string, pw: string) => send(`${base}/api/v1/auth/login`, ip, { method: 'POST', body: { email, password: pw } });
    expect((await login(randomIp(), password)).status).toBe(200);

    const guesser = randomIp();
    const guesses = [];
    for (let i = 0; i < 7; i++) guesses.push((await login(guesser, 'wrong-password')).status);
    expect(guesses).toEqual([401, 401, 401, 401, 401, 429, 429]); // KEFU_LOGIN_MAX_FAILURES (5) still locks
    expect((await login(randomIp(), password)).status).toBe(200);

    const results = await flood(100, () => send(`${base}/api/v1/auth/me`, randomIp(), { token: ws.tokens.agent }));
    expect(summary(results)).toEqual({ accepted: 40, refused: 60, serverErrors: 0, refusedWell: true });
  });
});

describe('the memory store', () => {
  it('counts hits in a window that starts with the first hit, and forgets them after', async () => {
    let now = 1_000;
    const store = createMemoryStore(() => now);
    expect(await store.hit('k', 1_000)).toEqual({ count: 1, resetMs: 1_000 });
    now += 400;
    expect(await store.hit('k', 1_000)).toEqual({ count: 2, resetMs: 600 });
    now += 600;
    expect(await store.hit('k', 1_000)).toEqual({ count: 1, resetMs: 1_000 });
    await store.flag('lock', 5_000);
    expect(await store.ttl('lock')).toBe(5_000);
    await store.del('lock');
    expect(await store.ttl('lock')).toBe(0);
  });
});
