/**
 * Sentiment accuracy and per-message latency on the Chinese review sets in
 * ../shared/datasets (skipped when absent), for three classifiers in one run:
 *
 *   baseline  multinomial naive Bayes on word unigrams (written here, the plain reference)
 *   lexicon   the hand-written lexicon Kefu ships (no training; sign of its compound)
 *   model     the trainable model (`trainSentimentModel`) on the set's train split
 *   blend     lexicon and model together, as `analyzeSentiment({ model })` runs them
 *
 * Latency is one message's `predict` on already tokenised text (tokenising is
 * the text analyzer's cost, shared by every component), after a warm-up pass.
 *
 *   node --import tsx bench/nlu-sentiment.ts        (env: BENCH_SETS=chnsenticorp,waimai_10k)
 *
 * With BENCH_CV=k it prints k-fold cross-validated accuracy of the model and
 * the blend on the training material only (train, plus dev where the set has
 * one) instead: the figure to tune on, since the test split is for reporting.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { polarityDistribution, scoreLexicon } from '../server/nlu/sentiment.ts';
import { trainSentimentModel, type LabelledText } from '../server/nlu/sentiment-model.ts';
import { createTextAnalyzer } from '../server/nlu/text.ts';

const DATASETS = path.resolve(import.meta.dirname, '../../shared/datasets');
const SETS = (process.env.BENCH_SETS ?? 'chnsenticorp,waimai_10k,online_shopping_10_cats').split(',');
const analyzer = createTextAnalyzer();

type Example = LabelledText & { text: string };

function load(file: string): Example[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { text: string; label: number | string })
    .map((row) => ({ ...analyzer.analyze(row.text, 'zh'), label: String(row.label) }));
}

/** Multinomial naive Bayes over word unigrams with add-one smoothing. */
function trainNaiveBayes(train: Example[]): (example: Example) => string {
  const labels = [...new Set(train.map((e) => e.label))];
  const counts = new Map(labels.map((l) => [l, new Map<string, number>()]));
  const totals = new Map(labels.map((l) => [l, 0]));
  const docs = new Map(labels.map((l) => [l, 0]));
  const vocabulary = new Set<string>();
  for (const example of train) {
    const table = counts.get(example.label)!;
    docs.set(example.label, docs.get(example.label)! + 1);
    for (const token of example.tokens) {
      table.set(token, (table.get(token) ?? 0) + 1);
      totals.set(example.label, totals.get(example.label)! + 1);
      vocabulary.add(token);
    }
  }
  return (example) => {
    let best = labels[0]!;
    let bestScore = -Infinity;
    for (const label of labels) {
      const table = counts.get(label)!;
      const denominator = Math.log(totals.get(label)! + vocabulary.size);
      let score = Math.log(docs.get(label)! / train.length);
      for (const token of example.tokens) if (vocabulary.has(token)) score += Math.log((table.get(token) ?? 0) + 1) - denominator;
      if (score > bestScore) [best, bestScore] = [label, score];
    }
    return best;
  };
}

function measure(test: Example[], predict: (example: Example) => string): { accuracy: number; p50: number; p99: number } {
  for (const example of test) predict(example); // warm-up: JIT, and the garbage training left behind
  const times: number[] = [];
  let correct = 0;
  for (const example of test) {
    const t0 = performance.now();
    const label = predict(example);
    times.push(performance.now() - t0);
    if (label === example.label) correct++;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { accuracy: correct / test.length, p50: at(0.5), p99: at(0.99) };
}

function row(name: string, result: ReturnType<typeof measure>, trainMs: number | null): string {
  const train = trainMs === null ? '—' : `${Math.round(trainMs)} ms`;
  return `  ${name.padEnd(9)} accuracy ${(result.accuracy * 100).toFixed(2).padStart(6)} %   p50 ${result.p50.toFixed(4)} ms   p99 ${result.p99.toFixed(4)} ms   train ${train}`;
}

function benchSet(name: string): void {
  const dir = path.join(DATASETS, name);
  if (!existsSync(path.join(dir, 'train.jsonl')) || !existsSync(path.join(dir, 'test.jsonl'))) {
    process.stdout.write(`${name}: skipped (no ${dir}/{train,test}.jsonl)\n`);
    return;
  }
  const train = load(path.join(dir, 'train.jsonl'));
  const test = load(path.join(dir, 'test.jsonl'));
  process.stdout.write(`${name}: ${train.length} train / ${test.length} test\n`);

  let t0 = performance.now();
  const naiveBayes = trainNaiveBayes(train);
  process.stdout.write(`${row('baseline', measure(test, naiveBayes), performance.now() - t0)}\n`);

  const majority = train.filter((e) => e.label === '1').length * 2 >= train.length ? '1' : '0';
  const lexicon = (example: Example) => {
    const { compound } = scoreLexicon(example.text, example.normalized);
    return compound > 0 ? '1' : compound < 0 ? '0' : majority;
  };
  process.stdout.write(`${row('lexicon', measure(test, lexicon), null)}\n`);

  t0 = performance.now();
  const model = trainSentimentModel(train);
  const trainMs = performance.now() - t0;
  const predictModel = (example: Example) => model.predict(example.normalized, example.tokens).label;
  process.stdout.write(`${row('model', measure(test, predictModel), trainMs)}\n`);
  const blend = (example: Example) => {
    const p = polarityDistribution(scoreLexicon(example.text, example.normalized), example, { model });
    return p.positive >= p.negative ? '1' : '0';
  };
  process.stdout.write(`${row('blend', measure(test, blend), null)}\n`);
}

/** Shuffled with a fixed seed, so every run and every option set sees the same folds. */
function folds<T>(items: T[], k: number): T[][] {
  const order = items.map((item, i) => ({ item, key: (Math.sin(i * 12.9898 + 78.233) * 43758.5453) % 1 }));
  order.sort((a, b) => a.key - b.key);
  return Array.from({ length: k }, (_, f) => order.filter((_, i) => i % k === f).map(({ item }) => item));
}

function crossValidate(name: string, k: number): void {
  const dir = path.join(DATASETS, name);
  if (!existsSync(path.join(dir, 'train.jsonl'))) return void process.stdout.write(`${name}: skipped\n`);
  const dev = path.join(dir, 'dev.jsonl');
  const data = [...load(path.join(dir, 'train.jsonl')), ...(existsSync(dev) ? load(dev) : [])];
  const parts = folds(data, k);
  let model = 0;
  let blend = 0;
  let trainMs = 0;
  for (const held of parts) {
    const t0 = performance.now();
    const trained = trainSentimentModel(parts.filter((part) => part !== held).flat());
    trainMs += performance.now() - t0;
    for (const example of held) {
      if (trained.predict(example.normalized, example.tokens).label === example.label) model++;
      const p = polarityDistribution(scoreLexicon(example.text, example.normalized), example, { model: trained });
      if ((p.positive >= p.negative ? '1' : '0') === example.label) blend++;
    }
  }
  const pct = (x: number) => ((100 * x) / data.length).toFixed(2);
  process.stdout.write(
    `${name}: ${k}-fold CV on ${data.length} texts (train${existsSync(dev) ? '+dev' : ''}): model ${pct(model)} %, blend ${pct(blend)} %, train ${Math.round(trainMs / k)} ms a fold\n`,
  );
}

const cv = Number(process.env.BENCH_CV ?? 0);
for (const name of SETS) {
  if (cv > 1) crossValidate(name.trim(), cv);
  else benchSet(name.trim());
}
