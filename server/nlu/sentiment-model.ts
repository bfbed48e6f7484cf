import { scoreLexicon } from './sentiment.ts';

/**
 * A trainable sentiment classifier: NBSVM (Wang & Manning, 2012). Each text
 * becomes a set of binary features — character n-grams of the normalised text
 * plus word unigrams and bigrams — scaled by their naive-Bayes log-count ratio,
 * and a linear SVM (L2-regularised squared hinge, liblinear's dual coordinate
 * descent) is fitted on top. Pure TypeScript, no weights shipped: a workspace
 * (or `eval sentiment`) trains it on its own labelled texts.
 */

export interface SentimentModelOptions {
  /** Smallest and largest character n-gram (default 1..3). */
  charNgrams: [number, number];
  /** Word n-grams up to this length (default 2: unigrams and bigrams). */
  wordNgrams: number;
  /** Naive-Bayes smoothing (default 1). */
  alpha: number;
  /** SVM cost; larger fits the training texts more closely (default 1). */
  cost: number;
  /** Passes of coordinate descent at most (default 30). */
  maxEpochs: number;
  /** Scale each text's feature vector to unit length (default true). */
  normalize: boolean;
  /** Add the hand-written lexicon's verdict as features (default true). */
  lexicon: boolean;
}

export interface LabelledText {
  /** Normalised text (see `normalizeText`). */
  normalized: string;
  tokens: string[];
  label: string;
}

export interface ModelPrediction {
  label: string;
  /** Probability-like confidence of each label; they sum to 1. */
  probabilities: Record<string, number>;
}

export interface SentimentModel {
  readonly labels: string[];
  predict(normalized: string, tokens: string[]): ModelPrediction;
}

const DEFAULTS: SentimentModelOptions = { charNgrams: [1, 3], wordNgrams: 2, alpha: 1, cost: 1, maxEpochs: 30, normalize: true, lexicon: true };

/** The distinct features of one text: `c` char n-grams, `w` word n-grams. */
export function extractFeatures(normalized: string, tokens: string[], options: Pick<SentimentModelOptions, 'charNgrams' | 'wordNgrams' | 'lexicon'> = DEFAULTS): Set<string> {
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
    const score = scoreLexicon(normalized, normalized);
    features.add(`Lc${Math.round(score.compound * 4)}`);
    for (const { term, polarity } of score.scored) features.add(`Lt${term}${polarity > 0 ? '+' : polarity < 0 ? '-' : '0'}`);
    const last = score.scored.at(-1);
    if (last) features.add(`Ll${Math.sign(last.polarity)}`);
  }
  return features;
}

interface Encoded {
  vocabulary: Map<string, number>;
  rows: Int32Array[];
}

function encode(examples: LabelledText[], options: SentimentModelOptions): Encoded {
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
  const r = new Float64Array(size);
  for (let j = 0; j < size; j++) r[j] = Math.log(p[j]! / sumP / (q[j]! / sumQ));
  return r;
}

/** A seeded shuffle, so a retrain on the same data gives the same model. */
function shuffle(order: Int32Array, seed: number): void {
  let state = seed >>> 0 || 1;
  for (let i = order.length - 1; i > 0; i--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = (state >>> 0) % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
}

/**
 * L2-regularised L2-loss SVM by dual coordinate descent (Hsieh et al., 2008).
 * Row i has value r[j] at each feature j it contains, plus a constant bias of 1.
 * Returns weights with the bias in the last slot.
 */
function fitSvm(rows: Int32Array[], y: Int8Array, r: Float64Array, scale: Float64Array, cost: number, maxEpochs: number): Float64Array {
  const size = r.length;
  const w = new Float64Array(size + 1);
  const alpha = new Float64Array(rows.length);
  const diag = 1 / (2 * cost);
  const qii = rows.map((row, i) => row.reduce((s, j) => s + r[j]! * r[j]!, 0) * scale[i]! ** 2 + 1 + diag);
  const order = Int32Array.from(rows.keys());
  for (let epoch = 0; epoch < maxEpochs; epoch++) {
    shuffle(order, epoch + 1);
    let maxPg = -Infinity;
    let minPg = Infinity;
    for (const i of order) {
      const row = rows[i]!;
      let dot = 0;
      for (const j of row) dot += w[j]! * r[j]!;
      dot = dot * scale[i]! + w[size]!;
      const yi = y[i]!;
      const g = yi * dot - 1 + diag * alpha[i]!;
      const pg = alpha[i] === 0 ? Math.min(g, 0) : g;
      maxPg = Math.max(maxPg, pg);
      minPg = Math.min(minPg, pg);
      if (Math.abs(pg) < 1e-12) continue;
      const old = alpha[i]!;
      alpha[i] = Math.max(old - g / qii[i]!, 0);
      const step = (alpha[i]! - old) * yi;
      for (const j of row) w[j]! += step * scale[i]! * r[j]!;
      w[size]! += step;
    }
    if (maxPg - minPg < 0.1) break;
  }
  return w;
}

function rowScale(row: ArrayLike<number>, r: Float64Array, normalize: boolean): number {
  if (!normalize) return 1;
  let sum = 0;
  for (let k = 0; k < row.length; k++) sum += r[row[k]!]! ** 2;
  return sum > 0 ? 1 / Math.sqrt(sum) : 1;
}

interface BinaryScorer {
  r: Float64Array;
  /** Per-feature weight already multiplied by its log-count ratio. */
  weights: Float64Array;
  bias: number;
}

function trainBinary(encoded: Encoded, positive: boolean[], options: SentimentModelOptions): BinaryScorer {
  const size = encoded.vocabulary.size;
  const r = logCountRatio(encoded.rows, positive, size, options.alpha);
  const y = Int8Array.from(positive, (p) => (p ? 1 : -1));
  const scale = Float64Array.from(encoded.rows, (row) => rowScale(row, r, options.normalize));
  const w = fitSvm(encoded.rows, y, r, scale, options.cost, options.maxEpochs);
  const weights = new Float64Array(size);
  for (let j = 0; j < size; j++) weights[j] = w[j]! * r[j]!;
  return { weights, bias: w[size]!, r };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Train NBSVM on labelled texts. Two labels give one binary scorer; more give
 * one-vs-rest scorers whose sigmoid outputs are normalised to sum to 1.
 *
 * @example
 * const model = trainSentimentModel(rows.map((r) => ({ ...analyzer.analyze(r.text), label: r.label })));
 * model.predict(normalized, tokens).label; // 'positive'
 */
export function trainSentimentModel(examples: LabelledText[], overrides: Partial<SentimentModelOptions> = {}): SentimentModel {
  const options = { ...DEFAULTS, ...overrides };
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw new Error('a sentiment model needs examples of at least two labels');
  const encoded = encode(examples, options);
  const targets = labels.length === 2 ? [labels[1]!] : labels;
  const scorers = targets.map((label) => trainBinary(encoded, examples.map((e) => e.label === label), options));
  const { vocabulary } = encoded;
  return {
    labels,
    predict(normalized, tokens) {
      const ids: number[] = [];
      for (const feature of extractFeatures(normalized, tokens, options)) {
        const id = vocabulary.get(feature);
        if (id !== undefined) ids.push(id);
      }
      const scores = scorers.map((s) => sigmoid((ids.reduce((sum, id) => sum + s.weights[id]!, 0) * rowScale(ids, s.r, options.normalize) + s.bias) * 2));
      const raw = labels.length === 2 ? [1 - scores[0]!, scores[0]!] : scores;
      const total = raw.reduce((a, b) => a + b, 0) || 1;
      const probabilities = Object.fromEntries(labels.map((label, i) => [label, raw[i]! / total]));
      const best = labels.reduce((a, b) => (probabilities[b]! > probabilities[a]! ? b : a));
      return { label: best, probabilities };
    },
  };
}
