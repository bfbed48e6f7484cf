import { DEFAULT_FEATURES, fitVectorizer, type FeatureOptions, type SparseVector, type TextView, type Vectorizer } from './features.ts';
import { DEFAULT_SVM, scoreRow, seededRandom, stackRows, trainLinearSvm, type LinearModel, type SvmOptions } from './linear-model.ts';
import { createTextAnalyzer, type TextAnalyzer } from './text.ts';
import type { IntentResult, Lang, NluComponent, Ranked, TrainingData } from './types.ts';

export interface IntentOptions {
  /** Below this calibrated confidence the message is out of scope (`oos`). */
  oosThreshold: number;
  /** How many candidates `ranking` lists. */
  rankingSize: number;
  /** Language of the training examples; `undefined`: `data.lang`, else detected per example. */
  lang?: Lang;
  /** Tokenizer for the training examples; by default one built from `data.dictionary`. */
  analyzer?: TextAnalyzer;
  features: FeatureOptions;
  svm: SvmOptions;
  /** Folds for the held-out scores the temperature is fitted on. */
  folds: number;
  /** Enough held-out rows to fit one number: folds stop once this many are scored. */
  calibrationRows: number;
}

export const DEFAULT_INTENT: IntentOptions = {
  oosThreshold: 0.5,
  rankingSize: 5,
  features: { ...DEFAULT_FEATURES, pairs: 1 },
  svm: { ...DEFAULT_SVM, c: 2 },
  folds: 5,
  calibrationRows: 2000,
};

export interface IntentStats {
  classes: number;
  examples: number;
  features: number;
  trainMs: number;
  /** Softmax temperature fitted on held-out folds (1 when there was too little data). */
  temperature: number;
  oosThreshold: number;
}

export interface IntentModel {
  readonly labels: readonly string[];
  readonly stats: IntentStats;
  predict(message: TextView): IntentResult;
}

interface Example {
  text: TextView;
  label: number;
}

const OOS = 'oos';

/**
 * Trains a workspace's intent classifier: TF-IDF word, word-pair and char
 * n-grams into one-vs-rest linear SVMs, whose scores become probabilities
 * through a softmax temperature fitted on held-out folds. A message whose best
 * probability is under `oosThreshold` is out of scope. FAQ similar questions
 * (`faq:<id>`) are classes like any intent. The same data (in any order)
 * gives the same model.
 *
 * @example
 * const model = trainIntentClassifier({ examples, faqs: [], dictionary: [] });
 * model.predict(analyzer.analyze('where is my parcel')); // { name: 'track_order', confidence: 0.93, … }
 */
export function trainIntentClassifier(data: TrainingData, options: Partial<IntentOptions> = {}): IntentModel {
  const started = performance.now();
  const config = { ...DEFAULT_INTENT, ...options };
  const analyzer = config.analyzer ?? createTextAnalyzer(data.dictionary);
  const { labels, examples } = collectExamples(data, analyzer, config.lang ?? data.lang);
  const vectorizer = fitVectorizer(
    examples.map((e) => e.text),
    config.features,
  );
  const rows = examples.map((e) => vectorizer.transform(e.text));
  const targets = Int32Array.from(examples, (e) => e.label);
  const model = trainLinearSvm(stackRows(rows), targets, labels.length, vectorizer.size, config.svm).model;
  const temperature = labels.length > 1 ? calibrate(rows, targets, labels.length, vectorizer.size, config) : 1;
  const stats: IntentStats = {
    classes: labels.length,
    examples: examples.length,
    features: vectorizer.size,
    trainMs: Math.round(performance.now() - started),
    temperature,
    oosThreshold: config.oosThreshold,
  };
  return { labels, stats, predict: (message) => predictIntent({ labels, vectorizer, model, temperature, config }, message) };
}

/** Every labelled example and FAQ question once, in a canonical order so input order never changes the model. */
function collectExamples(data: TrainingData, analyzer: TextAnalyzer, lang: Lang | undefined): { labels: string[]; examples: Example[] } {
  const pairs = new Map<string, { text: string; label: string }>();
  const add = (text: string, label: string) => {
    if (text.trim() && label && label !== OOS) pairs.set(`${label}\u0000${text}`, { text, label });
  };
  for (const example of data.examples) add(example.text, example.label);
  for (const faq of data.faqs) for (const question of faq.questions) add(question, `faq:${faq.id}`);
  const sorted = [...pairs.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, v]) => v);
  const labels = [...new Set(sorted.map((e) => e.label))];
  const index = new Map(labels.map((label, i) => [label, i]));
  return {
    labels,
    examples: sorted.map((e) => ({ text: analyzer.analyze(e.text, lang), label: index.get(e.label) as number })),
  };
}

interface Fitted {
  labels: readonly string[];
  vectorizer: Vectorizer;
  model: LinearModel;
  temperature: number;
  config: IntentOptions;
}

function predictIntent({ labels, vectorizer, model, temperature, config }: Fitted, message: TextView): IntentResult {
  const row = vectorizer.transform(message);
  if (labels.length === 0 || row.index.length === 0) return { name: OOS, confidence: 1, ranking: [], oos: true };
  const probs = softmax(scoreRow(model, row), temperature);
  const ranking: Ranked[] = Array.from(probs, (confidence, i) => ({ name: labels[i] as string, confidence }))
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, config.rankingSize);
  const best = ranking[0] as Ranked;
  const oos = best.confidence < config.oosThreshold;
  return { name: oos ? OOS : best.name, confidence: oos ? 1 - best.confidence : best.confidence, ranking, oos };
}

/** Softmax of `scores / temperature`, in place. */
export function softmax(scores: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s / temperature);
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = Math.exp((scores[c] as number) / temperature - max);
    sum += scores[c] as number;
  }
  for (let c = 0; c < scores.length; c++) scores[c] = (scores[c] as number) / sum;
  return scores;
}

/** Scores rows held out of stratified folds, then fits the softmax temperature on them. */
function calibrate(rows: SparseVector[], targets: Int32Array, numClasses: number, numFeatures: number, config: IntentOptions): number {
  const fold = assignFolds(targets, config.folds, config.svm.seed);
  const held: { scores: Float64Array; target: number }[] = [];
  for (let f = 0; f < config.folds && held.length < config.calibrationRows; f++) {
    const inside = rows.flatMap((_, i) => (fold[i] === f ? [] : [i]));
    const model = trainLinearSvm(stackRows(inside.map((i) => rows[i] as SparseVector)), Int32Array.from(inside, (i) => targets[i] as number), numClasses, numFeatures, config.svm).model;
    const present = new Set(Array.from(inside, (i) => targets[i]));
    rows.forEach((row, i) => {
      if (fold[i] === f && present.has(targets[i] as number)) held.push({ scores: scoreRow(model, row), target: targets[i] as number });
    });
  }
  return held.length ? fitTemperature(held) : 1;
}

/** Stratified fold numbers: each class's examples are dealt round-robin from a seeded shuffle. */
function assignFolds(targets: Int32Array, folds: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const order = Array.from(targets.keys());
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const dealt = new Map<number, number>();
  const fold = new Int32Array(targets.length);
  for (const i of order) {
    const k = dealt.get(targets[i] as number) ?? 0;
    dealt.set(targets[i] as number, k + 1);
    fold[i] = k % folds;
  }
  return fold;
}

/** The temperature minimising held-out negative log-likelihood (golden-section search on log T). */
export function fitTemperature(held: { scores: Float64Array; target: number }[]): number {
  const loss = (logT: number) => {
    const t = Math.exp(logT);
    let total = 0;
    for (const { scores, target } of held) {
      let max = -Infinity;
      for (const s of scores) max = Math.max(max, s / t);
      let sum = 0;
      for (const s of scores) sum += Math.exp(s / t - max);
      total += max + Math.log(sum) - (scores[target] as number) / t;
    }
    return total;
  };
  let [lo, hi] = [Math.log(0.01), Math.log(10)];
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let step = 0; step < 40; step++) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (loss(a) < loss(b)) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * The pipeline step that sets `message.intent`. `train` retrains on the
 * workspace's data; until then every message is `oos`.
 *
 * @example
 * const pipeline = [tokenizer, intentComponent(), faqRetriever];
 */
export function intentComponent(model: IntentModel | null = null, options: Partial<IntentOptions> = {}): NluComponent {
  let current = model;
  return {
    name: 'intent',
    train(data) {
      current = trainIntentClassifier(data, options);
    },
    process(message) {
      const intent = current ? current.predict(message) : { name: OOS, confidence: 1, ranking: [], oos: true };
      return { ...message, intent };
    },
  };
}
