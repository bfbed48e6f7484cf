import { describe, expect, it } from 'vitest';
import type { GraphHit } from '../../nlu/types.ts';
import { decideTurn, defaultPolicyConfig } from './dialogue.ts';
import { faqs, knowledge, understandFor } from './dialogue-test-kit.ts';

const graph: GraphHit = {
  kind: 'fault',
  path: ['kge_x3', 'kge_charge'],
  answers: ['kge_fix'],
  reply: { 'zh-CN': 'X3 耳机 · 充不进电 → 解决办法：清洁触点。', en: "X3 earbuds · won't charge → Solution: clean the contacts." },
};

/** One turn with a scripted understanding: FAQ candidates, an intent, and the graph's answer. */
function turn(o: { faq?: [string, number][]; intent?: [string, number]; graph?: GraphHit }, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const message = { ...understandFor(locale)('X3 耳机充不进电怎么办'), faq: [] as { faqId: string; score: number; question: string }[] };
  message.faq = (o.faq ?? []).map(([faqId, score]) => ({ faqId, score, question: faqs[faqId]?.[locale][0] ?? faqId }));
  message.intent = o.intent
    ? { name: o.intent[0], confidence: o.intent[1], ranking: [{ name: o.intent[0], confidence: o.intent[1] }], oos: false }
    : { name: 'oos', confidence: 0.1, ranking: [], oos: true };
  if (o.graph) Object.assign(message, { graph: o.graph });
  return decideTurn({ message, attachments: 0, locale, config: defaultPolicyConfig, knowledge: knowledge(locale), now: 1_000_000 });
}

describe('the knowledge graph in the dialogue policy', () => {
  it.each([
    ['no FAQ item at all', {}, graph.reply['zh-CN']],
    ['an unsure FAQ match', { faq: [['shipping-fee', 0.35]] }, graph.reply['zh-CN']],
    [
      'two close FAQ items ("did you mean")',
      {
        faq: [
          ['warranty-s10', 0.5],
          ['warranty-s20', 0.48],
        ],
      },
      graph.reply['zh-CN'],
    ],
    ['an intent with a generic answer', { intent: ['order_status', 0.9] }, graph.reply['zh-CN']],
    ['a sure FAQ item', { faq: [['warranty-s20', 0.8]] }, 'S20 保修两年。'],
  ] as const)('with %s, answers %s', (_, understood, reply) => {
    const decided = turn({ ...(understood as object), graph });
    expect(decided.replies).toEqual([reply]);
  });

  it('lets a sure request for a flow or a person go first', () => {
    expect(turn({ intent: ['return_request', 0.9], graph }).state.tried.flows).toEqual([{ name: 'return_request', outcome: 'started' }]);
    expect(turn({ intent: ['human_handoff', 0.9], graph }).actions.map((a) => a.type)).toContain('handoff');
  });

  it('answers in the conversation’s language and remembers what it answered with', () => {
    const decided = turn({ graph }, 'en');
    expect(decided.replies).toEqual([graph.reply.en]);
    expect(decided.state.tried.answers.at(-1)).toEqual({ kind: 'graph', id: 'kge_fix', label: "X3 earbuds · won't charge" });
    expect(decided.state.lowConfidenceStreak).toBe(0);
  });

  it('without a graph answer, behaves as before', () => {
    expect(turn({ faq: [['shipping-fee', 0.2]] }).replies[0]).not.toContain('→');
  });
});
