import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSentiment } from './sentiment.ts';
import { trainSentimentModel, type LabelledText } from './sentiment-model.ts';
import { createTextAnalyzer } from './text.ts';

const analyzer = createTextAnalyzer();
const labelled = (label: string, texts: string[]): LabelledText[] => texts.map((text) => ({ ...analyzer.analyze(text), label }));
const predict = (model: ReturnType<typeof trainSentimentModel>, text: string) => {
  const { normalized, tokens } = analyzer.analyze(text);
  return model.predict(normalized, tokens);
};

/** A workspace's own labels: a bakery whose customers talk about 面包 and delivery. */
const bakery = [
  ...labelled('positive', [
    '面包很新鲜',
    '蛋糕松软好吃',
    '奶油很香',
    '配送准时',
    '包装精致',
    '口感细腻',
    '面包松软',
    'the bread is fresh',
    'soft and tasty cake',
    'lovely cream',
  ]),
  ...labelled('negative', [
    '面包发硬',
    '蛋糕塌了',
    '奶油化了',
    '配送迟到',
    '包装压坏',
    '口感粗糙',
    '面包发硬有点酸',
    'the bread is stale',
    'the cake collapsed',
    'cream had melted',
  ]),
  ...labelled('neutral', [
    '几点关门',
    '可以开发票吗',
    '有无糖的吗',
    '配送范围是哪里',
    '怎么预订生日蛋糕',
    '门店地址在哪',
    'what time do you close',
    'do you deliver on sunday',
    'can i order a birthday cake',
    'where is the shop',
  ]),
];

describe('trainSentimentModel', () => {
  it.each([
    ['新鲜松软的面包', 'positive'],
    ['蛋糕塌了，奶油也化了', 'negative'],
    ['可以预订蛋糕吗', 'neutral'],
    ['the cake was fresh and tasty', 'positive'],
    ['stale bread', 'negative'],
  ])('learns a workspace vocabulary the lexicon does not know: %s → %s', (text, label) => {
    const model = trainSentimentModel(bakery);
    expect(predict(model, text).label).toBe(label);
  });

  it('gives probabilities over every label that sum to 1', () => {
    const model = trainSentimentModel(bakery);
    const { probabilities } = predict(model, '面包发硬');
    expect(Object.keys(probabilities).sort()).toEqual(['negative', 'neutral', 'positive']);
    expect(Object.values(probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('works with 0/1 labels', () => {
    const binary = bakery.filter((e) => e.label !== 'neutral').map((e) => ({ ...e, label: e.label === 'positive' ? '1' : '0' }));
    const model = trainSentimentModel(binary);
    expect(model.labels).toEqual(['0', '1']);
    expect(predict(model, '奶油化了').label).toBe('0');
  });

  it('is deterministic: the same data gives the same model', () => {
    const a = predict(trainSentimentModel(bakery), '配送准时，但是蛋糕塌了');
    const b = predict(trainSentimentModel(bakery), '配送准时，但是蛋糕塌了');
    expect(a).toEqual(b);
  });

  it('refuses data with a single label', () => {
    expect(() => trainSentimentModel(labelled('positive', ['好', '很好']))).toThrow(/two labels/);
  });

  it('blends into analyzeSentiment, moving what the lexicon alone calls neutral', () => {
    const model = trainSentimentModel(bakery);
    const message = analyzer.analyze('面包发硬');
    expect(analyzeSentiment(message).label).toBe('neutral');
    expect(analyzeSentiment(message, { model }).label).toBe('negative');
  });
});

const datasets = path.resolve(import.meta.dirname, '../../../shared/datasets');
const chnsenticorp = path.join(datasets, 'chnsenticorp');

describe.skipIf(!existsSync(path.join(chnsenticorp, 'test.jsonl')))('ChnSentiCorp', () => {
  const read = (file: string) =>
    readFileSync(path.join(chnsenticorp, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { text: string; label: number })
      .map((row) => ({ ...analyzer.analyze(row.text), label: String(row.label) }));

  it('the trained model reaches 92 % test accuracy', { timeout: 180_000 }, () => {
    const model = trainSentimentModel(read('train.jsonl'));
    const test = read('test.jsonl');
    const correct = test.filter((row) => predict(model, row.text).label === row.label).length;
    expect(correct / test.length).toBeGreaterThanOrEqual(0.92);
  });
});
