import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSentiment, scoreLexicon, sentimentComponent, toPolarity, type PolarityModel } from './sentiment.ts';
import { createTextAnalyzer, normalizeText } from './text.ts';
import type { NluMessage } from './types.ts';

const analyzer = createTextAnalyzer();
const message = (text: string): NluMessage => analyzer.analyze(text);
const sentimentOf = (text: string) => analyzeSentiment(message(text));

describe('analyzeSentiment: polarity', () => {
  it.each([
    ['非常感谢，服务很好！', 'positive'],
    ['谢谢你的帮助', 'positive'],
    ['东西收到了，质量不错，很满意', 'positive'],
    ['Thanks so much, great service!', 'positive'],
    ['no problem, thanks', 'positive'],
    ['收到了👍', 'positive'],
    ['什么破快递，垃圾！', 'negative'],
    ['你们就是骗子', 'negative'],
    ['质量太差了，很失望', 'negative'],
    ['This is ridiculous and unacceptable', 'negative'],
    ['The product is not good', 'negative'],
    ["I'm not happy with it", 'negative'],
    ['请问怎么修改收货地址？', 'neutral'],
    ['这个有红色的吗？', 'neutral'],
    ['这个好用吗？', 'neutral'],
    ['快递什么时候到？', 'neutral'],
    ['你好，在吗', 'neutral'],
    ['不好意思，打扰一下', 'neutral'],
    ['一般多久能到？', 'neutral'],
    ['How do I change my shipping address?', 'neutral'],
    ['Is it good?', 'neutral'],
    ['Can I pay with a credit card?', 'neutral'],
  ])('%s → %s', (text, label) => {
    expect(sentimentOf(text).label).toBe(label);
  });

  it.each([
    ['不太满意', 'negative'],
    ['不是很好用', 'negative'],
    ['一点也不好吃', 'negative'],
    ['不贵，也不差', 'positive'],
    ['not bad at all, thanks', 'positive'],
    ["don't really like it", 'negative'],
  ])('negation: %s → %s', (text, label) => {
    expect(sentimentOf(text).label).toBe(label);
  });

  it.each([
    ['虽然慢但是质量很好', 'positive'],
    ['质量很好，但是物流太慢了', 'negative'],
    ['价格有点贵，不过服务很好', 'positive'],
    ['Delivery was slow but the quality is great', 'positive'],
    ['The price is great, but the quality is terrible', 'negative'],
  ])('contrast, the clause after wins: %s → %s', (text, label) => {
    expect(sentimentOf(text).label).toBe(label);
  });

  it('intensifiers make a word count more', () => {
    expect(sentimentOf('非常满意').score).toBeGreaterThan(sentimentOf('满意').score);
    expect(sentimentOf('really terrible').score).toBeGreaterThan(sentimentOf('terrible').score);
  });
});

describe('analyzeSentiment: emotions', () => {
  it.each([
    ['等了三天还没到，气死了！！！'],
    ['什么破东西，垃圾！'],
    ['This is ridiculous, I have been waiting for two weeks!!!'],
    ['WHERE IS MY ORDER??? This is a scam'],
    ['又坏了😡😡'],
  ])('an angry customer: %s', (text) => {
    const result = sentimentOf(text);
    expect(result.label).toBe('negative');
    expect(result.emotions.anger).toBeGreaterThanOrEqual(0.5);
  });

  it.each([
    ['我很着急，急用，能不能快点发货？'],
    ['我有点担心包裹丢了'],
    ['怎么还没发货，什么时候能到'],
    ['I am really worried, I need it ASAP'],
    ['urgent: still waiting for my refund'],
  ])('an anxious customer: %s', (text) => {
    const result = sentimentOf(text);
    expect(result.emotions.anxiety).toBeGreaterThanOrEqual(0.5);
    expect(result.emotions.anxiety).toBeGreaterThan(result.emotions.anger);
  });

  it.each([['非常感谢，服务很好！'], ['太棒了！！！'], ['请问怎么退货？'], ['Thank you so much!!!']])('calm or happy: %s has no anger', (text) => {
    expect(sentimentOf(text).emotions.anger).toBeLessThan(0.2);
  });

  it('capitals and repeated punctuation raise anger', () => {
    expect(sentimentOf('WHY IS IT LATE???').emotions.anger).toBeGreaterThan(sentimentOf('why is it late').emotions.anger);
    expect(sentimentOf('怎么还没到！！！').emotions.anger).toBeGreaterThan(sentimentOf('怎么还没到').emotions.anger);
  });

  it('a negated worry is no worry', () => {
    expect(sentimentOf('不着急，慢慢来').emotions.anxiety).toBeLessThan(0.3);
    expect(sentimentOf("don't worry about it").emotions.anxiety).toBeLessThan(0.3);
  });
});

describe('analyzeSentiment: complaint risk', () => {
  it.each([
    ['再不退款我就去12315投诉', ['12315', '投诉']],
    ['我要找律师起诉你们', ['律师', '起诉']],
    ['我会在微博曝光你们', ['微博曝光']],
    ['我已经向消费者协会反映了', ['消费者协会']],
    ['再不处理我就报警，去市场监管局举报', ['报警', '市场监管局', '举报']],
    ['I will file a chargeback and talk to my lawyer', ['chargeback', 'lawyer']],
    ['I will report you to the BBB', ['report you', 'bbb']],
    ["I'm going to dispute the charge with my bank", ['dispute the charge']],
  ])('%s → high %j', (text, terms) => {
    const result = sentimentOf(text);
    expect(result.complaintRisk).toBe('high');
    expect(result.riskTerms).toEqual(terms);
    expect(result.label).toBe('negative');
  });

  it.each([['等了三天还没到，气死了！！！'], ['什么破快递，垃圾，太差了'], ['This is ridiculous, worst service ever']])(
    'repeated anger is low risk: %s',
    (text) => {
      const result = sentimentOf(text);
      expect(result.complaintRisk).toBe('low');
      expect(result.riskTerms.length).toBeGreaterThan(0);
    },
  );

  it.each([
    ['非常感谢，服务很好！'],
    ['请问怎么修改收货地址？'],
    ['我不想投诉，只是问问'],
    ['中国工商银行的卡可以用吗'],
    ['How do I change my address?'],
    ['I have an issue with my order'],
  ])('no risk: %s', (text) => {
    expect(sentimentOf(text)).toMatchObject({ complaintRisk: 'none', riskTerms: [] });
  });
});

describe('sentimentComponent', () => {
  it('sets message.sentiment and leaves the rest alone', () => {
    const input = message('垃圾服务，我要投诉');
    const output = sentimentComponent().process(input);
    expect(output.tokens).toEqual(input.tokens);
    expect(output.sentiment).toMatchObject({ label: 'negative', complaintRisk: 'high', riskTerms: ['投诉'] });
  });

  it('blends a trained model: a confident model moves a message the lexicon finds neutral', () => {
    const model: PolarityModel = { predict: () => ({ probabilities: { '0': 0.05, '1': 0.95 } }) };
    expect(sentimentComponent().process(message('房间很大')).sentiment?.label).toBe('neutral');
    expect(sentimentComponent({ model, modelWeight: 0.6 }).process(message('房间很大')).sentiment?.label).toBe('positive');
  });

  it('keeps complaint risk from the lexicon whatever the model says', () => {
    const model: PolarityModel = { predict: () => ({ probabilities: { positive: 1 } }) };
    expect(sentimentComponent({ model }).process(message('我要去12315投诉')).sentiment?.complaintRisk).toBe('high');
  });
});

describe('toPolarity', () => {
  it.each([
    [0, 'negative'],
    [1, 'positive'],
    ['0', 'negative'],
    ['positive', 'positive'],
    ['Negative', 'negative'],
    ['neutral', 'neutral'],
  ] as const)('%j → %s', (label, polarity) => {
    expect(toPolarity(label)).toBe(polarity);
  });
});

const datasets = path.resolve(import.meta.dirname, '../../../shared/datasets');

describe.each([
  ['chnsenticorp', 0.75],
  ['waimai_10k', 0.8],
])('the shipped lexicon alone on %s', (name, floor) => {
  const file = path.join(datasets, name, 'test.jsonl');
  it.skipIf(!existsSync(file))(`gets at least ${floor * 100} % of reviews right, untrained`, () => {
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { text: string; label: number });
    const correct = rows.filter((row) => (scoreLexicon(row.text, normalizeText(row.text)).compound > 0 ? 1 : 0) === row.label).length;
    expect(correct / rows.length).toBeGreaterThanOrEqual(floor);
  });
});
