import { describe, expect, it } from 'vitest';
import { createTextAnalyzer } from '../nlu/text.ts';
import { buildSimilarIndex, indexPair, type TermPool } from './assist-index.ts';

const analyzer = createTextAnalyzer();

describe('the similar-conversation index', () => {
  const pool: TermPool = new Map();
  const pair = (conversationId: string, customerText: string, agentReply = `reply to ${customerText}`) =>
    indexPair(analyzer, pool, { conversationId, replySeq: 2, customerText, agentReply, resolvedAt: new Date('2026-11-01T00:00:00Z') });
  const base = () =>
    buildSimilarIndex([
      pair('c1', '发票抬头开错了，能重新开吗？'),
      pair('c2', '你们周末发货吗'),
      pair('c3', 'How do I change my delivery address?'),
      pair('c4', '发票抬头写错了', '换开发票即可'),
      pair('c4', '什么时候开票'),
    ]);
  /** Near-misses (one shared character) score under 0.1. */
  const ask = (index: ReturnType<typeof base>, text: string, options = {}) => index.search(analyzer.analyze(text), 3, { minScore: 0.1, ...options });

  it('ranks by similarity, one hit per conversation, in the question’s language only', () => {
    const hits = ask(base(), '我的发票抬头错了怎么办');
    expect(hits.map((h) => h.conversationId)).toEqual(['c4', 'c1']);
    expect(hits[0]).toMatchObject({ customerText: '发票抬头写错了', agentReply: '换开发票即可' });
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(ask(base(), 'change delivery address').map((h) => h.conversationId)).toEqual(['c3']);
    expect(ask(base(), '我的发票抬头错了怎么办', { exclude: 'c4' }).map((h) => h.conversationId)).toEqual(['c1']);
    expect(ask(base(), '今天天气怎么样')).toEqual([]);
    expect(ask(base(), '今天天气怎么样', { minScore: 0 })).not.toEqual([]);
  });

  it('suggests one answer once, from the conversation that matches best', () => {
    const index = buildSimilarIndex([
      pair('d1', '怎么退货？ 转人工', '您好，我是客服小王，马上为您处理退货。'),
      pair('d2', '怎么退货 转人工', '您好，我是客服小王，马上为您处理退货。 '),
      pair('d3', '退货怎么办理', '请在订单页点「申请售后」'),
    ]);
    const hits = ask(index, '怎么退货？ 转人工');
    expect(hits.map((h) => h.agentReply.trim())).toEqual(['您好，我是客服小王，马上为您处理退货。', '请在订单页点「申请售后」']);
    expect(hits[0]!.conversationId).toBe('d1');
  });

  it('takes new conversations without a rebuild, replacing a conversation resolved again', () => {
    const index = base();
    index.add([pair('c5', 'Can I get the warranty extended for the X3 headphones?')], 100);
    expect(ask(index, 'extend the X3 headphones warranty')[0]).toMatchObject({ conversationId: 'c5' });
    index.add([pair('c4', '换货要多久', '3 天内寄出')], 100);
    expect(ask(index, '发票抬头写错了').map((h) => h.conversationId)).toEqual(['c1']);
    expect(ask(index, '换货要多久')[0]).toMatchObject({ conversationId: 'c4', agentReply: '3 天内寄出' });
    expect(index.size).toBe(5);
    // A rebuild from the live pairs finds the same.
    const rebuilt = buildSimilarIndex(index.livePairs());
    expect(rebuilt.livePairs().map((p) => p.pair.conversationId)).toEqual(['c4', 'c5', 'c1', 'c2', 'c3']);
    expect(ask(rebuilt, '换货要多久')[0]).toMatchObject({ conversationId: 'c4', agentReply: '3 天内寄出' });
  });

  it('keeps the newest pairs within its cap and asks for a rebuild once the delta has grown', () => {
    const index = base();
    expect(index.needsCompaction()).toBe(false);
    index.add([pair('c6', '退款多久到账'), pair('c7', '可以开专票吗')], 4);
    expect(index.size).toBe(4);
    expect(index.livePairs().map((p) => p.pair.conversationId)).toEqual(['c7', 'c6', 'c1', 'c2']);
    expect(ask(index, 'change my delivery address')).toEqual([]);
    expect(index.needsCompaction()).toBe(true);
  });
});
