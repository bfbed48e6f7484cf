import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, sql } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { PresenceTracker } from './presence.ts';
import { buildAgent, buildInbox, customerWrites, recordEvents, setPresence, type TestAgent } from './routing-test-kit.ts';

describe('presence follows the console', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
  });
  afterAll(() => kefu.close());

  const presenceOf = async (agent: TestAgent) => (await call(kefu, 'GET', '/api/v1/routing/me', agent.token)).body.presence as string;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function eventually(agent: TestAgent, presence: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      if ((await presenceOf(agent)) === presence) return presence;
      await sleep(30);
    }
    return presenceOf(agent);
  }

  it('takes an agent offline once their last console socket has been gone for the grace period', async () => {
    const tracker = new PresenceTracker(kefu.ctx, 150);
    const agent = await buildAgent(kefu, ws);
    await setPresence(kefu, agent, 'online');
    const changes = recordEvents(kefu, 'agent.presence_changed', ws.id);
    const first = tracker.connect(ws.id, agent.id);
    const second = tracker.connect(ws.id, agent.id);
    first();
    await sleep(450);
    expect(await presenceOf(agent)).toBe('online'); // another tab is still open
    second();
    expect(await eventually(agent, 'offline')).toBe('offline');
    await kefu.ctx.bus.drain();
    expect(changes).toEqual([{ workspaceId: ws.id, userId: agent.id, presence: 'offline' }]);
  });

  it('keeps an agent online whose socket lives on another node, and one who chose online again by hand', async () => {
    const [nodeA, nodeB] = [new PresenceTracker(kefu.ctx, 1500), new PresenceTracker(kefu.ctx, 1500)];
    const agent = await buildAgent(kefu, ws);
    await setPresence(kefu, agent, 'online');
    const onB = nodeB.connect(ws.id, agent.id);
    nodeA.connect(ws.id, agent.id)();
    await sleep(1200);
    await nodeB.heartbeat(ws.id, agent.id);
    await sleep(800);
    expect(await presenceOf(agent)).toBe('online');
    onB();
    await sleep(100);
    await setPresence(kefu, agent, 'online'); // back at the desk before the grace period ended
    await sleep(1800);
    expect(await presenceOf(agent)).toBe('online');
  });

  it('wires the console socket: it reports the agent alive and carries routing events', async () => {
    const baseUrl = await listenTestKefu(kefu);
    ws = await createTestWorkspace(kefu); // nobody else online here
    const agent = await buildAgent(kefu, ws);
    const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/v1/realtime?token=${agent.token}`);
    const frames: { type: string; [key: string]: unknown }[] = [];
    socket.on('message', (raw) => frames.push(JSON.parse(raw.toString())));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const seen = async (match: (f: (typeof frames)[number]) => boolean) => {
      for (let i = 0; i < 100 && !frames.some(match); i++) await sleep(20);
      return frames.find(match);
    };
    await seen((f) => f.type === 'ready');
    const lastSeen = async () =>
      (
        await sql<{ at: Date | null }>(kefu, 'select last_seen_at as at from agent_profiles where workspace_id = $1 and user_id = $2', [
          ws.id,
          agent.id,
        ])
      )[0]?.at;
    for (let i = 0; i < 50 && !(await lastSeen()); i++) await sleep(20);
    expect(await lastSeen()).not.toBeNull(); // the open socket reported the agent alive
    await setPresence(kefu, agent, 'online');
    expect(await lastSeen()).toBeNull(); // chosen by hand: untied from sockets until the next heartbeat
    expect(await seen((f) => f.type === 'agent.presence_changed')).toEqual({ type: 'agent.presence_changed', userId: agent.id, presence: 'online' });
    const id = await customerWrites(kefu, await buildInbox(kefu, ws));
    expect(await seen((f) => f.type === 'conversation.assigned')).toMatchObject({
      conversation: { id, assigneeId: agent.id },
      assigneeId: agent.id,
      previousAssigneeId: null,
      reason: 'auto',
    });
    socket.close();
  });
});
