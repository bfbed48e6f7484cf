import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTfidfRanker, faqBenchmarkFromPairs, readPairs, scoreRanker } from './eval-faq.ts';
import { buildFaqIndex, faqComponent, fuseWithIntent } from './faq-retriever.ts';
import { createTextAnalyzer } from './text.ts';
import type { FaqCandidate, NluMessage } from './types.ts';

const analyzer = createTextAnalyzer();
const analyze = (text: string): NluMessage => analyzer.analyze(text);

const zhFaqs = [
  { id: 'refund_time', questions: ['退款多久到账', '退款什么时候能到账', '钱退回来要几天'] },
  { id: 'refund_apply', questions: ['怎么申请退款', '我想退款'] },
  { id: 'return_shipping', questions: ['退货运费谁出', '退货要自己付邮费吗'] },
  { id: 'change_address', questions: ['怎么修改收货地址', '地址填错了能改吗'] },
  { id: 'invoice', questions: ['怎么开发票', '可以开增值税专用发票吗'] },
  { id: 'ship_time', questions: ['什么时候发货', '下单后多久发货'] },
  { id: 'password', questions: ['忘记密码怎么办', '登录密码怎么重置'] },
];
const enFaqs = [
  { id: 'refund_time', questions: ['How long does a refund take?', 'When will I get my money back?'] },
  { id: 'refund_apply', questions: ['How do I request a refund?', 'I want a refund'] },
  { id: 'return_shipping', questions: ['Who pays the shipping for a return?', 'Do I pay return postage?'] },
  { id: 'change_address', questions: ['How can I change my delivery address?', 'I entered the wrong address'] },
  { id: 'invoice', questions: ['Can I get an invoice?', 'How do I download a VAT invoice?'] },
  { id: 'ship_time', questions: ['When will my order ship?', 'How soon do you dispatch orders?'] },
  { id: 'password', questions: ['I forgot my password', 'How do I reset my password?'] },
];
const zh = buildFaqIndex(zhFaqs, analyzer);
const en = buildFaqIndex(enFaqs, analyzer);
/** A score a bot could auto-answer above and stay quiet below. */
const THRESHOLD = 0.3;

describe('FAQ retriever: paraphrases find their item', () => {
  it.each([
    ['退款几天能到账', 'refund_time'],
    ['请问退款多久能到我账上', 'refund_time'],
    ['我的地址写错了，可以修改吗', 'change_address'],
    ['發票怎麼開', 'invoice'],
    ['密码忘了', 'password'],
    ['什么时候给我发货啊', 'ship_time'],
    ['退货的邮费要我出吗', 'return_shipping'],
  ])('zh %s → %s', (text, faqId) => {
    const [top] = zh.search(analyze(text), 3);
    expect(top?.faqId).toBe(faqId);
    expect(top!.score).toBeGreaterThan(THRESHOLD);
  });

  it.each([
    ['how long will my refund take', 'refund_time'],
    ['refund took too long, when do I get my money', 'refund_time'],
    ['I need to change the address for delivery', 'change_address'],
    ['can you send me an invoice', 'invoice'],
    ['forgot password', 'password'],
    ['when do you ship my order', 'ship_time'],
    ['Requesting refunds', 'refund_apply'],
  ])('en %s → %s', (text, faqId) => {
    const [top] = en.search(analyze(text), 3);
    expect(top?.faqId).toBe(faqId);
    expect(top!.score).toBeGreaterThan(THRESHOLD);
  });

  it('names the stored question that matched best', () => {
    expect(zh.search(analyze('钱退回来要几天啊'), 1)[0]?.question).toBe('钱退回来要几天');
  });
});

describe('FAQ retriever: scores', () => {
  it.each([
    [zh, '今天天气怎么样'],
    [zh, '你们公司在哪个城市'],
    [zh, '我要投诉你们的客服态度太差了'],
    [en, "what's the weather like today"],
    [en, 'do you sell gift cards'],
  ])('an unrelated question stays under the threshold: %#', (index, text) => {
    for (const candidate of index.search(analyze(text), 5)) expect(candidate.score).toBeLessThan(THRESHOLD);
  });

  it('an exact match scores 1 whether the question is short or long', () => {
    const long = '我上周买的冰箱到现在还没有发货，客服一直不回复，请问到底什么时候可以发货';
    const index = buildFaqIndex([...zhFaqs, { id: 'late', questions: [long] }], analyzer);
    expect(index.search(analyze('怎么开发票'), 1)[0]?.score).toBeCloseTo(1, 5);
    expect(index.search(analyze(long), 1)[0]?.score).toBeCloseTo(1, 5);
  });

  it('words the knowledge base does not know lower the score, long or short', () => {
    const plain = zh.search(analyze('怎么修改收货地址'), 1)[0]!;
    const padded = zh.search(analyze('你好，我昨天在直播间下单买的外套，怎么修改收货地址'), 1)[0]!;
    expect(padded.faqId).toBe(plain.faqId);
    expect(padded.score).toBeLessThan(plain.score);
  });

  it('keeps scores within 0..1 and best first', () => {
    for (const text of ['退款', '退款退款退款退款', '怎么申请退款', 'refund refund refund', 'How do I request a refund?']) {
      const scores = (/[a-z]/.test(text) ? en : zh).search(analyze(text), 7).map((c) => c.score);
      expect(scores.every((s) => s > 0 && s <= 1)).toBe(true);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });
});

describe('FAQ retriever: ranking among similar items', () => {
  it.each([
    [zh, '退款什么时候到账', ['refund_time', 'refund_apply']],
    [zh, '我要申请退款', ['refund_apply', 'refund_time']],
    [en, 'when will my refund arrive', ['refund_time', 'refund_apply']],
    [en, 'I would like to request a refund please', ['refund_apply', 'refund_time']],
  ])('%#: %s ranks the closer item first', (index, text, order) => {
    const ids = index.search(analyze(text), 5).map((c) => c.faqId);
    expect(ids.indexOf(order[0]!)).toBeLessThan(ids.indexOf(order[1]!));
    expect(ids[0]).toBe(order[0]);
  });

  it('an item with two matching questions beats one with a single equal match', () => {
    const index = buildFaqIndex(
      [
        { id: 'one', questions: ['会员卡怎么办理'] },
        { id: 'two', questions: ['会员卡怎么办理', '会员卡如何办理'] },
      ],
      analyzer,
    );
    expect(index.search(analyze('我想办理会员卡'), 2).map((c) => c.faqId)).toEqual(['two', 'one']);
  });

  it('returns at most k items and nothing for an empty message', () => {
    expect(zh.search(analyze('退款'), 2)).toHaveLength(2);
    expect(zh.search(analyze('？？？'), 5)).toEqual([]);
  });

  it('keeps an item written in one language away from messages in the other', () => {
    const index = buildFaqIndex(
      [
        { id: 'vip_zh', questions: ['vip会员怎么开通'], lang: 'zh' },
        { id: 'vip_en', questions: ['how do I get vip'], lang: 'en' },
      ],
      analyzer,
    );
    expect(index.search(analyzer.analyze('vip', 'en'), 5).map((c) => c.faqId)).toEqual(['vip_en']);
  });
});

describe('FAQ index rebuild', () => {
  const changed = [...zhFaqs.filter((f) => f.id !== 'password'), { id: 'coupon', questions: ['优惠券怎么用'] }];

  it('finds added items and forgets removed ones', () => {
    const next = zh.rebuild(changed);
    expect(next.search(analyze('优惠券怎么使用'), 1)[0]?.faqId).toBe('coupon');
    expect(next.search(analyze('忘记密码怎么办'), 5).map((c) => c.faqId)).not.toContain('password');
    expect(next.standardQuestion('coupon')).toBe('优惠券怎么用');
    expect(next.standardQuestion('password')).toBeUndefined();
  });

  it('answers exactly as an index built from scratch', () => {
    const rebuilt = zh.rebuild(changed);
    const fresh = buildFaqIndex(changed, analyzer);
    for (const text of ['发票怎么开', '退款多久能到', '优惠券', '密码忘了']) {
      expect(rebuilt.search(analyze(text), 5)).toEqual(fresh.search(analyze(text), 5));
    }
  });
});

describe('faqComponent', () => {
  it('sets message.faq, and train swaps in the workspace FAQs', () => {
    const component = faqComponent(zh, 3);
    expect(component.process(analyze('密码忘了')).faq?.[0]?.faqId).toBe('password');
    component.train?.({ examples: [], faqs: enFaqs, dictionary: [] });
    expect(component.process(analyze('forgot password')).faq?.[0]?.faqId).toBe('password');
  });

  it('lets a confident intent classifier lift its FAQ item', () => {
    const message = {
      ...analyze('退款'),
      intent: { name: 'faq:refund_time', confidence: 0.95, ranking: [{ name: 'faq:refund_time', confidence: 0.95 }], oos: false },
    };
    expect(faqComponent(zh, 3).process(message).faq?.[0]?.faqId).toBe('refund_time');
  });
});

describe('fuseWithIntent', () => {
  const candidates: FaqCandidate[] = [
    { faqId: 'a', question: 'qa', score: 0.6 },
    { faqId: 'b', question: 'qb', score: 0.5 },
  ];
  const question = (id: string) => (id === 'c' ? 'qc' : undefined);
  it.each([
    ['weight 0 keeps retrieval order', [{ name: 'faq:b', confidence: 1 }], 0, ['a', 'b']],
    ['a confident classifier reorders', [{ name: 'faq:b', confidence: 0.9 }], 0.3, ['b', 'a']],
    ['intents that are not FAQs are ignored', [{ name: 'track_order', confidence: 0.9 }], 0.3, ['a', 'b']],
    ['an item only the classifier found joins', [{ name: 'faq:c', confidence: 0.99 }], 0.9, ['c', 'a', 'b']],
    ['an unknown item is dropped', [{ name: 'faq:zzz', confidence: 0.99 }], 0.9, ['a', 'b']],
  ])('%s', (_, ranking, weight, order) => {
    const fused = fuseWithIntent(candidates, ranking, { weight, question });
    expect(fused.map((c) => c.faqId)).toEqual(order);
    expect(fused.every((c) => c.score >= 0 && c.score <= 1)).toBe(true);
  });
});

const atec = path.resolve(import.meta.dirname, '../../../shared/datasets/atec/test.jsonl');

describe.skipIf(!existsSync(atec))('FAQ retriever on ATEC (sample of the test split)', () => {
  it('beats a TF-IDF cosine ranker', async () => {
    const bench = faqBenchmarkFromPairs((await readPairs(atec)).slice(0, 4000));
    const queries = bench.queries.map((q) => ({ ...q, message: analyzer.analyze(q.text) }));
    const kefu = scoreRanker(buildFaqIndex(bench.faqs, analyzer), queries);
    const baseline = scoreRanker(buildTfidfRanker(bench.faqs, analyzer), queries);
    expect(queries.length).toBeGreaterThan(500);
    expect(kefu.hit_at_1).toBeGreaterThan(baseline.hit_at_1);
    expect(kefu.mrr).toBeGreaterThan(baseline.mrr);
  });
});
