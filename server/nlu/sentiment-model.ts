import type { LexiconScore } from './sentiment.ts';
import { featureHashes, type FeatureOptions } from './sentiment-features.ts';

/**
 * A trainable sentiment classifier in the NBSVM family (Wang & Manning, 2012).
 * Each text becomes a set of binary features (see `featureHashes`: character
 * n-grams, word unigrams and bigrams, the first clause's character n-grams
 * marked apart, and the hand-written lexicon's verdict), scaled by their
 * naive-Bayes log-count ratio and normalised to unit length. A logistic
 * regression is fitted on top by AdaGrad with dropout on the features (Wang &
 * Manning, 2013), which generalises better than the original SVM on review
 * data. Pure TypeScript, no weights shipped: a workspace (or `eval sentiment`)
 * trains it on its own labelled texts.
 */
export interface SentimentModelOptions extends FeatureOptions {
  /** Naive-Bayes smoothing (default 1). */
  alpha: number;
  /** Passes over the training texts (default 10). */
  epochs: number;
  /** AdaGrad step (default 0.2). */
  learningRate: number;
  /** Share of a text's features hidden at each step (default 0.5). */
  dropout: number;
  /** L2 penalty on the weights a step touches (default 1e-6). */
  l2: number;
  /** Fits from different seeds whose weights are averaged (default 1: more did not help in cross-validation). */
  runs: number;
  seed: number;
}

export interface LabelledText {
  /** Normalised text (see `normalizeText`). */
  normalized: string;
  tokens: string[];
  label: string;
}

export interface ModelPrediction {
  label: string;
  /** Probability of each label; they sum to 1. */
  probabilities: Record<string, number>;
}

export interface SentimentModel {
  readonly labels: string[];
  /** `lexicon`: the message's lexicon score when the caller has it (saves scoring twice). */
  predict(normalized: string, tokens: string[], lexicon?: LexiconScore): ModelPrediction;
}

/** Chosen by 5-fold cross-validation on the train splits of ChnSentiCorp (+dev), waimai_10k and online_shopping_10_cats. */
export const DEFAULT_SENTIMENT_MODEL: SentimentModelOptions = {
  charNgrams: [1, 3],
  wordNgrams: 2,
  firstClause: 3,
  lexicon: true,
  alpha: 1,
  epochs: 10,
  learningRate: 0.2,
  dropout: 0.5,
  l2: 1e-6,
  runs: 1,
  seed: 7,
};

/** Feature hashes to dense ids; `grow` adds unseen hashes (training), otherwise they are dropped. Each id once, ascending. */
function toIds(hashes: number[], vocabulary: Map<number, number>, grow: boolean): Int32Array {
  const ids = new Int32Array(hashes.length);
  let n = 0;
  for (const hash of hashes) {
    let id = vocabulary.get(hash);
    if (id === undefined) {
      if (!grow) continue;
      vocabulary.set(hash, (id = vocabulary.size));
    }
    ids[n++] = id;
  }
  const sorted = ids.subarray(0, n).sort();
  let distinct = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[distinct++] = sorted[k]!;
  return sorted.slice(0, distinct);
}

function encode(examples: LabelledText[], options: FeatureOptions): { vocabulary: Map<number, number>; rows: Int32Array[] } {
  const vocabulary = new Map<number, number>();
  const rows = examples.map((example) => toIds(featureHashes(example.normalized, example.tokens, options), vocabulary, true));
  return { vocabulary, rows };
}

/** Log-count ratio r = log((p/|p|) / (q/|q|)) of each feature for `positive` vs the rest. */
function logCountRatio(rows: Int32Array[], positive: boolean[], size: number, alpha: number): Float64Array {
  const p = new Float64Array(size).fill(alpha);
  const q = new Float64Array(size).fill(alpha);
  rows.forEach((row, i) => {
    const counts = positive[i] ? p : q;
    for (const id of row) counts[id]! += 1;
  });
  const sumP = p.reduce((a, b) => a + b, 0);
  const sumQ = q.reduce((a, b) => a + b, 0);
  return Float64Array.from(p, (pj, j) => Math.log(pj / sumP / (q[j]! / sumQ)));
}

/** A text's feature values: r of each feature it has, scaled to unit length. */
function rowValues(ids: ArrayLike<number>, r: Float64Array): Float64Array {
  const values = new Float64Array(ids.length);
  let sum = 0;
  for (let k = 0; k < ids.length; k++) sum += (values[k] = r[ids[k]!]!) ** 2;
  const scale = sum > 0 ? 1 / Math.sqrt(sum) : 1;
  for (let k = 0; k < values.length; k++) values[k]! *= scale;
  return values;
}

/** xorshift32: a seeded generator, so a retrain on the same data gives the same model. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function shuffle(order: Int32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

interface Fit {
  /** Weights, the bias in the last slot. */
  w: Float64Array;
  /** AdaGrad's running sums of squared gradients. */
  squares: Float64Array;
  /** Scratch: positions of the features a step keeps. */
  kept: Int32Array;
  random: () => number;
  keep: number;
  rate: number;
  l2: number;
}

/** One AdaGrad step on one text, a random share of its features hidden (inverted dropout). */
function step(fit: Fit, row: Int32Array, value: Float64Array, target: number): void {
  const { w, squares, kept, random, keep, rate, l2 } = fit;
  const bias = w.length - 1;
  let n = 0;
  let z = w[bias]!;
  for (let k = 0; k < row.length; k++) {
    if (random() >= keep) continue;
    kept[n++] = k;
    z += (w[row[k]!]! * value[k]!) / keep;
  }
  const error = 1 / (1 + Math.exp(-z)) - target;
  for (let a = 0; a < n; a++) {
    const k = kept[a]!;
    const j = row[k]!;
    const gradient = (error * value[k]!) / keep + l2 * w[j]!;
    squares[j]! += gradient * gradient;
    w[j]! -= (rate * gradient) / Math.sqrt(squares[j]!);
  }
  squares[bias]! += error * error;
  w[bias]! -= (rate * error) / Math.sqrt(squares[bias]!);
}

/** Logistic regression by AdaGrad with dropout; returns weights with the bias in the last slot. */
function fitLogistic(rows: Int32Array[], values: Float64Array[], positive: boolean[], size: number, options: SentimentModelOptions): Float64Array {
  const fit: Fit = {
    w: new Float64Array(size + 1),
    squares: new Float64Array(size + 1).fill(1e-8),
    kept: new Int32Array(rows.reduce((most, row) => Math.max(most, row.length), 0)),
    random: seededRandom(options.seed),
    keep: 1 - options.dropout,
    rate: options.learningRate,
    l2: options.l2,
  };
  /** Weights averaged over the second half of the passes: steadier than the last pass alone. */
  const average = new Float64Array(size + 1);
  const order = Int32Array.from(rows.keys());
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, fit.random);
    for (const i of order) step(fit, rows[i]!, values[i]!, positive[i] ? 1 : 0);
    if (epoch >= options.epochs / 2) for (let j = 0; j <= size; j++) average[j]! += fit.w[j]!;
  }
  const passes = options.epochs - Math.ceil(options.epochs / 2);
  return passes > 0 ? average.map((x) => x / passes) : fit.w;
}

interface BinaryScorer {
  r: Float64Array;
  w: Float64Array;
}

function score(scorer: BinaryScorer, ids: Int32Array): number {
  const values = rowValues(ids, scorer.r);
  let z = scorer.w[scorer.r.length]!;
  for (let k = 0; k < ids.length; k++) z += scorer.w[ids[k]!]! * values[k]!;
  return 1 / (1 + Math.exp(-z));
}

/**
 * Train the model on labelled texts. Two labels give one binary scorer; more
 * give one-vs-rest scorers whose probabilities are normalised to sum to 1.
 *
 * @example
 * const model = trainSentimentModel(rows.map((r) => ({ ...analyzer.analyze(r.text), label: r.label })));
 * model.predict(normalized, tokens).label; // 'positive'
 */
export function trainSentimentModel(examples: LabelledText[], overrides: Partial<SentimentModelOptions> = {}): SentimentModel {
  const options = { ...DEFAULT_SENTIMENT_MODEL, ...overrides };
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw new Error('a sentiment model needs examples of at least two labels');
  const { vocabulary, rows } = encode(examples, options);
  const targets = labels.length === 2 ? [labels[1]!] : labels;
  const scorers = targets.map((label): BinaryScorer => {
    const positive = examples.map((e) => e.label === label);
    const r = logCountRatio(rows, positive, vocabulary.size, options.alpha);
    const values = rows.map((row) => rowValues(row, r));
    const w = new Float64Array(vocabulary.size + 1);
    for (let run = 0; run < options.runs; run++) {
      const fitted = fitLogistic(rows, values, positive, vocabulary.size, { ...options, seed: options.seed + run });
      for (let j = 0; j < w.length; j++) w[j]! += fitted[j]! / options.runs;
    }
    return { r, w };
  });
  return {
    labels,
    predict(normalized, tokens, lexicon) {
      const ids = toIds(featureHashes(normalized, tokens, options, lexicon), vocabulary, false);
      const scores = scorers.map((scorer) => score(scorer, ids));
      const raw = labels.length === 2 ? [1 - scores[0]!, scores[0]!] : scores;
      const total = raw.reduce((a, b) => a + b, 0) || 1;
      const probabilities = Object.fromEntries(labels.map((label, i) => [label, raw[i]! / total]));
      const best = labels.reduce((a, b) => (probabilities[b]! > probabilities[a]! ? b : a));
      return { label: best, probabilities };
    },
  };
}
