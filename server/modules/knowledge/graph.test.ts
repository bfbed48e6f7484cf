import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, expectError } from '../../test/factories.ts';
import { brainFor } from '../bot/index.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';

const base = '/api/v1/knowledge/graph';

describe('the knowledge graph API', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    [ws, other] = await Promise.all([createTestWorkspace(kefu), createTestWorkspace(kefu, 'Other Shop')]);
  });
  afterAll(() => kefu.close());

  const add = async (token: string, body: Record<string, unknown>) => {
    const res = await call(kefu, 'POST', `${base}/entities`, token, body);
    expect(res.status, res.raw).toBe(201);
    return res.body as { id: string; name: { 'zh-CN': string; en: string }; aliases: string[] };
  };
  const relate = (token: string, fromId: string, type: string, toId: string) =>
    call(kefu, 'POST', `${base}/relations`, token, { fromId, type, toId });

  it('keeps entities and relations, refuses pairs outside the catalogue, and answers a question by walking them', async () => {
    const op = ws.tokens.operator;
    const untrained = await brainFor(kefu.ctx, ws.id);
    expect(untrained.understand('X3 耳机充不进电怎么办').graph).toBeUndefined();
    const x3 = await add(op, { type: 'model', name: { 'zh-CN': 'X3 耳机', en: 'X3 earbuds' }, aliases: ['X3耳机', 'X3', 'X3'] });
    expect(x3.id).toMatch(/^kge_/);
    expect(x3.aliases).toEqual(['X3耳机', 'X3']); // duplicates dropped
    const fault = await add(op, { type: 'fault', name: { 'zh-CN': '充不进电' }, aliases: ["won't charge"] });
    expect(fault.name).toEqual({ 'zh-CN': '充不进电', en: '充不进电' }); // a missing language shows the other
    const fix = await add(op, {
      type: 'solution',
      name: { 'zh-CN': '清洁触点', en: 'Clean the contacts' },
      description: { 'zh-CN': '用棉签清洁触点。', en: 'Clean the contacts with a swab.' },
    });

    const hasFault = await relate(op, x3.id, 'has_fault', fault.id);
    expect(hasFault.status, hasFault.raw).toBe(201);
    expect(hasFault.body.id).toMatch(/^kgr_/);
    expect((await relate(op, fault.id, 'solved_by', fix.id)).status).toBe(201);
    expectError(await relate(op, fix.id, 'solved_by', fault.id), 'relation_not_allowed');
    expectError(await relate(op, x3.id, 'applies_to', fault.id), 'relation_not_allowed');
    expectError(await relate(op, x3.id, 'has_fault', fault.id), 'relation_exists');
    expectError(await relate(op, x3.id, 'no_such_type', fault.id), 'validation_failed');
    expectError(await call(kefu, 'POST', `${base}/entities`, op, { type: 'fault', name: {} }), 'validation_failed');

    const found = await call(kefu, 'GET', `${base}/entities?q=x3`, ws.tokens.agent);
    expect(found.body.items.map((e: { id: string }) => e.id)).toEqual([x3.id]);
    const byAlias = await call(kefu, 'GET', `${base}/entities?q=${encodeURIComponent("won't")}`, ws.tokens.agent);
    expect(byAlias.body.items.map((e: { id: string }) => e.id)).toEqual([fault.id]);

    const near = await call(kefu, 'GET', `${base}/entities/${x3.id}/neighbourhood?depth=1`, ws.tokens.agent);
    expect(near.body.entities.map((e: { id: string }) => e.id).sort()).toEqual([x3.id, fault.id].sort());
    const far = await call(kefu, 'GET', `${base}/entities/${x3.id}/neighbourhood?depth=2`, ws.tokens.agent);
    expect(far.body.entities).toHaveLength(3);
    expect(far.body.relations.map((r: { type: string }) => r.type).sort()).toEqual(['has_fault', 'solved_by']);
    expectError(await call(kefu, 'GET', `${base}/entities/${x3.id}/neighbourhood?depth=3`, ws.tokens.agent), 'validation_failed');

    const asked = await call(kefu, 'POST', `${base}/ask`, ws.tokens.agent, { text: 'X3 耳机充不进电怎么办' });
    expect(asked.body.answer.reply['zh-CN']).toBe('X3 耳机 · 充不进电 → 解决办法：用棉签清洁触点。');
    expect((await call(kefu, 'POST', `${base}/ask`, ws.tokens.agent, { text: 'my X3 earbuds won’t charge' })).body.answer.reply.en).toBe(
      'X3 earbuds · 充不进电 → Solution: Clean the contacts with a swab.',
    );

    // Every change retrains the bot in the background; the new one walks the graph.
    let brain = untrained;
    for (let i = 0; i < 200 && !brain.understand('X3 耳机充不进电怎么办').graph; i++) {
      await new Promise((r) => setTimeout(r, 50));
      brain = await brainFor(kefu.ctx, ws.id);
    }
    expect(brain.understand('X3 耳机充不进电怎么办').graph?.reply['zh-CN']).toBe(asked.body.answer.reply['zh-CN']);

    const renamed = await call(kefu, 'PATCH', `${base}/entities/${fault.id}`, op, { name: { 'zh-CN': '充不进电', en: "won't charge" } });
    expect(renamed.body.name.en).toBe("won't charge");
    expect(renamed.body.aliases).toEqual([]); // the alias became the name
    expectError(await call(kefu, 'PATCH', `${base}/entities/${fault.id}`, op, { type: 'solution' }), 'validation_failed');

    expect((await call(kefu, 'DELETE', `${base}/entities/${fault.id}`, op)).status).toBe(204);
    const after = await call(kefu, 'GET', `${base}/entities/${x3.id}/neighbourhood?depth=2`, ws.tokens.agent);
    expect(after.body).toMatchObject({ entities: [{ id: x3.id }], relations: [] }); // its relations went with it

    const actions = (await auditEvents(kefu, ws.tokens.admin)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['graph_entity.created', 'graph_entity.updated', 'graph_entity.deleted', 'graph_relation.created']),
    );
  });

  it('lets agents read but only knowledge managers change the graph', async () => {
    const catalogue = await call(kefu, 'GET', `${base}/catalogue`, ws.tokens.agent);
    expect(catalogue.body.relations.solved_by).toEqual([['fault', 'solution']]);
    const agent = ws.tokens.agent;
    expectError(await call(kefu, 'POST', `${base}/entities`, agent, { type: 'product', name: { en: 'P9 phone' } }), 'forbidden');
    const p9 = await add(ws.tokens.admin, { type: 'product', name: { en: 'P9 phone' } });
    expectError(await call(kefu, 'PATCH', `${base}/entities/${p9.id}`, agent, { aliases: ['P9'] }), 'forbidden');
    expectError(await call(kefu, 'DELETE', `${base}/entities/${p9.id}`, agent), 'forbidden');
    expect((await call(kefu, 'GET', `${base}/entities/${p9.id}`, agent)).status).toBe(200);
    expectError(await call(kefu, 'GET', `${base}/entities`), 'unauthenticated');
  });

  it('keeps each workspace’s graph to itself', async () => {
    const mine = await add(ws.tokens.operator, { type: 'product', name: { en: 'K1 vacuum' } });
    const theirs = await add(other.tokens.operator, { type: 'fault', name: { en: 'stuck' } });
    expectError(await call(kefu, 'GET', `${base}/entities/${mine.id}`, other.tokens.agent), 'not_found');
    expectError(await call(kefu, 'GET', `${base}/entities/${mine.id}/neighbourhood`, other.tokens.agent), 'not_found');
    expectError(await call(kefu, 'PATCH', `${base}/entities/${mine.id}`, other.tokens.operator, { aliases: ['x'] }), 'not_found');
    expectError(await call(kefu, 'DELETE', `${base}/entities/${mine.id}`, other.tokens.operator), 'not_found');
    // An entity of another workspace cannot be joined to, even by its id.
    expectError(await relate(ws.tokens.operator, mine.id, 'has_fault', theirs.id), 'not_found');
    const listed = await call(kefu, 'GET', `${base}/entities`, other.tokens.agent);
    expect(listed.body.items.map((e: { id: string }) => e.id)).toEqual([theirs.id]);
  });
});
