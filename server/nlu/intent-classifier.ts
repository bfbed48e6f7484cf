import {
  DEFAULT_FEATURES,
  fitVectorizer,
  restoreVectorizer,
  type FeatureOptions,
  type SparseVector,
  type TextView,
  type Vectorizer,
  type VectorizerState,
} from './features.ts';
import { calibrate, fitCalibration, type Calibration, type Scored } from './linear-calibration.ts';
import {
  addNaiveBayes,
  DEFAULT_CRAMMER_SINGER,
  DEFAULT_NAIVE_BAYES,
  DEFAULT_SVM,
  scoreRow,
  seededRandom,
  stackRows,
  type LinearModel,
  type NaiveBayesOptions,
  type SparseMatrix,
  type SvmFit,
  type SvmOptions,
} from './linear-model.ts';
import { trainMulticlassSvm } from './linear-multiclass.ts';
import { trainLinearSvm } from './linear-ovr.ts';
import { collectExamples, OFF_TOPIC } from './intent-examples.ts';
import { createTextAnalyzer, type TextAnalyzer } from './text.ts';
import type { IntentResult, Lang, NluComponent, Ranked, TrainingData } from './types.ts';

const OOS = 'oos';

export interface IntentOptions {
  /** Below this calibrated confidence the message is out of scope (`oos`). */
  oosThreshold: number;
  /** Assumed share of off-topic messages: how much the built-in off-topic sentences weigh when the "none" option is fitted (0: no "none" option). */
  offTopicShare: number;
  /** How many candidates `ranking` lists. */
  rankingSize: number;
  /** Language of the training examples; `undefined`: `data.lang`, else detected per example. */
  lang?: Lang;
  /** Tokenizer for the training examples; by default one built from `data.dictionary`. */
  analyzer?: TextAnalyzer;
  features: FeatureOptions;
  /**
   * `one-vs-rest`: one squared-hinge SVM per class (`svm`); `crammer-singer`:
   * all classes on one multi-class hinge loss (`crammerSinger`); `auto`:
   * Crammer–Singer from `crammerSingerFrom` examples per class on, up to `crammerSingerUpTo` examples.
   */
  multiclass: 'auto' | 'crammer-singer' | 'one-vs-rest';
  /**
   * Crammer–Singer ranks better with many examples per class (Banking77,
   * ~130 a class: 5-fold cross-validation 91.7 % against 91.5 %), but with a
   * few per class (the demo bot: ~19) its confidences are lower and more
   * messages end in "did you mean".
   */
  crammerSingerFrom: number;
  /** …and up to this many examples: on 50k product reviews (online_shopping_10_cats) it trained in 473 s against one-vs-rest's 48 s. */
  crammerSingerUpTo: number;
  svm: SvmOptions;
  crammerSinger: SvmOptions;
  naiveBayes: NaiveBayesOptions;
  /** Folds for the held-out scores the calibration is fitted on. */
  folds: number;
  /** Enough held-out rows to fit two numbers: folds stop once this many are scored. */
  calibrationRows: number;
}

export const DEFAULT_INTENT: IntentOptions = {
  oosThreshold: 0.5,
  offTopicShare: 0.25,
  rankingSize: 5,
  features: DEFAULT_FEATURES,
  multiclass: 'auto',
  crammerSingerFrom: 50,
  crammerSingerUpTo: 20000,
  svm: DEFAULT_SVM,
  crammerSinger: DEFAULT_CRAMMER_SINGER,
  naiveBayes: DEFAULT_NAIVE_BAYES,
  folds: 5,
  calibrationRows: 1500,
};

export interface IntentStats {
  classes: number;
  examples: number;
  features: number;
  trainMs: number;
  /** Softmax temperature fitted on held-out folds (1 when there was too little data). */
  temperature: number;
  /** Score of the fitted "none of these" option (`null`: none). */
  noneScore: number | null;
  /** The loss `multiclass: 'auto'` settled on. */
  multiclass: 'crammer-singer' | 'one-vs-rest';
  oosThreshold: number;
}

export interface IntentModel {
  readonly labels: readonly string[];
  readonly stats: IntentStats;
  predict(message: TextView): IntentResult;
  /** Plain data (typed arrays, maps): train in a worker thread, predict in the main one (`restoreIntentModel`). */
  exportData(): IntentModelData;
}

export interface IntentModelData {
  labels: string[];
  stats: IntentStats;
  vectorizer: VectorizerState;
  model: LinearModel;
  calibration: Calibration;
  config: Omit<IntentOptions, 'analyzer'>;
}

/** The model `exportData` described, ready to predict. */
export function restoreIntentModel(data: IntentModelData): IntentModel {
  const fitted: Fitted = { ...data, vectorizer: restoreVectorizer(data.vectorizer), config: data.config as IntentOptions };
  return { labels: data.labels, stats: data.stats, predict: (message) => predictIntent(fitted, message), exportData: () => data };
}

/**
 * Trains a workspace's intent classifier: TF-IDF word, word-pair and char
 * n-grams into linear SVMs — Crammer–Singer multi-class when there are
 * many examples per class, else one-vs-rest — with naive Bayes folded in, whose
 * scores become probabilities through a softmax fitted on held-out folds and
 * on built-in off-topic lines, with a "none of these" option. A message whose
 * best probability is under `oosThreshold` is out of scope. FAQ similar
 * questions (`faq:<id>`) are classes like any intent. The same data, in any
 * order, gives the same model.
 *
 * @example
 * const model = trainIntentClassifier({ examples, faqs: [], dictionary: [] });
 * model.predict(analyzer.analyze('where is my parcel')); // { name: 'track_order', confidence: 0.93, … }
 */
export function trainIntentClassifier(data: TrainingData, options: Partial<IntentOptions> = {}): IntentModel {
  const started = performance.now();
  let config: IntentOptions = { ...DEFAULT_INTENT, ...options };
  const analyzer = config.analyzer ?? createTextAnalyzer(data.dictionary);
  const { labels, examples } = collectExamples(data, analyzer, config.lang ?? data.lang);
  config = chooseMulticlass(config, examples.length, labels.length);
  const known = new Set(examples.map((e) => e.text.normalized));
  const offTopic = config.offTopicShare > 0 ? OFF_TOPIC.map((line) => analyzer.analyze(line)).filter((t) => !known.has(t.normalized)) : [];
  const { vectorizer, rows } = fitVectorizer([...examples.map((e) => e.text), ...offTopic], config.features);
  const targets = Int32Array.from(rows, (_, i) => examples[i]?.label ?? -1);
  const problem = { rows, targets, numClasses: labels.length, numFeatures: vectorizer.size };
  const held = labels.length > 1 ? scoreHeldOut(problem, examples.length, config) : null;
  const fit = trainFused(stackRows(rows), targets, problem, config, held?.warmAlpha);
  const calibration = held?.scored.length ? fitCalibration(held.scored, config.offTopicShare) : { temperature: 1, noneScore: null };
  const stats: IntentStats = {
    classes: labels.length,
    examples: examples.length,
    features: vectorizer.size,
    trainMs: Math.round(performance.now() - started),
    ...calibration,
    multiclass: config.multiclass === 'crammer-singer' ? 'crammer-singer' : 'one-vs-rest',
    oosThreshold: config.oosThreshold,
  };
  const { analyzer: _analyzer, ...plainConfig } = config;
  return restoreIntentModel({ labels: [...labels], stats, vectorizer: vectorizer.state, model: fit.model, calibration, config: plainConfig });
}

interface Problem {
  /** The examples' rows, then the off-topic lines' rows. */
  rows: SparseVector[];
  /** Class of each row; `-1` for off-topic lines. */
  targets: Int32Array;
  numClasses: number;
  numFeatures: number;
}

/** The SVM with naive Bayes folded into its weights. */
function trainFused(
  matrix: SparseMatrix,
  targets: Int32Array,
  { numClasses, numFeatures }: Problem,
  config: IntentOptions,
  warmAlpha?: Float64Array,
): SvmFit {
  const fit =
    config.multiclass === 'crammer-singer'
      ? trainMulticlassSvm(matrix, targets, numClasses, numFeatures, config.crammerSinger, warmAlpha)
      : trainLinearSvm(matrix, targets, numClasses, numFeatures, config.svm, warmAlpha);
  if (config.naiveBayes.weight > 0) addNaiveBayes(fit.model, matrix, targets, config.naiveBayes);
  return fit;
}

/** `auto` settled once for the whole training (fold models and the final one must use the same loss: one warm-starts the other). */
function chooseMulticlass(config: IntentOptions, examples: number, classes: number): IntentOptions {
  if (config.multiclass !== 'auto') return config;
  const many = examples >= config.crammerSingerFrom * classes && examples <= config.crammerSingerUpTo;
  return { ...config, multiclass: many ? 'crammer-singer' : 'one-vs-rest' };
}

interface Fitted {
  labels: readonly string[];
  vectorizer: Vectorizer;
  model: LinearModel;
  calibration: Calibration;
  config: IntentOptions;
}

function predictIntent({ labels, vectorizer, model, calibration, config }: Fitted, message: TextView): IntentResult {
  const row = vectorizer.transform(message);
  if (labels.length === 0 || row.index.length === 0) return { name: OOS, confidence: 1, ranking: [], oos: true };
  const probs = calibrate(scoreRow(model, row), calibration);
  const ranking: Ranked[] = Array.from(probs, (confidence, i) => ({ name: labels[i] as string, confidence }))
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, config.rankingSize);
  const best = ranking[0] as Ranked;
  const oos = best.confidence < config.oosThreshold;
  return { name: oos ? OOS : best.name, confidence: oos ? 1 - best.confidence : best.confidence, ranking, oos };
}

interface HeldOut {
  scored: Scored[];
  /** The first fold model's duals, mapped to all rows: a warm start for the full fit. */
  warmAlpha: Float64Array;
}

/**
 * Scores examples held out of stratified folds with models that never saw
 * them (folds stop once `calibrationRows` are scored). The off-topic lines
 * are split in two: every fold model learns from one half as negatives and
 * scores the other.
 */
function scoreHeldOut(problem: Problem, numExamples: number, config: IntentOptions): HeldOut {
  const { rows, targets, numClasses } = problem;
  const fold = assignFolds(targets.subarray(0, numExamples), config.folds, config.svm.seed);
  const scored: Scored[] = [];
  const warmAlpha = new Float64Array(rows.length * numClasses);
  const learnt = rows.flatMap((_, i) => (i >= numExamples && (i - numExamples) % 2 === 0 ? [i] : []));
  for (let f = 0; f < config.folds && scored.length < config.calibrationRows; f++) {
    const inside = [...fold.keys()].filter((i) => fold[i] !== f).concat(learnt);
    const insideTargets = Int32Array.from(inside, (i) => targets[i] as number);
    const fit = trainFused(stackRows(inside.map((i) => rows[i] as SparseVector)), insideTargets, problem, config);
    if (f === 0) inside.forEach((row, j) => warmAlpha.set(fit.alpha.subarray(j * numClasses, (j + 1) * numClasses), row * numClasses));
    const present = new Set(insideTargets);
    rows.forEach((row, i) => {
      const heldOut = i < numExamples ? fold[i] === f && present.has(targets[i] as number) : (i - numExamples) % 2 === 1;
      if (heldOut) scored.push({ scores: scoreRow(fit.model, row), target: targets[i] as number });
    });
  }
  return { scored, warmAlpha };
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
