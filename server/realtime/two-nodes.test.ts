import net from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMessage } from '../flows/receive-message.ts';
import { getInbox } from '../modules/inboxes/index.ts';
import { call } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../test/harness.ts';

const REDIS_URL = process.env.KEFU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(500);
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const haveRedis = await redisAnswers(REDIS_URL);

/**
 * Two Kefu processes behind a load balancer share one PostgreSQL and one
 * Redis: a message stored through node A reaches an agent connected to node B.
 */
describe.skipIf(!haveRedis)('two nodes with REDIS_URL', () => {
  let nodeA: TestKefu;
  let nodeB: TestKefu;
  let ws: TestWorkspace;

  beforeAll(async () => {
    nodeA = await buildTestKefu({ REDIS_URL });
    nodeB = await buildTestKefu({ REDIS_URL });
    ws = await createTestWorkspace(nodeA);
  });
  afterAll(async () => {
    await nodeA?.close();
    await nodeB?.close();
  });

  it('delivers a message stored on node A to a socket held by node B', async () => {
    const urlB = await listenTestKefu(nodeB);
    const socket = new WebSocket(`${urlB.replace('http', 'ws')}/api/v1/realtime?token=${ws.tokens.agent}`);
    const received: { type: string; message?: { content: string } }[] = [];
    socket.on('message', (raw) => received.push(JSON.parse(raw.toString())));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    for (let i = 0; i < 50 && !received.some((e) => e.type === 'ready'); i++) await new Promise((r) => setTimeout(r, 20));

    const created = await call(nodeA, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: 'App' });
    const inbox = await getInbox(nodeA.ctx.db, ws.id, created.body.id);
    await receiveMessage(nodeA.ctx, inbox, { identity: { kind: 'app', value: 'two-nodes' }, message: { sourceId: 'tn-1', content: '跨节点的消息' } });
    for (let i = 0; i < 150 && !received.some((e) => e.type === 'message.created'); i++) await new Promise((r) => setTimeout(r, 20));
    socket.close();

    expect(received.filter((e) => e.type === 'message.created').map((e) => e.message?.content)).toEqual(['跨节点的消息']);
  });
});
