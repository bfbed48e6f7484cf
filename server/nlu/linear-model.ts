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

export interface SvmFit {
  model: LinearModel;
  /** `heldOut[row * numClasses + c]`: each training row's class scores estimated as if the row had been left out. */
  heldOut: Float64Array;
}

export const DEFAULT_SVM: SvmOptions = { c: 1, biasFeature: 1, tolerance: 0.1, maxEpochs: 200, seed: 7, balanced: true };

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

/** Rows stacked in compressed sparse row form, for tight training loops. */
export interface SparseMatrix {
  indptr: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

/** Stacks sparse rows into one CSR matrix. */
export function stackRows(rows: SparseVector[]): SparseMatrix {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((row, i) => (indptr[i + 1] = (indptr[i] as number) + row.index.length));
  const index = new Int32Array(indptr[rows.length] as number);
  const value = new Float64Array(index.length);
  rows.forEach((row, i) => {
    index.set(row.index, indptr[i]);
    value.set(row.value, indptr[i]);
  });
  return { indptr, index, value };
}

/**
 * One-vs-rest linear SVMs (squared hinge, L2) trained by dual coordinate
 * descent with shrinking — the algorithm of liblinear's default solver.
 * Deterministic: the visiting order comes from `options.seed`.
 *
 * @example
 * const model = trainLinearSvm(stackRows(rows), labels, 3, vectorizer.size);
 * const scores = scoreRow(model, rows[0]);
 */
export function trainLinearSvm(
  matrix: SparseMatrix,
  labels: ArrayLike<number>,
  numClasses: number,
  numFeatures: number,
  options: SvmOptions = DEFAULT_SVM,
): SvmFit {
  const weights = new Float32Array(numFeatures * numClasses);
  const bias = new Float32Array(numClasses);
  const n = matrix.indptr.length - 1;
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < n; i++) counts[labels[i] as number] = (counts[labels[i] as number] as number) + 1;
  const shift = new Float64Array(n);
  const diag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const weight = options.balanced ? n / (numClasses * (counts[labels[i] as number] as number)) : 1;
    shift[i] = 0.5 / (options.c * weight);
    let sum = options.biasFeature ** 2 + (shift[i] as number);
    for (let k = matrix.indptr[i] as number; k < (matrix.indptr[i + 1] as number); k++) sum += (matrix.value[k] as number) ** 2;
    diag[i] = sum;
  }
  const heldOut = new Float64Array(n * numClasses);
  const random = seededRandom(options.seed);
  const w = new Float64Array(numFeatures + 1);
  const signs = new Int8Array(n);
  for (let c = 0; c < numClasses; c++) {
    for (let i = 0; i < n; i++) signs[i] = labels[i] === c ? 1 : -1;
    w.fill(0);
    const alpha = solveBinary(matrix, signs, { diag, shift }, w, options, random);
    for (let f = 0; f < numFeatures; f++) weights[f * numClasses + c] = w[f] as number;
    bias[c] = (w[numFeatures] as number) * options.biasFeature;
    estimateHeldOut(matrix, { w, alpha, signs, diag, shift }, options.biasFeature, (i, score) => (heldOut[i * numClasses + c] = score));
  }
  return { model: { numClasses, numFeatures, weights, bias }, heldOut };
}

/**
 * Each training row's score as if it had been left out: its own pull on `w`
 * (alpha · y · x) is taken back — the first-order leave-one-out estimate
 * (Jaakkola & Haussler), free once the duals are known.
 */
function estimateHeldOut(
  matrix: SparseMatrix,
  fit: { w: Float64Array; alpha: Float64Array; signs: Int8Array; diag: Float64Array; shift: Float64Array },
  biasValue: number,
  write: (row: number, score: number) => void,
): void {
  const { indptr, index, value } = matrix;
  const { w, alpha, signs, diag, shift } = fit;
  const biasSlot = w.length - 1;
  for (let i = 0; i < alpha.length; i++) {
    let dot = (w[biasSlot] as number) * biasValue;
    for (let k = indptr[i] as number; k < (indptr[i + 1] as number); k++) dot += (w[index[k] as number] as number) * (value[k] as number);
    write(i, dot - (alpha[i] as number) * (signs[i] as number) * ((diag[i] as number) - (shift[i] as number)));
  }
}

function shuffle(order: Int32Array, length: number, random: () => number): void {
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
}

/** liblinear's `solve_l2r_l1l2_svc` for the L2 loss: alphas are unbounded above, so only the lower bound shrinks. */
function solveBinary(
  matrix: SparseMatrix,
  signs: Int8Array,
  { diag, shift }: { diag: Float64Array; shift: Float64Array },
  w: Float64Array,
  options: SvmOptions,
  random: () => number,
): Float64Array {
  const { indptr, index, value } = matrix;
  const n = signs.length;
  const biasSlot = w.length - 1;
  const biasValue = options.biasFeature;
  const alpha = new Float64Array(n);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let active = n;
  let maxOld = Infinity;
  for (let epoch = 0; epoch < options.maxEpochs; epoch++) {
    let maxNew = -Infinity;
    let minNew = Infinity;
    shuffle(order, active, random);
    ((globalThis as any).__trace ??= []).push(active);
    for (let s = 0; s < active; s++) {
      const i = order[s] as number;
      const sign = signs[i] as number;
      const start = indptr[i] as number;
      const end = indptr[i + 1] as number;
      const a = alpha[i] as number;
      let dot = (w[biasSlot] as number) * biasValue;
      for (let k = start; k < end; k++) dot += (w[index[k] as number] as number) * (value[k] as number);
      const g = sign * dot - 1 + a * (shift[i] as number);
      let pg = g;
      if (a === 0) {
        if (g > Math.min(maxOld, (globalThis as any).__shrinkAt ?? Infinity)) {
          active--;
          order[s] = order[active] as number;
          order[active] = i;
          s--;
          continue;
        }
        pg = Math.min(g, 0);
      }
      if (pg > maxNew) maxNew = pg;
      if (pg < minNew) minNew = pg;
      if (Math.abs(pg) <= 1e-12) continue;
      const next = Math.max(a - g / (diag[i] as number), 0);
      alpha[i] = next;
      const step = (next - a) * sign;
      w[biasSlot] = (w[biasSlot] as number) + step * biasValue;
      for (let k = start; k < end; k++) w[index[k] as number] = (w[index[k] as number] as number) + step * (value[k] as number);
    }
    ((globalThis as any).__trace2 ??= []).push([maxNew, minNew]);
    if (maxNew - minNew <= options.tolerance) {
      if (active === n) break;
      active = n;
      maxOld = Infinity;
      continue;
    }
    maxOld = maxNew <= 0 ? Infinity : maxNew;
  }
  return alpha;
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
