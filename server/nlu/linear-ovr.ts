import { rowPenalties, rowSquaredNorms, seededRandom, shuffle, type SparseMatrix, type SvmFit, type SvmOptions } from './linear-model.ts';

/**
 * One-vs-rest linear SVMs (squared hinge, L2) trained by dual coordinate
 * descent with shrinking — liblinear's default solver. `warmAlpha` (duals of
 * a fit on overlapping rows, mapped to these rows, zero for new ones) starts
 * near the optimum, which makes retraining on similar data cheap. A row
 * labelled `-1` belongs to no class: a negative for every one. Deterministic: the visiting order comes from `options.seed`.
 *
 * @example
 * const { model } = trainLinearSvm(stackRows(rows), labels, 3, vectorizer.size, DEFAULT_SVM);
 * const scores = scoreRow(model, rows[0]);
 */
export function trainLinearSvm(
  matrix: SparseMatrix,
  labels: ArrayLike<number>,
  numClasses: number,
  numFeatures: number,
  options: SvmOptions,
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
  const shift = rowPenalties(labels, numClasses, options).map((c) => 0.5 / c);
  const diag = rowSquaredNorms(matrix, options.biasFeature).map((q, i) => q + (shift[i] as number));
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
