import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy.ts';
import { type RateStore } from './rate-limit.ts';
import { createRedisStore } from './rate-store-redis.ts';

const REDIS_URL = process.env.KEFU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const haveRedis = await new Promise<boolean>((resolve) => {
  const { hostname, port } = new URL(REDIS_URL);
  const socket = net.connect({ host: hostname, port: Number(port || 6379) });
  socket.setTimeout(500);
  socket.once('connect', () => socket.end(() => resolve(true)));
  socket.once('error', () => resolve(false));
  socket.once('timeout', () => (socket.destroy(), resolve(false)));
});

/** A logger whose lines the test reads. */
function capturedLog() {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return {
    log,
    warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg),
    infos: () => lines.filter((l) => l.level === 30).map((l) => l.msg),
  };
}

const until = async (check: () => boolean | Promise<boolean>, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const stores: RateStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

describe('the Redis rate store when Redis is unreachable', () => {
  it('counts on this node, answers at once, and warns once for the whole outage', async () => {
    const { log, warnings } = capturedLog();
    const store = createRedisStore('redis://127.0.0.1:1', log);
    stores.push(store);
    const started = Date.now();
    const counts: number[] = [];
    for (let i = 0; i < 50; i++) counts.push((await store.hit('k', 60_000)).count);
    expect(counts).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await store.flag('lock', 60_000);
    expect(await store.ttl('lock')).toBeGreaterThan(0);
    expect(await store.keysWithPrefix('lo')).toEqual(['lock']);
    expect(await store.drawTokens([{ key: 'b', burst: 1, perMinute: 1, taken: 1 }])).toBeNull();
    expect(Date.now() - started).toBeLessThan(2_000);
    await until(() => warnings().length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300)); // reconnect attempts keep failing meanwhile
    expect(warnings()).toEqual(['rate-limit redis unavailable; counting on this node only until it is back']);
  });
});

describe.skipIf(!haveRedis)('the Redis rate store through an outage', () => {
  let proxy: TcpProxy;
  const direct = new Redis(REDIS_URL, { lazyConnect: true });
  afterAll(async () => {
    await proxy?.close();
    direct.disconnect();
  });

  it('shares counts, falls back to local counts while Redis is gone, and shares again once it is back', async () => {
    proxy = await startTcpProxy(new URL(REDIS_URL).host);
    const { log, warnings, infos } = capturedLog();
    const store = createRedisStore(proxy.url, log);
    const other = createRedisStore(REDIS_URL, pino({ level: 'silent' }));
    stores.push(store, other);
    const key = `test:${randomUUID()}`;
    await until(async () => (await store.hit(`${key}:probe`, 60_000)).count > 1); // connected: the probe is counted in Redis

    await store.hit(key, 60_000);
    expect((await other.hit(key, 60_000)).count).toBe(2);

    await proxy.cut();
    const during = [];
    for (let i = 0; i < 20; i++) during.push((await store.hit(key, 60_000)).count);
    expect(during).toEqual(Array.from({ length: 20 }, (_, i) => i + 1)); // local, still limited
    expect(warnings()).toEqual(['rate-limit redis unavailable; counting on this node only until it is back']);

    await proxy.restore();
    await until(() => infos().includes('rate-limit redis is back; counts are shared again'));
    expect((await store.hit(key, 60_000)).count).toBe(3);
    expect((await other.hit(key, 60_000)).count).toBe(4);
    expect(warnings()).toHaveLength(1);
  });

  it('draws tokens from one bucket for every node', async () => {
    const [a, b] = [createRedisStore(REDIS_URL, pino({ level: 'silent' })), createRedisStore(REDIS_URL, pino({ level: 'silent' }))];
    stores.push(a, b);
    const key = `test:${randomUUID()}`;
    await until(async () => (await a.drawTokens([{ key: `${key}:probe`, burst: 10, perMinute: 1, taken: 0 }])) !== null);
    await until(async () => (await b.drawTokens([{ key: `${key}:probe`, burst: 10, perMinute: 1, taken: 0 }])) !== null);
    const limit = { key, burst: 10, perMinute: 1 };
    expect(await a.drawTokens([{ ...limit, taken: 6 }])).toEqual([expect.closeTo(4, 1)]);
    expect(await b.drawTokens([{ ...limit, taken: 3 }])).toEqual([expect.closeTo(1, 1)]);
  });
});
