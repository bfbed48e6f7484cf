import { rowPenalties, rowSquaredNorms, seededRandom, shuffle, type SparseMatrix, type SvmFit, type SvmOptions } from './linear-model.ts';

/**
 * Crammer–Singer multi-class linear SVM (L2-regularised, hinge on the margin
 * between the true class and the best other one), trained by dual coordinate
 * descent with shrinking: liblinear's `Solver_MCSVM_CS`. All classes learn
 * together, so their scores are comparable without a per-class bias to
 * balance — what one-vs-rest gets wrong on near-synonymous intents
 * ("card arrival" vs "card delivery estimate").
 *
 * `warmAlpha` (duals of a fit on overlapping rows, mapped to these rows, zero
 * for new ones) starts near the optimum. Rows labelled `-1` (off-topic lines)
 * belong to no class: they take no part here. Deterministic for a seed.
 *
 * @example
 * const { model } = trainMulticlassSvm(stackRows(rows), labels, 3, vectorizer.size, DEFAULT_CRAMMER_SINGER);
 * const scores = scoreRow(model, rows[0]);
 */
export function trainMulticlassSvm(
  matrix: SparseMatrix,
  labels: ArrayLike<number>,
  numClasses: number,
  numFeatures: number,
  options: SvmOptions,
  warmAlpha?: Float64Array,
): SvmFit {
  const K = numClasses;
  const n = labels.length;
  const alpha = warmAlpha ? Float64Array.from(warmAlpha) : new Float64Array(n * K);
  const w = new Float32Array((numFeatures + 1) * K);
  if (warmAlpha) addDuals(matrix, alpha, K, options.biasFeature, w);
  const state: SolverState = {
    matrix,
    w,
    alpha,
    cost: rowPenalties(labels, K, options),
    qd: rowSquaredNorms(matrix, options.biasFeature),
    alphaIndex: Int32Array.from({ length: n * K }, (_, j) => j % K),
    activeClasses: new Int32Array(n),
    truePos: Int32Array.from({ length: n }, (_, i) => labels[i] as number),
  };
  const labelled = Int32Array.from(Array.from({ length: n }, (_, i) => i).filter((i) => (labels[i] as number) >= 0));
  solve(state, labelled, K, options, warmAlpha !== undefined);
  const weights = Float32Array.from(w.subarray(0, numFeatures * K));
  const bias = Float32Array.from(w.subarray(numFeatures * K), (x) => x * options.biasFeature);
  return { model: { numClasses: K, numFeatures, weights, bias }, alpha };
}

interface SolverState {
  matrix: SparseMatrix;
  /** `w[f * K + c]`; the bias feature's weights last. Single precision: half the memory traffic, and a loose tolerance needs no more. */
  w: Float32Array;
  /** `alpha[i * K + c]`: ≤ 0 for other classes, ≤ `cost[i]` for the true one, summing to 0 per row. */
  alpha: Float64Array;
  cost: Float64Array;
  qd: Float64Array;
  /** Per row, its classes with the still-active ones first. */
  alphaIndex: Int32Array;
  activeClasses: Int32Array;
  /** Position of the true class in the row's `alphaIndex` (≥ active count: shrunk). */
  truePos: Int32Array;
}

/** `w += Σ alpha_ic · x_i` over all rows and classes. */
function addDuals(matrix: SparseMatrix, alpha: Float64Array, K: number, biasValue: number, w: Float32Array): void {
  const biasBase = w.length - K;
  for (let i = 0; i + 1 < matrix.indptr.length; i++) {
    for (let c = 0; c < K; c++) {
      const a = alpha[i * K + c] as number;
      if (a === 0) continue;
      w[biasBase + c] = (w[biasBase + c] as number) + a * biasValue;
      for (let k = matrix.indptr[i] as number; k < (matrix.indptr[i + 1] as number); k++) {
        const j = (matrix.index[k] as number) * K + c;
        w[j] = (w[j] as number) + a * (matrix.value[k] as number);
      }
    }
  }
}

/**
 * liblinear's outer loop: epochs over the active rows in a seeded order;
 * rows and classes whose duals sit at a bound with a clearly worse gradient
 * are set aside, and once the active problem is solved to `epsShrink` every
 * row gets all its classes back for a check. A warm start begins at the
 * final tolerance: its duals are already close.
 */
function solve(state: SolverState, labelled: Int32Array, K: number, options: SvmOptions, warm: boolean): void {
  const { tolerance } = options;
  const random = seededRandom(options.seed);
  const order = Int32Array.from(labelled);
  const out = new Float64Array(2);
  const scratch = new Float64Array(6 * K);
  const cls = new Int32Array(K);
  const restore = () => labelled.forEach((i) => (state.activeClasses[i] = K));
  restore();
  let epsShrink = warm ? tolerance : Math.max(10 * tolerance, 1);
  let startFromAll = true;
  let active = order.length;
  for (let epoch = 0; epoch < options.maxEpochs; epoch++) {
    shuffle(order, active, random);
    const { matrix, w, alpha, alphaIndex, activeClasses, truePos, cost, qd } = state;
    sweep(
      matrix.indptr,
      matrix.index,
      matrix.value,
      w,
      alpha,
      alphaIndex,
      activeClasses,
      truePos,
      cost,
      qd,
      order,
      active,
      K,
      options.biasFeature,
      scratch,
      cls,
      out,
    );
    active = out[0] as number;
    const spread = out[1] as number;
    if (spread < epsShrink) {
      if (spread < tolerance && startFromAll) return;
      active = order.length;
      restore();
      epsShrink = Math.max(epsShrink / 2, tolerance);
      startFromAll = true;
    } else startFromAll = false;
  }
}

/**
 * One epoch over the first `activeRows` rows of `order`: for each row, the
 * gradients of its active classes, shrinking, the row's sub-problem (solved
 * exactly by sorting) and the weight update. Writes the rows still active
 * and the largest gradient spread to `out`. Flat arguments and one scratch
 * array keep every access monomorphic: this loop is most of training.
 */
function sweep(
  indptr: Int32Array,
  index: Int32Array,
  value: Float32Array,
  w: Float32Array,
  alpha: Float64Array,
  alphaIndex: Int32Array,
  activeClasses: Int32Array,
  truePos: Int32Array,
  cost: Float64Array,
  qd: Float64Array,
  order: Int32Array,
  activeRows: number,
  K: number,
  biasValue: number,
  scratch: Float64Array,
  cls: Int32Array,
  out: Float64Array,
): void {
  // scratch: gradient [0, K), alpha [K, 2K), B [2K, 3K), sorted D [3K, 4K), step [4K, 5K), scores [5K, 6K)
  const biasBase = w.length - K;
  let active = activeRows;
  let stopping = -Infinity;
  for (let s = 0; s < active; s++) {
    const i = order[s] as number;
    const base = i * K;
    const start = indptr[i] as number;
    const end = indptr[i + 1] as number;
    const before = activeClasses[i] as number;
    let y = truePos[i] as number;
    if (before === K) fullScores(index, value, w, start, end, K, biasValue, scratch);
    for (let m = 0; m < before; m++) {
      const c = alphaIndex[base + m] as number;
      cls[m] = c;
      scratch[K + m] = alpha[base + c] as number;
      scratch[m] = (m === y ? 0 : 1) + (before === K ? (scratch[5 * K + c] as number) : (w[biasBase + c] as number) * biasValue);
    }
    for (let k = start; before < K && k < end; k++) {
      const row = (index[k] as number) * K;
      const x = value[k] as number;
      for (let m = 0; m < before; m++) scratch[m] = (scratch[m] as number) + (w[row + (cls[m] as number)] as number) * x;
    }
    const ci = cost[i] as number;
    const spread = shrinkClasses(scratch, cls, before, y, ci, K, out);
    const act = out[0] as number;
    y = out[1] as number;
    if (act !== before) for (let m = 0; m < before; m++) alphaIndex[base + m] = cls[m] as number;
    activeClasses[i] = act;
    truePos[i] = y;
    if (act <= 1) {
      active--;
      order[s--] = order[active] as number;
      order[active] = i;
      continue;
    }
    if (spread <= 1e-12) continue;
    if (spread > stopping) stopping = spread;
    const changed = solveSubProblem(scratch, cls, act, y, qd[i] as number, ci, K);
    for (let m = 0; m < changed; m++) {
      const c = cls[m] as number;
      alpha[base + c] = (alpha[base + c] as number) + (scratch[4 * K + m] as number);
      w[biasBase + c] = (w[biasBase + c] as number) + (scratch[4 * K + m] as number) * biasValue;
    }
    for (let k = start; k < end; k++) {
      const row = (index[k] as number) * K;
      const x = value[k] as number;
      for (let m = 0; m < changed; m++) w[row + (cls[m] as number)] = (w[row + (cls[m] as number)] as number) + (scratch[4 * K + m] as number) * x;
    }
  }
  out[0] = active;
  out[1] = stopping;
}

/** Every class's score of one row into `scratch[5K…]`, in class order: a straight pass over each feature's weights. */
function fullScores(
  index: Int32Array,
  value: Float32Array,
  w: Float32Array,
  start: number,
  end: number,
  K: number,
  biasValue: number,
  scratch: Float64Array,
): void {
  const biasBase = w.length - K;
  const at = 5 * K;
  for (let c = 0; c < K; c++) scratch[at + c] = (w[biasBase + c] as number) * biasValue;
  for (let k = start; k < end; k++) {
    const row = (index[k] as number) * K;
    const x = value[k] as number;
    for (let c = 0; c < K; c++) scratch[at + c] = (scratch[at + c] as number) + (w[row + c] as number) * x;
  }
}

/**
 * Moves the row's classes that are at their bound with a gradient below the
 * smallest free one behind the active ones (liblinear's `be_shrunk`). Writes
 * the new active count and true-class position to `out`; returns the
 * gradient spread of the row.
 */
function shrinkClasses(scratch: Float64Array, cls: Int32Array, count: number, y: number, ci: number, K: number, out: Float64Array): number {
  let minG = Infinity;
  let maxG = -Infinity;
  for (let m = 0; m < count; m++) {
    const g = scratch[m] as number;
    if ((scratch[K + m] as number) < 0 && g < minG) minG = g;
    if (g > maxG) maxG = g;
  }
  if (y < count && (scratch[K + y] as number) < ci && (scratch[y] as number) < minG) minG = scratch[y] as number;
  let act = count;
  for (let m = 0; m < act; m++) {
    if (!atBound(scratch, m, y, ci, K, minG)) continue;
    act--;
    while (act > m && atBound(scratch, act, y, ci, K, minG)) act--;
    if (act === m) break;
    swap(scratch, m, act, K, cls);
    if (y === act) y = m;
    else if (y === m) y = act;
  }
  out[0] = act;
  out[1] = y;
  return maxG - minG;
}

/** At its bound (`ci` for the true class, 0 for the others) with a gradient below every free one. */
function atBound(scratch: Float64Array, m: number, y: number, ci: number, K: number, minG: number): boolean {
  return (scratch[K + m] as number) === (m === y ? ci : 0) && (scratch[m] as number) < minG;
}

function swap(scratch: Float64Array, a: number, b: number, K: number, cls: Int32Array): void {
  const c = cls[a] as number;
  cls[a] = cls[b] as number;
  cls[b] = c;
  for (let at = a; at <= K + a; at += K) {
    const t = scratch[at] as number;
    scratch[at] = scratch[at - a + b] as number;
    scratch[at - a + b] = t;
  }
}

/**
 * The row's sub-problem over its `act` active classes, solved exactly
 * (liblinear's `solve_sub_problem`). Leaves the classes whose dual moved
 * first in `cls` with their steps in `scratch[4K…]`; returns how many moved.
 */
function solveSubProblem(scratch: Float64Array, cls: Int32Array, act: number, y: number, qd: number, ci: number, K: number): number {
  for (let m = 0; m < act; m++) {
    const b = (scratch[m] as number) - qd * (scratch[K + m] as number);
    scratch[2 * K + m] = b;
    scratch[3 * K + m] = m === y ? b + qd * ci : b;
  }
  const sorted = scratch.subarray(3 * K, 3 * K + act).sort();
  let beta = (sorted[act - 1] as number) - qd * ci;
  let r = 1;
  for (; r < act && beta < r * (sorted[act - 1 - r] as number); r++) beta += sorted[act - 1 - r] as number;
  beta /= r;
  let changed = 0;
  for (let m = 0; m < act; m++) {
    const v = (beta - (scratch[2 * K + m] as number)) / qd;
    const next = m === y ? Math.min(ci, v) : Math.min(0, v);
    const step = next - (scratch[K + m] as number);
    if (step < 1e-12 && step > -1e-12) continue;
    cls[changed] = cls[m] as number;
    scratch[4 * K + changed] = step;
    changed++;
  }
  return changed;
}
