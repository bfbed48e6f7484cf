import type { SparseVector } from './features.ts';

/** A trained linear scorer over sparse rows: one weight per (feature, class), feature-major for fast scoring. */
export interface LinearModel {
  numClasses: number;
  numFeatures: number;
  /** `weights[f * numClasses + c]`. */
  weights: Float32Array;
  bias: Float32Array;
}

export interface SvmOptions {
  /** Penalty of the squared hinge loss; larger fits the training data harder. */
  c: number;
  /** Value of the constant feature that carries each class's bias. */
  biasFeature: number;
  /** Stop when the projected gradients span less than this (liblinear's `eps`). */
  tolerance: number;
  maxEpochs: number;
  seed: number;
  /** Weigh each class's examples by n / (classes × n_class), so a rare intent is not out-voted by a common one. */
  balanced: boolean;
}

export const DEFAULT_SVM: SvmOptions = { c: 2, biasFeature: 1, tolerance: 0.5, maxEpochs: 300, seed: 7, balanced: true };

/** A model with the dual variables that produced it, so a bigger training set can start from it. */
export interface SvmFit {
  model: LinearModel;
  /** `alpha[row * numClasses + c]`. */
  alpha: Float64Array;
}

/** Rows stacked in compressed sparse row form, for tight training loops. */
export interface SparseMatrix {
  indptr: Int32Array;
  index: Int32Array;
  /** Single precision: training streams the matrix many times and is bound by memory bandwidth. */
  value: Float32Array;
}

/** Small seeded PRNG (mulberry32), so the same data always gives the same model. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stacks sparse rows into one CSR matrix. */
export function stackRows(rows: SparseVector[]): SparseMatrix {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((row, i) => (indptr[i + 1] = (indptr[i] as number) + row.index.length));
  const index = new Int32Array(indptr[rows.length] as number);
  const value = new Float32Array(index.length);
  rows.forEach((row, i) => {
    index.set(row.index, indptr[i]);
    value.set(row.value, indptr[i]);
  });
  return { indptr, index, value };
}

/**
 * One-vs-rest linear SVMs (squared hinge, L2) trained by dual coordinate
 * descent with shrinking — liblinear's default solver. `warmAlpha` (duals of
 * a fit on overlapping rows, mapped to these rows, zero for new ones) starts
 * near the optimum, which makes retraining on similar data cheap. A row
 * labelled `-1` belongs to no class: a negative for every one. Deterministic: the visiting order comes from `options.seed`.
 *
 * @example
 * const { model } = trainLinearSvm(stackRows(rows), labels, 3, vectorizer.size);
 * const scores = scoreRow(model, rows[0]);
 */
export function trainLinearSvm(
  matrix: SparseMatrix,
  labels: ArrayLike<number>,
  numClasses: number,
  numFeatures: number,
  options: SvmOptions = DEFAULT_SVM,
  warmAlpha?: Float64Array,
): SvmFit {
  const n = matrix.indptr.length - 1;
  const weights = new Float32Array(numFeatures * numClasses);
  const bias = new Float32Array(numClasses);
  const alphas = new Float64Array(n * numClasses);
  const { shift, diag } = penalties(matrix, labels, numClasses, options);
  const random = seededRandom(options.seed);
  const w = new Float64Array(numFeatures + 1);
  const alpha = new Float64Array(n);
  const signs = new Int8Array(n);
  for (let c = 0; c < numClasses; c++) {
    for (let i = 0; i < n; i++) signs[i] = labels[i] === c ? 1 : -1;
    w.fill(0);
    for (let i = 0; i < n; i++) alpha[i] = warmAlpha ? (warmAlpha[i * numClasses + c] as number) : 0;
    if (warmAlpha) addRows(matrix, alpha, signs, w, options.biasFeature);
    solveBinary(matrix, { signs, diag, shift, alpha }, w, options, random);
    for (let f = 0; f < numFeatures; f++) weights[f * numClasses + c] = w[f] as number;
    bias[c] = (w[numFeatures] as number) * options.biasFeature;
    for (let i = 0; i < n; i++) alphas[i * numClasses + c] = alpha[i] as number;
  }
  return { model: { numClasses, numFeatures, weights, bias }, alpha: alphas };
}

/** Per-row `1 / (2 C_i)` and the dual Hessian's diagonal `|x_i|² + bias² + 1 / (2 C_i)`. */
function penalties(matrix: SparseMatrix, labels: ArrayLike<number>, numClasses: number, options: SvmOptions) {
  const n = matrix.indptr.length - 1;
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < n; i++) if ((labels[i] as number) >= 0) counts[labels[i] as number] = (counts[labels[i] as number] as number) + 1;
  const shift = new Float64Array(n);
  const diag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels[i] as number;
    const weight = options.balanced && label >= 0 ? n / (numClasses * (counts[label] as number)) : 1;
    shift[i] = 0.5 / (options.c * weight);
    let sum = options.biasFeature ** 2 + (shift[i] as number);
    for (let k = matrix.indptr[i] as number; k < (matrix.indptr[i + 1] as number); k++) sum += (matrix.value[k] as number) ** 2;
    diag[i] = sum;
  }
  return { shift, diag };
}

/** `w = Σ alpha_i · sign_i · x_i`: the primal weights of given duals. */
function addRows(matrix: SparseMatrix, alpha: Float64Array, signs: Int8Array, w: Float64Array, biasValue: number): void {
  const { indptr, index, value } = matrix;
  const biasSlot = w.length - 1;
  for (let i = 0; i < alpha.length; i++) {
    const step = (alpha[i] as number) * (signs[i] as number);
    if (step === 0) continue;
    w[biasSlot] = (w[biasSlot] as number) + step * biasValue;
    for (let k = indptr[i] as number; k < (indptr[i + 1] as number); k++)
      w[index[k] as number] = (w[index[k] as number] as number) + step * (value[k] as number);
  }
}

interface Binary {
  signs: Int8Array;
  diag: Float64Array;
  shift: Float64Array;
  alpha: Float64Array;
}

/**
 * liblinear's `solve_l2r_l1l2_svc` for the squared hinge (alphas unbounded
 * above). Shrinking is bolder than liblinear's: a row whose margin is met is
 * set aside at once, and the closing full pass (`verifying`) brings back any
 * that should not have been — same optimum, about a third fewer row visits.
 */
function solveBinary(matrix: SparseMatrix, problem: Binary, w: Float64Array, options: SvmOptions, random: () => number): void {
  const n = problem.signs.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const out = new Float64Array(2);
  let active = n;
  let verifying = false;
  for (let epoch = 0; epoch < options.maxEpochs; epoch++) {
    shuffle(order, active, random);
    sweep(
      matrix.indptr,
      matrix.index,
      matrix.value,
      problem.signs,
      problem.diag,
      problem.shift,
      problem.alpha,
      w,
      options.biasFeature,
      order,
      active,
      verifying ? Infinity : 0,
      out,
    );
    active = out[0] as number;
    if ((out[1] as number) <= options.tolerance) {
      if (active === n) return;
      active = n;
      verifying = true;
    } else verifying = false;
  }
}

/**
 * One pass of coordinate steps over the first `active` rows of `order`;
 * writes the rows still active and the projected-gradient spread to `out`.
 * Flat arguments, no objects: this loop is most of training, and V8 keeps it
 * optimised only when every access in it is monomorphic.
 */
function sweep(
  indptr: Int32Array,
  index: Int32Array,
  value: Float32Array,
  signs: Int8Array,
  diag: Float64Array,
  shift: Float64Array,
  alpha: Float64Array,
  w: Float64Array,
  biasValue: number,
  order: Int32Array,
  activeRows: number,
  shrinkAbove: number,
  out: Float64Array,
): void {
  const biasSlot = w.length - 1;
  let active = activeRows;
  let maxPg = -Infinity;
  let minPg = Infinity;
  for (let s = 0; s < active; s++) {
    const i = order[s] as number;
    const sign = signs[i] as number;
    const start = indptr[i] as number;
    const end = indptr[i + 1] as number;
    const a = alpha[i] as number;
    let dot = (w[biasSlot] as number) * biasValue;
    for (let k = start; k < end; k++) dot += (w[index[k] as number] as number) * (value[k] as number);
    const g = sign * dot - 1 + a * (shift[i] as number);
    if (a === 0 && g > shrinkAbove) {
      active--;
      order[s--] = order[active] as number;
      order[active] = i;
      continue;
    }
    const pg = a === 0 && g > 0 ? 0 : g;
    if (pg > maxPg) maxPg = pg;
    if (pg < minPg) minPg = pg;
    if (pg > 1e-12 || pg < -1e-12) {
      const next = a - g / (diag[i] as number);
      const clipped = next > 0 ? next : 0;
      alpha[i] = clipped;
      const step = (clipped - a) * sign;
      w[biasSlot] = (w[biasSlot] as number) + step * biasValue;
      for (let k = start; k < end; k++) w[index[k] as number] = (w[index[k] as number] as number) + step * (value[k] as number);
    }
  }
  out[0] = active;
  out[1] = maxPg - minPg;
}

function shuffle(order: Int32Array, length: number, random: () => number): void {
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
}

/** Raw class scores of one row (`w·x + b` per class). */
export function scoreRow(model: LinearModel, row: SparseVector, out = new Float64Array(model.numClasses)): Float64Array {
  const { numClasses, weights, bias } = model;
  for (let c = 0; c < numClasses; c++) out[c] = bias[c] as number;
  for (let k = 0; k < row.index.length; k++) {
    const base = (row.index[k] as number) * numClasses;
    const x = row.value[k] as number;
    for (let c = 0; c < numClasses; c++) out[c] = (out[c] as number) + x * (weights[base + c] as number);
  }
  return out;
}

export interface NaiveBayesOptions {
  /** Additive smoothing of the per-class feature mass. */
  smoothing: number;
  /** How much of the multinomial naive Bayes log-likelihood joins the SVM scores. */
  weight: number;
}

export const DEFAULT_NAIVE_BAYES: NaiveBayesOptions = { smoothing: 0.01, weight: 0.02 };

/**
 * Adds `weight ×` a multinomial naive Bayes log-likelihood (over the same
 * TF-IDF rows) to the model's weights. NB is linear in the row, so the fused
 * model costs nothing more to score; it votes differently from the SVM on
 * rare words, which on Banking77 cross-validation is worth about +0.3 points.
 */
export function addNaiveBayes(
  model: LinearModel,
  matrix: SparseMatrix,
  labels: ArrayLike<number>,
  options: NaiveBayesOptions = DEFAULT_NAIVE_BAYES,
): void {
  const { numClasses, numFeatures, weights } = model;
  const mass = new Float64Array(numFeatures * numClasses);
  const totals = new Float64Array(numClasses);
  for (let i = 0; i + 1 < matrix.indptr.length; i++) {
    const c = labels[i] as number;
    if (c < 0) continue;
    for (let k = matrix.indptr[i] as number; k < (matrix.indptr[i + 1] as number); k++) {
      const cell = (matrix.index[k] as number) * numClasses + c;
      mass[cell] = (mass[cell] as number) + (matrix.value[k] as number);
      totals[c] = (totals[c] as number) + (matrix.value[k] as number);
    }
  }
  const logTotals = Array.from(totals, (t) => Math.log(t + options.smoothing * numFeatures));
  const logLikelihood = new Float64Array(numClasses);
  for (let f = 0; f < numFeatures; f++) {
    let mean = 0;
    for (let c = 0; c < numClasses; c++) {
      logLikelihood[c] = Math.log((mass[f * numClasses + c] as number) + options.smoothing) - (logTotals[c] as number);
      mean += (logLikelihood[c] as number) / numClasses;
    }
    // Centred per feature: only the differences between classes vote, so the SVM's zero stays the class boundary.
    for (let c = 0; c < numClasses; c++)
      weights[f * numClasses + c] = (weights[f * numClasses + c] as number) + options.weight * ((logLikelihood[c] as number) - mean);
  }
}

/** A held-out row's class scores and its true class (`-1`: none of them — off-topic text). */
export interface Scored {
  scores: Float64Array;
  target: number;
}

/** How raw scores become probabilities: `softmax([...scores, noneScore] / temperature)`. */
export interface Calibration {
  temperature: number;
  /** Score of the "none of these" option; `null` when there is none. */
  noneScore: number | null;
}

/**
 * Class probabilities of raw scores, in place. The "none of these" option
 * joins the softmax and keeps its share, so the class probabilities sum to
 * less than 1 when no class claims the message.
 */
export function calibrate(scores: Float64Array, { temperature, noneScore }: Calibration): Float64Array {
  const total = logSumExp(scores, temperature, noneScore);
  for (let c = 0; c < scores.length; c++) scores[c] = Math.exp((scores[c] as number) / temperature - total);
  return scores;
}

function logSumExp(scores: Float64Array, temperature: number, none: number | null): number {
  let max = none === null ? -Infinity : none / temperature;
  for (const s of scores) max = Math.max(max, s / temperature);
  let sum = none === null ? 0 : Math.exp(none / temperature - max);
  for (const s of scores) sum += Math.exp(s / temperature - max);
  return max + Math.log(sum);
}

/**
 * Fits the temperature (and, given off-topic rows, the none score) by
 * minimising the weighted negative log-likelihood of held-out rows — a few
 * rounds of golden-section search on each in turn. Off-topic rows together
 * weigh `offTopicShare` of the in-scope ones: the share of off-topic traffic assumed.
 */
export function fitCalibration(rows: Scored[], offTopicShare: number): Calibration {
  const inScope = rows.filter((r) => r.target >= 0).map(compact);
  const offTopic = rows.filter((r) => r.target < 0).map(compact);
  const offWeight = offTopic.length ? (offTopicShare * inScope.length) / offTopic.length : 0;
  const loss = (t: number, none: number | null) => {
    let total = 0;
    for (const scores of inScope) total += logSumExp(scores, t, none) - (scores[0] as number) / t;
    for (const scores of offTopic) total += offWeight * (logSumExp(scores, t, none) - (none ?? 0) / t);
    return total;
  };
  const fitTemperature = (none: number | null) => Math.exp(goldenSection((x) => loss(Math.exp(x), none), Math.log(0.01), Math.log(10)));
  let temperature = fitTemperature(null);
  if (!offTopic.length || !inScope.length) return { temperature, noneScore: null };
  let noneScore = 0;
  for (let round = 0; round < 3; round++) {
    noneScore = goldenSection((b) => loss(temperature, b), -3, 3);
    temperature = fitTemperature(noneScore);
  }
  return { temperature, noneScore };
}

/** The target's score first, then the 15 best others: the rest add nothing a softmax can see, and the fit runs hundreds of softmaxes. */
function compact({ scores, target }: Scored): Float64Array {
  const others = Array.from(scores).filter((_, c) => c !== target);
  others.sort((a, b) => b - a);
  return Float64Array.from([target >= 0 ? (scores[target] as number) : -Infinity, ...others.slice(0, 15)]);
}

function goldenSection(f: (x: number) => number, low: number, high: number, steps = 25): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [lo, hi] = [low, high];
  for (let step = 0; step < steps; step++) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (f(a) < f(b)) hi = b;
    else lo = a;
  }
  return (lo + hi) / 2;
}
