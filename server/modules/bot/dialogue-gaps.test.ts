import { describe, expect, it } from 'vitest';
import { chat, handoffOf, oos } from './dialogue-test-kit.ts';

/** The knowledge-gap signal each turn carries for gap mining: which questions the bot failed on, and how. */
describe('knowledge-gap signals', () => {
  it('notes a question it did not understand, and nothing for one it answered surely', () => {
    const c = chat('zh-CN');
    expect(c.say('你们支持分期付款吗', oos).gap).toEqual({ kind: 'not_understood', question: '你们支持分期付款吗' });
    expect(c.say('退货要多久？', { faq: [['return-time', 0.9]] }).gap).toBeUndefined();
  });

  it('notes an answer given unsurely', () => {
    const turn = chat('en').say('how long for returns', { faq: [['return-time', 0.45]] });
    expect(turn.replies.join(' ')).toMatch(/3 days/);
    expect(turn.gap).toEqual({ kind: 'low_confidence', question: 'how long for returns' });
  });

  it('notes the original question when none of the offered options fits', () => {
    const c = chat('zh-CN');
    const asked = c.say('保修多久', {
      faq: [
        ['warranty-s10', 0.5],
        ['warranty-s20', 0.48],
      ],
      intent: [['oos', 0.1]],
    });
    expect(asked.replies.join('')).toMatch(/S10/);
    expect(asked.gap).toBeUndefined();
    expect(c.say('都不是', oos).gap).toEqual({ kind: 'clarify_failed', question: '保修多久' });
  });

  it('notes the failed question again when the customer then gets a person', () => {
    const c = chat('zh-CN');
    c.say('能开专票吗', oos);
    c.say('我要开增值税专用发票', oos);
    const handed = c.say('好的', { intent: [['affirm', 0.9]], faq: [] });
    expect(handoffOf(handed)).toBeDefined();
    expect(handed.gap).toEqual({ kind: 'handoff', question: '我要开增值税专用发票' });
  });

  it.each([
    ['zh-CN', '退货要多久？', '没用，答非所问'],
    ['en', 'How long does a return take?', "that didn't help"],
  ] as const)('notes the answered question when a %s customer says the answer did not help', (locale, question, verdict) => {
    const c = chat(locale);
    expect(c.say(question, { faq: [['return-time', 0.9]] }).gap).toBeUndefined();
    expect(c.say(verdict, oos).gap).toEqual({ kind: 'not_helpful', question });
  });
});
