import { scoreLexicon, type LexiconScore } from './sentiment.ts';

/**
 * A trainable sentiment classifier in the NBSVM family (Wang & Manning, 2012).
 * Each text becomes a set of binary features — character n-grams of the
 * normalised text, word unigrams and bigrams, and the hand-written lexicon's
 * verdict — scaled by their naive-Bayes log-count ratio and normalised to unit
 * length. A logistic regression is fitted on top by AdaGrad with dropout on the
 * features (Wang & Manning, 2013), which generalises better than the original
 * SVM on review data. Pure TypeScript, no weights shipped: a workspace (or
 * `eval sentiment`) trains it on its own labelled texts.
 */

export interface SentimentModelOptions {
  /** Smallest and largest character n-gram (default 1..3). */
  charNgrams: [number, number];
  /** Word n-grams up to this length (default 2: unigrams and bigrams). */
  wordNgrams: number;
  /** Add the hand-written lexicon's verdict as features (default true). */
  lexicon: boolean;
  /** Naive-Bayes smoothing (default 1). */
  alpha: number;
  /** Passes over the training texts (default 15). */
  epochs: number;
  /** AdaGrad step (default 0.2). */
  learningRate: number;
  /** Share of a text's features hidden at each step (default 0.5). */
  dropout: number;
  /** L2 penalty on the weights a step touches (default 1e-6). */
  l2: number;
  /** Fits from different seeds whose weights are averaged: steadier, as fast to predict (default 3). */
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

const DEFAULTS: SentimentModelOptions = {
  charNgrams: [1, 3],
  wordNgrams: 2,
  lexicon: true,
  alpha: 1,
  epochs: 15,
  learningRate: 0.2,
  dropout: 0.5,
  l2: 1e-6,
  runs: 3,
  seed: 7,
};

type FeatureOptions = Pick<SentimentModelOptions, 'charNgrams' | 'wordNgrams' | 'lexicon'>;

/** The distinct features of one text: `c` char n-grams, `w` word n-grams, `L` lexicon verdict. */
export function extractFeatures(normalized: string, tokens: string[], options: FeatureOptions = DEFAULTS, lexicon?: LexiconScore): Set<string> {
  const features = new Set<string>();
  const [min, max] = options.charNgrams;
  const text = normalized.replace(/\s+/g, ' ');
  for (let i = 0; i < text.length; i++) {
    for (let n = min; n <= max && i + n <= text.length; n++) features.add(`c${text.slice(i, i + n)}`);
  }
  for (let i = 0; i < tokens.length; i++) {
    let gram = 'w';
    for (let n = 0; n < options.wordNgrams && i + n < tokens.length; n++) {
      gram += n ? ` ${tokens[i + n]}` : tokens[i + n];
      features.add(gram);
    }
  }
  if (options.lexicon) {
    const score = lexicon ?? scoreLexicon(normalized, normalized);
    features.add(`Lc${Math.round(score.compound * 4)}`);
    for (const { term, polarity } of score.scored) features.add(`Lt${term}${polarity > 0 ? '+' : polarity < 0 ? '-' : '0'}`);
    const last = score.scored.at(-1);
    if (last) features.add(`Ll${Math.sign(last.polarity)}`);
  }
  return features;
}

function encode(examples: LabelledText[], options: FeatureOptions): { vocabulary: Map<string, number>; rows: Int32Array[] } {
  const vocabulary = new Map<string, number>();
  const rows = examples.map((example) => {
    const ids: number[] = [];
    for (const feature of extractFeatures(example.normalized, example.tokens, options)) {
      let id = vocabulary.get(feature);
      if (id === undefined) vocabulary.set(feature, (id = vocabulary.size));
      ids.push(id);
    }
    return Int32Array.from(ids);
  });
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

/** Logistic regression by AdaGrad with (inverted) dropout; returns weights with the bias in the last slot. */
function fitLogistic(rows: Int32Array[], values: Float64Array[], positive: boolean[], size: number, options: SentimentModelOptions): Float64Array {
  const w = new Float64Array(size + 1);
  const squares = new Float64Array(size + 1).fill(1e-8);
  /** Weights averaged over the second half of the passes: steadier than the last pass alone. */
  const average = new Float64Array(size + 1);
  const random = seededRandom(options.seed);
  const keep = 1 - options.dropout;
  const order = Int32Array.from(rows.keys());
  const kept: number[] = [];
  const step = (j: number, gradient: number) => {
    squares[j]! += gradient * gradient;
    w[j]! -= (options.learningRate * gradient) / Math.sqrt(squares[j]!);
  };
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const row = rows[i]!;
      const value = values[i]!;
      kept.length = 0;
      let z = w[size]!;
      for (let k = 0; k < row.length; k++) {
        if (random() >= keep) continue;
        kept.push(k);
        z += (w[row[k]!]! * value[k]!) / keep;
      }
      const error = 1 / (1 + Math.exp(-z)) - (positive[i] ? 1 : 0);
      for (const k of kept) step(row[k]!, (error * value[k]!) / keep + options.l2 * w[row[k]!]!);
      step(size, error);
    }
    if (epoch >= options.epochs / 2) for (let j = 0; j <= size; j++) average[j]! += w[j]!;
  }
  const passes = options.epochs - Math.ceil(options.epochs / 2);
  return passes > 0 ? average.map((x) => x / passes) : w;
}

interface BinaryScorer {
  r: Float64Array;
  w: Float64Array;
}

function score(scorer: BinaryScorer, ids: number[]): number {
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
  const options = { ...DEFAULTS, ...overrides };
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
      const ids: number[] = [];
      for (const feature of extractFeatures(normalized, tokens, options, lexicon)) {
        const id = vocabulary.get(feature);
        if (id !== undefined) ids.push(id);
      }
      const scores = scorers.map((scorer) => score(scorer, ids));
      const raw = labels.length === 2 ? [1 - scores[0]!, scores[0]!] : scores;
      const total = raw.reduce((a, b) => a + b, 0) || 1;
      const probabilities = Object.fromEntries(labels.map((label, i) => [label, raw[i]! / total]));
      const best = labels.reduce((a, b) => (probabilities[b]! > probabilities[a]! ? b : a));
      return { label: best, probabilities };
    },
  };
}
