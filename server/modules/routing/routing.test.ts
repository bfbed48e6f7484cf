import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiKey, call, expectError } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { buildAgent, buildInbox, conversation, customerWrites, queue, recordEvents, setPresence } from './routing-test-kit.ts';

describe('routing', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other Shop');
  });
  afterAll(() => kefu.close());

  it('keeps each agent’s presence, skills and capacity, and lists who answers customers', async () => {
    const agent = await buildAgent(kefu, ws, { skills: ['售后', 'English', '售后'], capacity: 4 });
    expect((await call(kefu, 'GET', '/api/v1/routing/me', agent.token)).body).toEqual({
      userId: agent.id,
      presence: 'offline',
      skills: ['售后', 'English'],
      capacity: 4,
      activeCount: 0,
    });
    expect(await setPresence(kefu, agent, 'away')).toMatchObject({ presence: 'away' });
    const agents = (await call(kefu, 'GET', '/api/v1/routing/agents', ws.tokens.agent)).body.items;
    expect(agents.find((a: { userId: string }) => a.userId === agent.id)).toMatchObject({ presence: 'away', capacity: 4, activeCount: 0 });
    // Operators configure routing but do not answer customers: not in the list.
    expect(agents.map((a: { userId: string }) => a.userId)).not.toContain(ws.users.operator.id);
    expectError(await call(kefu, 'PATCH', `/api/v1/routing/agents/${agent.id}`, ws.tokens.operator, { capacity: 51 }), 'validation_failed');
    expect((await call(kefu, 'PATCH', `/api/v1/routing/agents/${agent.id}`, ws.tokens.operator, { capacity: 0 })).body.capacity).toBe(0);
    expectError(await call(kefu, 'PUT', '/api/v1/routing/me/presence', agent.token, { presence: 'busy' }), 'validation_failed');
  });

  it('manages teams and per-inbox rules', async () => {
    const agent = await buildAgent(kefu, ws);
    const created = await call(kefu, 'POST', '/api/v1/routing/teams', ws.tokens.admin, { name: '售后组', memberIds: [agent.id], skills: ['售后'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^team_/), name: '售后组', memberIds: [agent.id], skills: ['售后'] });
    const team = created.body.id as string;
    const renamed = await call(kefu, 'PATCH', `/api/v1/routing/teams/${team}`, ws.tokens.operator, { name: 'After-sales', memberIds: [] });
    expect(renamed.body).toMatchObject({ name: 'After-sales', memberIds: [], skills: ['售后'] });
    const inbox = await buildInbox(kefu, ws);
    const rule = await call(kefu, 'PUT', `/api/v1/routing/rules/${inbox.id}`, ws.tokens.admin, { teamId: team, skills: ['English'] });
    expect(rule.body).toEqual({ inboxId: inbox.id, teamId: team, skills: ['English'] });
    const rules = (await call(kefu, 'GET', '/api/v1/routing/rules', ws.tokens.agent)).body.items;
    expect(rules).toContainEqual({ inboxId: inbox.id, teamId: team, skills: ['English'] });
    expect((await call(kefu, 'DELETE', `/api/v1/routing/teams/${team}`, ws.tokens.admin)).status).toBe(204);
    expect((await call(kefu, 'GET', '/api/v1/routing/rules', ws.tokens.agent)).body.items).toContainEqual({
      inboxId: inbox.id,
      teamId: null,
      skills: ['English'],
    });
    expect((await call(kefu, 'GET', '/api/v1/routing/teams', ws.tokens.agent)).body.items.map((t: { id: string }) => t.id)).not.toContain(team);
  });

  it('claims an unassigned conversation once: anyone else gets already_assigned', async () => {
    const inbox = await buildInbox(kefu, ws);
    const id = await customerWrites(kefu, inbox);
    const [first, second] = [await buildAgent(kefu, ws), await buildAgent(kefu, ws)];
    const assigned = recordEvents(kefu, 'conversation.assigned', ws.id);
    const claimed = await call(kefu, 'POST', `/api/v1/conversations/${id}/claim`, first.token);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ id, assigneeId: first.id, status: 'open' });
    expectError(await call(kefu, 'POST', `/api/v1/conversations/${id}/claim`, second.token), 'already_assigned');
    expect((await call(kefu, 'POST', `/api/v1/conversations/${id}/claim`, first.token)).status).toBe(200);
    await kefu.ctx.bus.drain();
    expect(assigned.map((e) => [e.conversation.id, e.assigneeId, e.reason])).toEqual([[id, first.id, 'claim']]);
    expect((await queue(kefu, ws.tokens.agent)).map((q) => q.conversationId)).not.toContain(id);
    // Parallel claims: exactly one wins.
    const contested = await customerWrites(kefu, inbox);
    const agents = await Promise.all([1, 2, 3, 4].map(() => buildAgent(kefu, ws)));
    const results = await Promise.all(agents.map((a) => call(kefu, 'POST', `/api/v1/conversations/${contested}/claim`, a.token)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const winner = agents[results.findIndex((r) => r.status === 200)]!;
    expect((await conversation(kefu, ws.tokens.agent, contested)).assigneeId).toBe(winner.id);
  });

  it('transfers to an agent at once, or to a team’s queue', async () => {
    const inbox = await buildInbox(kefu, ws);
    const [from, to, teamMember] = [await buildAgent(kefu, ws), await buildAgent(kefu, ws), await buildAgent(kefu, ws, { capacity: 1 })];
    const id = await customerWrites(kefu, inbox);
    await call(kefu, 'POST', `/api/v1/conversations/${id}/claim`, from.token);
    const assigned = recordEvents(kefu, 'conversation.assigned', ws.id);
    const moved = await call(kefu, 'POST', `/api/v1/conversations/${id}/transfer`, from.token, { assigneeId: to.id });
    expect(moved.body).toMatchObject({ assigneeId: to.id });
    const team = (await call(kefu, 'POST', '/api/v1/routing/teams', ws.tokens.admin, { name: 'VIP', memberIds: [teamMember.id] })).body.id;
    const toTeam = await call(kefu, 'POST', `/api/v1/conversations/${id}/transfer`, to.token, { teamId: team });
    expect(toTeam.body).toMatchObject({ assigneeId: null, teamId: team, status: 'open' });
    expect(await queue(kefu, ws.tokens.agent)).toContainEqual(expect.objectContaining({ conversationId: id, teamId: team, position: 1 }));
    // Someone outside the team coming online does not get it; the team member does.
    await setPresence(kefu, from, 'online');
    expect((await conversation(kefu, ws.tokens.agent, id)).assigneeId).toBeNull();
    expect((await setPresence(kefu, teamMember, 'online')).activeCount).toBe(1);
    await setPresence(kefu, from, 'offline');
    await kefu.ctx.bus.drain();
    expect(assigned.map((e) => [e.assigneeId, e.previousAssigneeId, e.reason])).toEqual([
      [to.id, from.id, 'transfer'],
      [null, to.id, 'transfer'],
      [teamMember.id, null, 'auto'],
    ]);
  });

  it('announces a supervisor’s reassignment as manual', async () => {
    const inbox = await buildInbox(kefu, ws);
    const agent = await buildAgent(kefu, ws);
    const id = await customerWrites(kefu, inbox);
    await call(kefu, 'POST', `/api/v1/conversations/${id}/claim`, agent.token);
    const assigned = recordEvents(kefu, 'conversation.assigned', ws.id);
    expect((await call(kefu, 'PATCH', `/api/v1/conversations/${id}`, ws.tokens.admin, { assigneeId: ws.users.agent.id })).status).toBe(200);
    await kefu.ctx.bus.drain();
    expect(assigned.map((e) => [e.assigneeId, e.previousAssigneeId, e.reason])).toEqual([[ws.users.agent.id, agent.id, 'manual']]);
  });

  it('lets only people claim, and answers 404 for another workspace’s objects', async () => {
    const inboxOfOther = await buildInbox(kefu, other);
    const theirs = await customerWrites(kefu, inboxOfOther);
    const theirAgent = await buildAgent(kefu, other);
    const theirTeam = (await call(kefu, 'POST', '/api/v1/routing/teams', other.tokens.admin, { name: 'Theirs', memberIds: [] })).body.id;
    const inbox = await buildInbox(kefu, ws);
    const ours = await customerWrites(kefu, inbox);
    const key = await buildApiKey(kefu, ws.tokens.admin, ws.roles.admin.id);
    expectError(await call(kefu, 'POST', `/api/v1/conversations/${ours}/claim`, key.token), 'forbidden');
    const admin = ws.tokens.admin;
    for (const [method, url, body] of [
      ['POST', `/api/v1/conversations/${theirs}/claim`, undefined],
      ['POST', `/api/v1/conversations/${theirs}/transfer`, { assigneeId: ws.users.agent.id }],
      ['POST', `/api/v1/conversations/${ours}/transfer`, { assigneeId: theirAgent.id }],
      ['POST', `/api/v1/conversations/${ours}/transfer`, { teamId: theirTeam }],
      ['PATCH', `/api/v1/routing/agents/${theirAgent.id}`, { capacity: 9 }],
      ['PATCH', `/api/v1/routing/teams/${theirTeam}`, { name: 'taken over' }],
      ['DELETE', `/api/v1/routing/teams/${theirTeam}`, undefined],
      ['PUT', `/api/v1/routing/rules/${inboxOfOther.id}`, { teamId: null, skills: [] }],
      ['PUT', `/api/v1/routing/rules/${inbox.id}`, { teamId: theirTeam, skills: [] }],
      ['POST', '/api/v1/routing/teams', { name: 'Mixed', memberIds: [theirAgent.id] }],
    ] as const) {
      expectError(await call(kefu, method, url, admin, body), 'not_found');
    }
    expect((await conversation(kefu, other.tokens.admin, theirs)).assigneeId).toBeNull();
    const lists = ['/api/v1/routing/agents', '/api/v1/routing/teams', '/api/v1/routing/rules', '/api/v1/routing/queue'];
    for (const url of lists) {
      const res = await call(kefu, 'GET', url, admin);
      for (const id of [theirs, theirAgent.id, theirTeam, inboxOfOther.id]) expect(res.raw, `${url} leaks ${id}`).not.toContain(id);
    }
  });
});
