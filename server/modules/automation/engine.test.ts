import { describe, expect, it } from 'vitest';
import { evaluateConditions, testCondition, type SubjectFacts } from './engine.ts';
import { judgeLoop, MAX_DEPTH, RATE_CAP_PER_HOUR } from './loop.ts';
import { conditionSchema, type Condition } from './rules.ts';

const NOW = Date.parse('2026-11-21T12:00:00Z');

const facts: SubjectFacts = {
  type: 'conversation',
  id: 'conv_1',
  workspaceId: 'wsp_1',
  fields: {
    status: 'open',
    priority: 'high',
    labels: ['vip', 'Refund'],
    team: null,
    'message.text': '你们的服务太差了，我要投诉！Where is my ORDER?',
    emotion: 'negative',
    'contact.tier': 'gold',
    business_hours: false,
    last_message_at: new Date(NOW - 25 * 3_600_000),
    'custom.order_total': 320,
  },
  changes: ['priority'],
};

const cases: [string, Condition, boolean][] = [
  ['eq matches text case-insensitively', { field: 'status', op: 'eq', value: 'OPEN' }, true],
  ['eq on a list field means "holds"', { field: 'labels', op: 'eq', value: 'refund' }, true],
  ['neq', { field: 'status', op: 'neq', value: 'resolved' }, true],
  ['eq null matches an empty field', { field: 'team', op: 'eq', value: null }, true],
  ['in', { field: 'contact.tier', op: 'in', value: ['gold', 'platinum'] }, true],
  ['not_in', { field: 'contact.tier', op: 'not_in', value: ['gold'] }, false],
  ['contains finds Chinese inside a sentence', { field: 'message.text', op: 'contains', value: '投诉' }, true],
  ['contains is case-insensitive', { field: 'message.text', op: 'contains', value: 'order' }, true],
  ['contains takes any of several words', { field: 'message.text', op: 'contains', value: ['退款', '投诉'] }, true],
  ['not_contains', { field: 'message.text', op: 'not_contains', value: '退款' }, true],
  ['contains on labels is membership', { field: 'labels', op: 'contains', value: 'vip' }, true],
  ['gt ranks priorities', { field: 'priority', op: 'gt', value: 'normal' }, true],
  ['lt ranks priorities', { field: 'priority', op: 'lt', value: 'high' }, false],
  ['gt on a number', { field: 'custom.order_total', op: 'gt', value: 300 }, true],
  ['boolean business hours', { field: 'business_hours', op: 'eq', value: false }, true],
  ['changed', { field: 'priority', op: 'changed' }, true],
  ['changed (not this time)', { field: 'status', op: 'changed' }, false],
  ['changed_to', { field: 'priority', op: 'changed_to', value: 'high' }, true],
  ['changed_to another value', { field: 'priority', op: 'changed_to', value: 'urgent' }, false],
  ['hours_since past the threshold', { field: 'last_message_at', op: 'hours_since', value: 24 }, true],
  ['hours_since before the threshold', { field: 'last_message_at', op: 'hours_since', value: 48 }, false],
  ['an unknown custom field is empty', { field: 'custom.nope', op: 'eq', value: 'x' }, false],
];

describe('conditions', () => {
  it.each(cases)('%s', (_name, condition, expected) => {
    expect(testCondition(conditionSchema.parse(condition), facts, NOW)).toBe(expected);
  });

  it('needs every `all` and one `any`, and reports what each saw', () => {
    const all: Condition[] = [{ field: 'status', op: 'eq', value: 'open' }];
    const miss: Condition = { field: 'emotion', op: 'eq', value: 'positive' };
    const hit: Condition = { field: 'contact.tier', op: 'eq', value: 'gold' };
    expect(evaluateConditions({ all, any: [miss, hit] }, facts, NOW).matched).toBe(true);
    expect(evaluateConditions({ all, any: [miss] }, facts, NOW).matched).toBe(false);
    expect(evaluateConditions({ all: [...all, miss], any: [] }, facts, NOW).matched).toBe(false);
    expect(evaluateConditions({ all: [], any: [] }, facts, NOW).matched).toBe(true);
    const { results } = evaluateConditions({ all, any: [miss] }, facts, NOW);
    expect(results).toEqual([
      { group: 'all', field: 'status', op: 'eq', value: 'open', actual: 'open', matched: true },
      { group: 'any', field: 'emotion', op: 'eq', value: 'positive', actual: 'negative', matched: false },
    ]);
  });

  it.each([
    [{ field: 'mood', op: 'eq', value: 'x' }, 'field'],
    [{ field: 'status', op: 'like', value: 'x' }, 'op'],
    [{ field: 'status', op: 'in', value: 'open' }, 'value'],
    [{ field: 'status', op: 'hours_since', value: 3 }, 'field'],
  ])('refuses %j (bad %s)', (condition, path) => {
    const parsed = conditionSchema.safeParse(condition);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual([path]);
  });
});

describe('loop guard', () => {
  const link = (ruleId: string, subjectId = 'conv_1') => ({ ruleId, subjectId });
  it.each([
    ['a first run', [], 0, { stop: false }],
    ['another rule in the chain', [link('rule_b')], 0, { stop: false }],
    ['the same rule on another subject', [link('rule_a', 'conv_2')], 0, { stop: false }],
    ['the same rule back on the same subject', [link('rule_b'), link('rule_a')], 0, { stop: true, reason: 'same_rule_in_chain' }],
    ['a chain at the depth limit', Array.from({ length: MAX_DEPTH }, (_, i) => link(`rule_${i}x`)), 0, { stop: true, reason: 'depth' }],
    ['over the hourly cap', [], RATE_CAP_PER_HOUR, { stop: true, reason: 'rate_cap' }],
  ])('%s', (_name, chain, recent, verdict) => {
    expect(judgeLoop(chain, 'rule_a', 'conv_1', recent)).toEqual(verdict);
  });
});
