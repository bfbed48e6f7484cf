import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalSentiment, scoreLabels } from './eval-sentiment.ts';

const POSITIVE = ['质量很好，很满意', '物流很快，好评', '客服很耐心，谢谢', 'great service, thanks', 'love it, works perfectly', '包装精美，推荐'];
const NEGATIVE = ['质量太差，很失望', '物流太慢了，差评', '客服态度恶劣', 'terrible, it broke in a day', 'worst purchase ever', '包装破损，垃圾'];
const NEUTRAL = ['请问怎么退货', '几点发货', '可以开发票吗', 'how do i change my address', 'do you ship abroad', '有红色的吗'];

let dir = '';
const jsonl = (rows: object[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-eval-sentiment-'));
  const numeric = [...POSITIVE.map((text) => ({ text, label: 1 })), ...NEGATIVE.map((text) => ({ text, label: 0 }))];
  const named = [
    ...POSITIVE.map((text) => ({ text, label: 'positive' })),
    ...NEGATIVE.map((text) => ({ text, label: 'negative' })),
    ...NEUTRAL.map((text) => ({ text, label: 'neutral' })),
  ];
  await writeFile(path.join(dir, 'numeric.jsonl'), jsonl(numeric));
  await writeFile(path.join(dir, 'named.jsonl'), jsonl(named));
  await writeFile(path.join(dir, 'broken.jsonl'), '{"text": "好", "label": 1}\n{"text": 3}\n');
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (train: string, test = train) => evalSentiment({ train: path.join(dir, train), test: path.join(dir, test), lang: 'auto', log: () => {} });

describe('evalSentiment', () => {
  it('scores 0/1 labels: the model fits its own training texts, the lexicon is scored beside it', async () => {
    const result = await run('numeric.jsonl');
    expect(result).toMatchObject({ n_train: 12, n_test: 12, labels: ['0', '1'], accuracy: 1 });
    expect(result.lexicon_accuracy).toBeGreaterThanOrEqual(0.8);
    for (const key of ['macro_f1', 'train_ms', 'predict_p50_ms', 'predict_p99_ms', 'model_accuracy', 'lexicon_macro_f1'])
      expect(result).toHaveProperty(key);
  });

  it('scores negative/neutral/positive labels, the lexicon with its own three-way verdict', async () => {
    const result = await run('named.jsonl');
    expect(result).toMatchObject({ n_test: 18, labels: ['negative', 'neutral', 'positive'], accuracy: 1 });
    expect(result.lexicon_accuracy).toBeGreaterThanOrEqual(0.8);
  });

  it('names the line that does not parse', async () => {
    await expect(run('broken.jsonl')).rejects.toThrow(/broken\.jsonl:2/);
  });
});

describe('scoreLabels', () => {
  it.each([
    [['a', 'a', 'b', 'b'], ['a', 'a', 'b', 'b'], 1, 1],
    [['a', 'a', 'b', 'b'], ['a', 'a', 'a', 'a'], 0.5, (2 / 3 + 0) / 2],
    [['a', 'b'], ['b', 'a'], 0, 0],
  ])('%j vs %j → accuracy %d, macro-F1 %d', (gold, predicted, accuracy, macroF1) => {
    const scores = scoreLabels(gold, predicted);
    expect(scores.accuracy).toBeCloseTo(accuracy, 6);
    expect(scores.macro_f1).toBeCloseTo(macroF1, 6);
  });
});
