import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evalIntent } from './eval-intent.ts';

const dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-eval-intent-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const lines = (rows: [string, string][]) => rows.map(([text, label]) => JSON.stringify({ text, label })).join('\n');

const train: [string, string][] = [
  ...['where is my order', 'track my package', 'when will my parcel arrive', 'has my order shipped', 'my package is late', 'order status please'].map(
    (t): [string, string] => [t, 'track'],
  ),
  ...['i want a refund', 'give me my money back', 'refund my payment', 'how do refunds work', 'refund this item', 'when is my refund coming'].map(
    (t): [string, string] => [t, 'refund'],
  ),
  ...['cancel my order', 'stop my purchase', 'i want to cancel', 'please cancel it', 'cancel the order now', 'how do i cancel'].map(
    (t): [string, string] => [t, 'cancel'],
  ),
  ['tell me a joke', 'oos'],
];

const test: [string, string][] = [
  ['where is my parcel', 'track'],
  ['i need my money back', 'refund'],
  ['please cancel my purchase', 'cancel'],
  ['who painted the mona lisa', 'oos'],
  ['how many moons does jupiter have', 'oos'],
];

describe('evalIntent', () => {
  it('scores in-scope lines, out-of-scope recall and speed, and never trains on oos', async () => {
    await writeFile(path.join(dir, 'train.jsonl'), lines(train));
    await writeFile(path.join(dir, 'test.jsonl'), lines(test));
    const log: string[] = [];
    const result = await evalIntent({
      train: path.join(dir, 'train.jsonl'),
      test: path.join(dir, 'test.jsonl'),
      lang: 'en',
      log: (l) => log.push(l),
    });
    expect(result).toMatchObject({ accuracy: 1, macro_f1: 1, oos_recall: 1, oos_rejection: true, n_classes: 3, n_train: 19, n_test: 5 });
    for (const key of ['train_ms', 'predict_p50_ms', 'predict_p99_ms']) expect(result[key]).toEqual(expect.any(Number));
    expect(log.length).toBeGreaterThan(0);
  });

  it('reports oos_recall as null when the test set has no oos lines', async () => {
    await writeFile(path.join(dir, 'closed.jsonl'), lines(test.filter(([, label]) => label !== 'oos')));
    const result = await evalIntent({ train: path.join(dir, 'train.jsonl'), test: path.join(dir, 'closed.jsonl'), lang: 'auto', log: () => {} });
    expect(result).toMatchObject({ oos_recall: null, oos_rejection: false, accuracy: 1 });
  });
});
