import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../lib/rate-limit.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu } from '../../test/harness.ts';
import { RateLimiter, SHARE_EVERY_MS } from './rate-limit.ts';
import { createWidgetInbox, openSession, WidgetClient } from './test-client.ts';

describe('rate limiter', () => {
  it('allows a burst, then refills at the rate', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const limit = { burst: 3, perMinute: 60 };
    expect([1, 2, 3, 4].map(() => limiter.take('v', limit))).toEqual([true, true, true, false]);
    expect(limiter.take('other', limit)).toBe(true);
    now += 1000;
    expect([limiter.take('v', limit), limiter.take('v', limit)]).toEqual([true, false]);
    now += 60_000;
    expect([1, 2, 3, 4].map(() => limiter.take('v', limit))).toEqual([true, true, true, false]);
  });

  it('keeps its own buckets when the store is this node’s memory', async () => {
    const limiter = new RateLimiter(() => 0);
    const limit = { burst: 3, perMinute: 1 };
    expect(limiter.take('v', limit)).toBe(true);
    await limiter.share(createMemoryStore());
    expect([1, 2, 3].map(() => limiter.take('v', limit))).toEqual([true, true, false]);
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

describe.skipIf(!haveRedis)('the widget limit with two nodes sharing Redis', () => {
  let nodes: TestKefu[] = [];
  afterAll(async () => {
    for (const node of nodes) await node.close();
  });
  beforeAll(async () => {
    nodes = [await buildTestKefu({ REDIS_URL }), await buildTestKefu({ REDIS_URL })];
  });

  it('gives a visitor on both nodes one quota', async () => {
    const [a, b] = nodes as [TestKefu, TestKefu];
    const ws = await createTestWorkspace(a);
    const inbox = await createWidgetInbox(a, ws.tokens.admin, { rateLimit: { burst: 4, perMinute: 1 } });
    const { visitorToken } = (await openSession(a, inbox)).body;
    const [onA, onB] = [
      await WidgetClient.open(await listenTestKefu(a), inbox, visitorToken),
      await WidgetClient.open(await listenTestKefu(b), inbox, visitorToken),
    ];
    const pause = () => new Promise((resolve) => setTimeout(resolve, SHARE_EVERY_MS * 3));
    for (const n of [1, 2, 3]) await onA.say(`on a ${n}`, `msg-on-a-${n}`);
    await pause();
    await onB.say('on b 1', 'msg-on-b-1'); // node b's first message: b has not heard of this visitor yet
    await pause();
    // Node b alone would still have two tokens; the visitor has spent four of four across the cluster.
    onB.send({ type: 'message', clientMessageId: 'msg-on-b-2', content: 'on b 2' });
    expect(await onB.next((f) => f.clientMessageId === 'msg-on-b-2')).toMatchObject({ type: 'error', code: 'rate_limited' });
    await Promise.all([onA.close(), onB.close()]);
  });
});
