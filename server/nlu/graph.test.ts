import { describe, expect, it } from 'vitest';
import { loadDemoGraph } from '../demo/graph-content.ts';
import { relationAllowed, type GraphData, type GraphEntity } from './graph-catalogue.ts';
import { buildGraphIndex } from './graph-link.ts';
import { answerFromGraph } from './graph-walk.ts';

const entity = (id: string, type: GraphEntity['type'], zh: string, en: string, aliases: string[] = [], text?: [string, string]): GraphEntity => ({
  id,
  type,
  name: { 'zh-CN': zh, en },
  aliases,
  description: text ? { 'zh-CN': text[0], en: text[1] } : {},
});

/** A small shop: earbuds (model X3) and a watch (model S20) that both "won't charge", each with its own fix. */
const graph: GraphData = {
  entities: [
    entity('earbuds', 'product', '无线耳机', 'wireless earbuds', ['耳机', 'earbuds']),
    entity('watch', 'product', '智能手表', 'smartwatch', ['手表']),
    entity('x3', 'model', 'X3 耳机', 'X3 earbuds', ['X3耳机', 'X3']),
    entity('s20', 'model', 'S20 手表', 'S20 watch', ['S20']),
    entity('x3-charge', 'fault', '充不进电', "won't charge", ['充不上电', 'not charging']),
    entity('x3-drop', 'fault', '连接断开', 'keeps disconnecting', ['断连']),
    entity('s20-charge', 'fault', '充不进电', "won't charge", ['充不上电', 'not charging']),
    entity('fix-x3', 'solution', '清洁触点', 'Clean the contacts', [], ['清洁触点后再充', 'Clean the contacts, then charge']),
    entity('fix-drop', 'solution', '重新配对', 'Pair again', [], ['删除配对记录后重连', 'Forget and pair again']),
    entity('fix-s20', 'solution', '对准充电座', 'Seat it on the dock', [], ['对准充电座', 'Seat it on the dock']),
    entity('returns', 'policy', '七天无理由退货', '7-day returns', ['七天无理由'], ['签收7天内可退', 'Return within 7 days']),
    entity('warranty', 'policy', '一年保修', '1-year warranty', [], ['保修一年', 'Covered for a year']),
  ],
  relations: [
    ['earbuds', 'has_model', 'x3'],
    ['watch', 'has_model', 's20'],
    ['x3', 'has_fault', 'x3-charge'],
    ['x3', 'has_fault', 'x3-drop'],
    ['s20', 'has_fault', 's20-charge'],
    ['x3-charge', 'solved_by', 'fix-x3'],
    ['x3-drop', 'solved_by', 'fix-drop'],
    ['s20-charge', 'solved_by', 'fix-s20'],
    ['returns', 'applies_to', 'earbuds'],
    ['warranty', 'applies_to', 'earbuds'],
  ].map(([fromId, type, toId], i) => ({ id: `r${i}`, fromId: fromId!, toId: toId!, type: type as GraphData['relations'][number]['type'] })),
};
const index = buildGraphIndex(graph);

describe('linking entities by their names and aliases', () => {
  it.each([
    ['X3 耳机充不进电怎么办', ['x3', 'x3-charge', 's20-charge']],
    ['X3耳機充不上電', ['x3', 'x3-charge', 's20-charge']], // traditional characters fold to simplified
    ["my X3 earbuds won't charge", ['x3', 'x3-charge', 's20-charge']],
    ['my x3   earbuds are not charging', ['x3', 'x3-charge', 's20-charge']],
    ['耳机断连了', ['earbuds', 'x3-drop']],
    ['S20 手表和耳机', ['s20', 'earbuds']], // "S20 手表" is one name, the longest match
    ['product x30', []], // "x3" is not found inside another word
  ])('%s → %j', (text, ids) => {
    expect(
      index
        .link(text)
        .map((e) => e.id)
        .sort(),
    ).toEqual([...ids].sort());
  });
});

describe('answering by walking the graph', () => {
  it.each([
    ['X3 耳机充不进电怎么办', 'zh-CN', 'X3 耳机 · 充不进电 → 解决办法：清洁触点后再充'],
    ["my X3 earbuds won't charge", 'en', "X3 earbuds · won't charge → Solution: Clean the contacts, then charge"],
    ['S20手表充不上电', 'zh-CN', 'S20 手表 · 充不进电 → 解决办法：对准充电座'],
    ['my X3 earbuds keep disconnecting, what should I do', 'en', 'X3 earbuds · keeps disconnecting → Solution: Forget and pair again'],
    ['X3耳机保修多久', 'zh-CN', 'X3 耳机 · 一年保修 → 政策：保修一年'],
    ['what is the warranty on the X3 earbuds', 'en', 'X3 earbuds · 1-year warranty → Policy: Covered for a year'],
    ['七天无理由退货政策', 'zh-CN', '七天无理由退货 → 政策：签收7天内可退'],
    ['耳机有哪些型号', 'zh-CN', '无线耳机 → 型号：X3 耳机'],
    ['which models of earbuds do you have', 'en', 'wireless earbuds → Models: X3 earbuds'],
  ] as const)('%s', (text, locale, reply) => {
    expect(answerFromGraph(index, text)?.reply[locale]).toBe(reply);
  });

  it.each([
    ['充不进电怎么办'], // two products have this fault and none is named
    ['X3耳机多少钱'], // names a product but asks nothing the graph knows
    ['我要退货'], // names nothing
    ['手表'], // names a product and asks nothing
  ])('has no answer for %s', (text) => {
    expect(answerFromGraph(index, text)).toBeUndefined();
  });

  it('names the path it walked', () => {
    expect(answerFromGraph(index, 'X3 耳机充不进电怎么办')).toMatchObject({ kind: 'fault', path: ['x3', 'x3-charge'], answers: ['fix-x3'] });
  });
});

describe('the relation catalogue', () => {
  it.each([
    ['solved_by', 'fault', 'solution', true],
    ['solved_by', 'solution', 'fault', false],
    ['applies_to', 'policy', 'product', true],
    ['has_fault', 'solution', 'fault', false],
  ] as const)('%s from %s to %s: %s', (type, from, to, allowed) => {
    expect(relationAllowed(type, from, to)).toBe(allowed);
  });

  it('holds the demo graph, whose relations all fit it', () => {
    const demo = loadDemoGraph();
    expect(demo.entities.length).toBeGreaterThan(10);
    const ids = new Map(demo.entities.map((e) => [e.key, e]));
    const demoIndex = buildGraphIndex({
      entities: demo.entities.map((e) => ({ ...e, id: e.key })),
      relations: demo.relations.map((r, i) => ({ id: `r${i}`, type: r.type, fromId: r.from, toId: r.to })),
    });
    expect(ids.size).toBe(demo.entities.length);
    expect(answerFromGraph(demoIndex, 'X3 耳机充不进电怎么办')?.reply['zh-CN']).toMatch(/^X3 耳机 · 充不进电 → 解决办法：/);
    expect(answerFromGraph(demoIndex, "my X3 earbuds won't charge")?.reply.en).toMatch(/^X3 earbuds · won't charge → Solution: /);
  });
});
