import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, sql } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import type { EventCatalogue } from '../../events/catalogue.ts';
import type { InboxRow } from '../inboxes/index.ts';
import { buildAgent, buildInbox, customerWrites, recordEvents, setPresence, type TestAgent } from './routing-test-kit.ts';

const AGENTS = 10;
const CAPACITY = 2;
const CONVERSATIONS = 30;

/**
 * Three Kefu nodes (three pools, three event buses, nothing shared in
 * memory) on one PostgreSQL: ten agents flip their presence and resolve
 * conversations in parallel requests spread over the nodes. No conversation
 * is handed out twice and no agent ever holds more than their capacity.
 */
describe('routing under concurrency on several nodes', () => {
  let nodes: TestKefu[];
  let ws: TestWorkspace;
  let inbox: InboxRow;
  let agents: TestAgent[];
  let assigned: EventCatalogue['conversation.assigned'][][];

  const node = (i: number) => nodes[i % nodes.length]!;
  const settle = () => Promise.all(nodes.map((n) => n.ctx.bus.drain()));

  /** Open conversations per agent, straight from the database. */
  async function loads(): Promise<Map<string, number>> {
    const rows = await sql<{ assignee_id: string; n: number }>(
      nodes[0]!,
      `select assignee_id, count(*)::int as n from conversations where workspace_id = $1 and status in ('open', 'pending') and assignee_id is not null group by 1`,
      [ws.id],
    );
    return new Map(rows.map((r) => [r.assignee_id, r.n]));
  }

  /** Automatic assignments per conversation, as the timelines record them. */
  async function autoAssignmentsPerConversation(): Promise<number[]> {
    const rows = await sql<{ n: number }>(
      nodes[0]!,
      `select count(*)::int as n from messages where workspace_id = $1 and type = 'activity' and content_attributes->'routing'->>'reason' = 'auto' group by conversation_id`,
      [ws.id],
    );
    return rows.map((r) => r.n);
  }

  beforeAll(async () => {
    nodes = await Promise.all([buildTestKefu(), buildTestKefu(), buildTestKefu()]);
    ws = await createTestWorkspace(nodes[0]!);
    inbox = await buildInbox(nodes[0]!, ws);
    agents = [];
    for (let i = 0; i < AGENTS; i++) agents.push(await buildAgent(nodes[0]!, ws, { capacity: CAPACITY }));
    for (let i = 0; i < CONVERSATIONS; i++) await customerWrites(node(i), inbox);
    assigned = nodes.map((n) => recordEvents(n, 'conversation.assigned', ws.id));
  }, 120_000);
  afterAll(() => Promise.all(nodes.map((n) => n.close())));

  it('fills every agent to capacity and no further when all of them come online at once', async () => {
    await Promise.all(
      agents.map(async (agent, i) => {
        await setPresence(node(i), agent, 'online');
        await setPresence(node(i + 1), agent, 'away');
        await setPresence(node(i + 2), agent, 'online');
      }),
    );
    await settle();
    const load = await loads();
    expect(agents.map((a) => load.get(a.id) ?? 0)).toEqual(agents.map(() => CAPACITY));
    const waiting = await call(nodes[0]!, 'GET', '/api/v1/routing/queue', ws.tokens.agent);
    expect(waiting.body.items).toHaveLength(CONVERSATIONS - AGENTS * CAPACITY);
    expect(waiting.body.items.map((q: { position: number }) => q.position)).toEqual(waiting.body.items.map((_: unknown, i: number) => i + 1));
    expect((await autoAssignmentsPerConversation()).every((n) => n === 1)).toBe(true);
  });

  it('hands each waiting conversation to exactly one agent when they all resolve at the same moment', async () => {
    const mine = async (agent: TestAgent) =>
      (await call(nodes[0]!, 'GET', `/api/v1/conversations?assigneeId=${agent.id}&status=open`, agent.token)).body.items.map(
        (c: { id: string }) => c.id,
      ) as string[];
    const held = await Promise.all(agents.map(mine));
    const results = await Promise.all(
      agents.flatMap((agent, i) =>
        held[i]!.map((id, j) => call(node(i + j), 'PATCH', `/api/v1/conversations/${id}`, agent.token, { status: 'resolved' })),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    await settle();
    const load = await loads();
    expect([...load.values()].every((n) => n <= CAPACITY)).toBe(true);
    expect([...load.values()].reduce((a, b) => a + b, 0)).toBe(CONVERSATIONS - AGENTS * CAPACITY);
    expect((await call(nodes[0]!, 'GET', '/api/v1/routing/queue', ws.tokens.agent)).body.items).toEqual([]);
    const perConversation = await autoAssignmentsPerConversation();
    expect(perConversation).toHaveLength(CONVERSATIONS);
    expect(perConversation.every((n) => n === 1)).toBe(true);
    // Every node announced only its own assignments, and together each conversation exactly once.
    const announced = assigned.flat().filter((e) => e.reason === 'auto');
    expect(announced).toHaveLength(CONVERSATIONS);
    expect(new Set(announced.map((e) => e.conversation.id)).size).toBe(CONVERSATIONS);
  });
});
