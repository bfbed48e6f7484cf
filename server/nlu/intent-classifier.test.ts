import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { intentComponent, trainIntentClassifier } from './intent-classifier.ts';
import { createTextAnalyzer } from './text.ts';
import type { NluMessage, TrainingData } from './types.ts';

const intents: Record<string, string[]> = {
  track_order: [
    'where is my order',
    'track my package',
    'when will my parcel arrive',
    'has my order shipped yet',
    'what is the delivery status of my order',
    'my package has not arrived',
    '我的快递到哪了',
    '查一下物流',
    '包裹什么时候到',
    '订单发货了吗',
    '帮我查下快递进度',
    '怎么还没收到货',
  ],
  refund: [
    'i want a refund',
    'how do i get my money back',
    'please refund my payment',
    'can i return this for a refund',
    'refund the item i bought',
    'when will i receive my refund',
    '我要退款',
    '怎么申请退款',
    '钱什么时候退回来',
    '帮我把钱退了',
    '退货退款怎么操作',
    '退款到账了吗',
  ],
  change_address: [
    'change my delivery address',
    'i need to update my shipping address',
    'wrong address on my order',
    'can i send it to a different address',
    'edit the address for my order',
    'i moved, please change the address',
    '修改收货地址',
    '地址填错了怎么改',
    '我想换个收货地址',
    '能改一下配送地址吗',
    '收货地址写错了',
    '帮我更新地址',
  ],
  cancel_order: [
    'cancel my order',
    'i do not want this order anymore',
    'please cancel the purchase',
    'how can i cancel an order',
    'stop my order from shipping',
    'i ordered by mistake, cancel it',
    '取消订单',
    '我不想要了，帮我取消',
    '怎么取消订单',
    '订单下错了要取消',
    '能不能取消这个订单',
    '把我的订单撤销',
  ],
};

const data: TrainingData = {
  examples: Object.entries(intents).flatMap(([label, texts]) => texts.map((text) => ({ text, label }))),
  faqs: [
    {
      id: 'invoice',
      questions: ['can i get an invoice', 'send me a receipt', 'i need a vat invoice for my order', '怎么开发票', '能开发票吗', '我需要发票'],
    },
  ],
  dictionary: [],
};

const analyzer = createTextAnalyzer();
const model = trainIntentClassifier(data);
const predict = (text: string) => model.predict(analyzer.analyze(text));

describe('trainIntentClassifier', () => {
  it.each([
    ['where is my parcel right now', 'track_order'],
    ['I would like my money back', 'refund'],
    ['please ship it to my new address', 'change_address'],
    ['cancel it please', 'cancel_order'],
    ['do you issue invoices', 'faq:invoice'],
    ['我的包裹到哪里了', 'track_order'],
    ['退款什么时候能到', 'refund'],
    ['地址要改一下', 'change_address'],
    ['订单不要了', 'cancel_order'],
    ['可以开票吗', 'faq:invoice'],
  ])('understands the unseen paraphrase %j as %s', (text, intent) => {
    const result = predict(text);
    expect(result).toMatchObject({ name: intent, oos: false });
    expect(result.ranking[0]?.name).toBe(intent);
  });

  it.each(['who won the football game', 'can you recommend a podcast about history', '北京有什么好吃的小吃', '长城有多长', '推荐一部好看的电影'])(
    'rejects the off-topic %j as oos',
    (text) => {
      const result = predict(text);
      expect(result).toMatchObject({ name: 'oos', oos: true });
      expect(result.ranking.every((r) => r.name !== 'oos')).toBe(true);
    },
  );

  it('is more confident about a clear request than a vague one, and ranks candidates best first', () => {
    const clear = predict('please cancel my order');
    const vague = predict('order');
    expect(clear.confidence).toBeGreaterThan(vague.ranking[0]?.confidence ?? 1);
    for (const result of [clear, vague]) {
      const confidences = result.ranking.map((r) => r.confidence);
      expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
      expect(confidences.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('gives the same model for the same data, whatever its order', () => {
    const shuffled = { ...data, examples: [...data.examples].reverse() };
    const again = trainIntentClassifier(shuffled);
    for (const text of ['where is my parcel', '我想退钱', 'tell me about dinosaurs', '订单不要了']) {
      expect(again.predict(analyzer.analyze(text))).toEqual(predict(text));
    }
    expect({ ...again.stats, trainMs: 0 }).toEqual({ ...model.stats, trainMs: 0 });
  });

  it('answers oos for every message when it has nothing to learn from', () => {
    const empty = trainIntentClassifier({ examples: [], faqs: [], dictionary: [] });
    expect(empty.predict(analyzer.analyze('where is my order'))).toEqual({ name: 'oos', confidence: 1, ranking: [], oos: true });
  });

  it('rejects everything under a stricter threshold from config', () => {
    const strict = trainIntentClassifier(data, { oosThreshold: 1.01 });
    expect(strict.predict(analyzer.analyze('please cancel my order')).name).toBe('oos');
  });
});

describe('intentComponent', () => {
  const message = (text: string): NluMessage => ({ ...analyzer.analyze(text), entities: [] });

  it('sets message.intent, and retrains on new data', () => {
    const component = intentComponent();
    expect(component.process(message('cancel my order')).intent?.name).toBe('oos');
    component.train?.(data);
    const out = component.process(message('cancel my order'));
    expect(out.intent?.name).toBe('cancel_order');
    expect(out.text).toBe('cancel my order');
  });
});

const banking = path.resolve(import.meta.dirname, '../../../shared/datasets/banking77');

describe.skipIf(!existsSync(path.join(banking, 'test.jsonl')))('on Banking77', () => {
  const read = (file: string) =>
    readFileSync(path.join(banking, file), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { text: string; label: string });

  it('classifies at least 90% of the test split right', () => {
    const bank = trainIntentClassifier({ examples: read('train.jsonl'), faqs: [], dictionary: [] }, { analyzer });
    const test = read('test.jsonl');
    const right = test.filter((e) => bank.predict(analyzer.analyze(e.text)).ranking[0]?.name === e.label).length;
    expect(right / test.length).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
