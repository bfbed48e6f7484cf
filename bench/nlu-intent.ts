/**
 * Intent classification on Banking77 (../shared/datasets/banking77, skipped
 * when absent): accuracy on the official test split, training time and
 * per-message latency, for two classifiers trained in the same run:
 *
 *   baseline  TF-IDF word unigrams, nearest class centroid by cosine (written here, the plain reference)
 *   kefu      the product's classifier (`trainIntentClassifier`), as the bot trains it
 *
 * Latency is one message's `predict` on already tokenised text (tokenising is
 * the text analyzer's cost, shared by every component), after a warm-up pass.
 * `BENCH_INTENT_SETS=banking77,online_shopping_10_cats` adds the Chinese review
 * set, classifying its `cat` field (10 product categories) — slow: 50k reviews.
 *
 *   node --import tsx bench/nlu-intent.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { trainIntentClassifier } from '../server/nlu/intent-classifier.ts';
import { createTextAnalyzer } from '../server/nlu/text.ts';
import type { NluMessage } from '../server/nlu/types.ts';

const DATASETS = path.resolve(import.meta.dirname, '../../shared/datasets');
const SETS = (process.env.BENCH_INTENT_SETS ?? 'banking77').split(',');
const analyzer = createTextAnalyzer();

type Message = Pick<NluMessage, 'tokens' | 'normalized' | 'lang'>;
interface Example {
  text: string;
  label: string;
  message: Message;
}

function load(file: string, labelField: string): Example[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, string>)
    .map((row) => ({ text: row.text ?? '', label: String(row[labelField]), message: analyzer.analyze(row.text ?? '') }));
}

/** TF-IDF over word unigrams, one L2-normalised centroid per class, cosine to pick. */
function trainCentroids(train: Example[]): (message: Message) => string {
  const df = new Map<string, number>();
  for (const e of train) for (const token of new Set(e.message.tokens)) df.set(token, (df.get(token) ?? 0) + 1);
  const idf = (token: string) => Math.log((1 + train.length) / (1 + (df.get(token) ?? 0))) + 1;
  const vector = (message: Message) => {
    const v = new Map<string, number>();
    for (const token of message.tokens) if (df.has(token)) v.set(token, (v.get(token) ?? 0) + idf(token));
    const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0)) || 1;
    for (const [k, x] of v) v.set(k, x / norm);
    return v;
  };
  const centroids = new Map<string, Map<string, number>>();
  for (const e of train) {
    const centroid = centroids.get(e.label) ?? new Map<string, number>();
    for (const [k, x] of vector(e.message)) centroid.set(k, (centroid.get(k) ?? 0) + x);
    centroids.set(e.label, centroid);
  }
  for (const centroid of centroids.values()) {
    const norm = Math.sqrt([...centroid.values()].reduce((s, x) => s + x * x, 0)) || 1;
    for (const [k, x] of centroid) centroid.set(k, x / norm);
  }
  return (message) => {
    const v = vector(message);
    let [best, bestScore] = ['', -Infinity];
    for (const [label, centroid] of centroids) {
      let score = 0;
      for (const [k, x] of v) score += x * (centroid.get(k) ?? 0);
      if (score > bestScore) [best, bestScore] = [label, score];
    }
    return best;
  };
}

function measure(name: string, classify: (message: Message) => string, test: Example[], trainMs: number): void {
  for (const e of test.slice(0, 200)) classify(e.message);
  const times: number[] = [];
  let right = 0;
  for (const e of test) {
    const start = performance.now();
    const label = classify(e.message);
    times.push(performance.now() - start);
    if (label === e.label) right++;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(3);
  const accuracy = ((100 * right) / test.length).toFixed(2);
  process.stdout.write(`  ${name.padEnd(9)} accuracy ${accuracy}%  train ${Math.round(trainMs)} ms  predict p50 ${at(0.5)} ms  p99 ${at(0.99)} ms\n`);
}

function timed<T>(work: () => T): [T, number] {
  const start = performance.now();
  return [work(), performance.now() - start];
}

for (const set of SETS) {
  const dir = path.join(DATASETS, set);
  if (!existsSync(path.join(dir, 'test.jsonl'))) {
    process.stdout.write(`${set}: skipped (no ${dir})\n`);
    continue;
  }
  const labelField = set === 'online_shopping_10_cats' ? 'cat' : 'label';
  const [train, test] = [load(path.join(dir, 'train.jsonl'), labelField), load(path.join(dir, 'test.jsonl'), labelField)];
  process.stdout.write(`${set} (${labelField}): ${train.length} train, ${test.length} test, ${new Set(train.map((e) => e.label)).size} classes\n`);
  const [baseline, baselineMs] = timed(() => trainCentroids(train));
  measure('baseline', baseline, test, baselineMs);
  const [model, modelMs] = timed(() => trainIntentClassifier({ examples: train, faqs: [], dictionary: [] }, { analyzer }));
  measure('kefu', (message) => model.predict(message).ranking[0]?.name ?? 'oos', test, modelMs);
  const rejected = test.filter((e) => model.predict(e.message).oos).length;
  process.stdout.write(
    `  kefu rejects ${((100 * rejected) / test.length).toFixed(1)}% of this in-scope test set as oos at threshold ${model.stats.oosThreshold}\n`,
  );
}
