import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWidgetInbox, openSession, WidgetClient } from '../channels/widget/test-client.ts';
import { brainFor } from '../modules/bot/index.ts';
import {
  buildAgent,
  buildInbox,
  conversation,
  customerWrites,
  queue,
  recordEvents,
  setPresence,
  type TestAgent,
} from '../modules/routing/routing-test-kit.ts';
import { call, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu } from '../test/harness.ts';
import { installDemoBot } from './seed-demo.ts';

describe('routing conversations to agents', () => {
  let kefu: TestKefu;
  let baseUrl: string;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    baseUrl = await listenTestKefu(kefu);
  });
  afterAll(() => kefu.close());

  const resolve = async (agent: TestAgent, id: string) =>
    expect((await call(kefu, 'PATCH', `/api/v1/conversations/${id}`, agent.token, { status: 'resolved' })).status).toBe(200);
  const assigneeOf = async (token: string, id: string) => (await conversation(kefu, token, id)).assigneeId;

  it('gives a new conversation to an online agent with the inbox’s skills: least busy first, then idle longest', async () => {
    const ws = await createTestWorkspace(kefu);
    const inbox = await buildInbox(kefu, ws, { skills: ['售后'] });
    const a = await buildAgent(kefu, ws, { skills: ['售后'] });
    const b = await buildAgent(kefu, ws, { skills: ['售后', '金融'] });
    const unskilled = await buildAgent(kefu, ws, { skills: ['金融'] });
    await setPresence(kefu, unskilled, 'online');
    await setPresence(kefu, a, 'online');
    await setPresence(kefu, b, 'online');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await customerWrites(kefu, inbox));
    const owners = await Promise.all(ids.map((id) => assigneeOf(ws.tokens.admin, id)));
    // a has waited longest; then b has fewer; then a again (tied, idle longer); then b.
    expect(owners).toEqual([a.id, b.id, a.id, b.id]);
    await resolve(b, ids[1]!);
    // Now b has one and a two: b is less busy, though a has been idle longer.
    expect(await assigneeOf(ws.tokens.admin, await customerWrites(kefu, inbox))).toBe(b.id);
    expect((await call(kefu, 'GET', '/api/v1/routing/me', unskilled.token)).body.activeCount).toBe(0);
  });

  it('queues when nobody is free, shows the customer their place, and assigns the moment capacity frees', async () => {
    const ws = await createTestWorkspace(kefu);
    const agent = await buildAgent(kefu, ws, { capacity: 1 });
    await setPresence(kefu, agent, 'online');
    const widgetInbox = await createWidgetInbox(kefu, ws.tokens.admin);
    const visitor = async (text: string) => {
      const session = (await openSession(kefu, widgetInbox)).body;
      const client = await WidgetClient.open(baseUrl, widgetInbox, session.visitorToken);
      await client.hello();
      const ack = await client.say(text, `msg-${uniqueTag()}`);
      await kefu.ctx.bus.drain();
      return { client, conversationId: ack.conversationId as string };
    };
    const first = await visitor('first');
    expect(await assigneeOf(ws.tokens.admin, first.conversationId)).toBe(agent.id);
    const second = await visitor('second');
    const third = await visitor('third');
    expect(await assigneeOf(ws.tokens.admin, second.conversationId)).toBeNull();
    const waiting = await queue(kefu, ws.tokens.agent);
    expect(waiting.map((q) => [q.conversationId, q.position])).toEqual([
      [second.conversationId, 1],
      [third.conversationId, 2],
    ]);
    expect(waiting[1]!.expectedWaitSeconds).toBeGreaterThan(waiting[0]!.expectedWaitSeconds);
    // Whenever a waiting customer writes, their widget hears where they stand (and whenever their place changes).
    for (const [v, text] of [
      [second, 'hello?'],
      [third, 'anyone?'],
    ] as const) {
      await v.client.say(text, `msg-${uniqueTag()}`);
      await kefu.ctx.bus.drain();
    }
    const inLine = (position: number) => (f: { type: string; position?: unknown }) => f.type === 'queue' && f.position === position;
    expect(await second.client.next(inLine(1))).toEqual({ type: 'queue', position: 1, expectedWaitSeconds: waiting[0]!.expectedWaitSeconds });
    await third.client.next(inLine(2));

    await resolve(agent, first.conversationId);
    await kefu.ctx.bus.drain();
    expect(await assigneeOf(ws.tokens.admin, second.conversationId)).toBe(agent.id);
    await second.client.next(inLine(0));
    await third.client.next(inLine(1));
    expect((await queue(kefu, ws.tokens.agent)).map((q) => [q.conversationId, q.position])).toEqual([[third.conversationId, 1]]);
    await Promise.all([first, second, third].map((v) => v.client.close()));
  });

  it('lets urgent conversations jump the queue', async () => {
    const ws = await createTestWorkspace(kefu);
    const inbox = await buildInbox(kefu, ws);
    const agent = await buildAgent(kefu, ws, { capacity: 1 });
    await setPresence(kefu, agent, 'online');
    const busy = await customerWrites(kefu, inbox);
    const [normal, later] = [await customerWrites(kefu, inbox), await customerWrites(kefu, inbox)];
    expect((await call(kefu, 'PATCH', `/api/v1/conversations/${later}`, ws.tokens.admin, { priority: 'urgent' })).status).toBe(200);
    await kefu.ctx.bus.drain();
    expect((await queue(kefu, ws.tokens.agent)).map((q) => q.conversationId)).toEqual([later, normal]);
    await resolve(agent, busy);
    await kefu.ctx.bus.drain();
    expect(await assigneeOf(ws.tokens.admin, later)).toBe(agent.id);
    expect(await assigneeOf(ws.tokens.admin, normal)).toBeNull();
  });

  it('assigns nobody who is away or offline; coming online takes the waiting conversation at once', async () => {
    const ws = await createTestWorkspace(kefu);
    const inbox = await buildInbox(kefu, ws);
    const agent = await buildAgent(kefu, ws);
    const presence = recordEvents(kefu, 'agent.presence_changed', ws.id);
    await setPresence(kefu, agent, 'online');
    await setPresence(kefu, agent, 'away');
    const id = await customerWrites(kefu, inbox);
    await setPresence(kefu, agent, 'offline');
    expect(await assigneeOf(ws.tokens.admin, id)).toBeNull();
    expect(await setPresence(kefu, agent, 'online')).toMatchObject({ presence: 'online', activeCount: 1 });
    expect(await assigneeOf(ws.tokens.admin, id)).toBe(agent.id);
    await kefu.ctx.bus.drain();
    expect(presence.map((p) => p.presence)).toEqual(['online', 'away', 'offline', 'online']);
  });

  it('routes the bot’s handoff to a free agent with the skill, with the summary in the timeline', async () => {
    const ws = await createTestWorkspace(kefu);
    const widgetInbox = await createWidgetInbox(kefu, ws.tokens.admin);
    expect((await call(kefu, 'PATCH', `/api/v1/inboxes/${widgetInbox}`, ws.tokens.admin, { botEnabled: true })).status).toBe(200);
    expect((await call(kefu, 'PUT', `/api/v1/routing/rules/${widgetInbox}`, ws.tokens.admin, { skills: ['售后'] })).status).toBe(200);
    await installDemoBot(kefu.ctx, ws.id);
    await brainFor(kefu.ctx, ws.id);
    const skilled = await buildAgent(kefu, ws, { skills: ['售后'] });
    const other = await buildAgent(kefu, ws);
    await setPresence(kefu, other, 'online');
    await setPresence(kefu, skilled, 'online');
    const assigned = recordEvents(kefu, 'conversation.assigned', ws.id);
    const session = (await openSession(kefu, widgetInbox)).body;
    const client = await WidgetClient.open(baseUrl, widgetInbox, session.visitorToken);
    await client.hello();
    const ack = await client.say('转人工', `msg-${uniqueTag()}`);
    for (let i = 0; i < 100 && assigned.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await kefu.ctx.bus.drain();
    expect(assigned.map((e) => [e.conversation.id, e.assigneeId, e.reason])).toEqual([[ack.conversationId, skilled.id, 'auto']]);
    const timeline = await call(kefu, 'GET', `/api/v1/conversations/${ack.conversationId}/messages`, skilled.token);
    expect(timeline.body.items.map((m: { type: string }) => m.type)).toEqual(expect.arrayContaining(['note', 'activity']));
    await client.close();
  }, 60_000);
});
