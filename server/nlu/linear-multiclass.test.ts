import { describe, expect, it } from 'vitest';
import type { SparseVector } from './features.ts';
import { DEFAULT_CRAMMER_SINGER, scoreRow, stackRows } from './linear-model.ts';
import { trainMulticlassSvm } from './linear-multiclass.ts';

const row = (entries: [number, number][]): SparseVector => ({
  index: Int32Array.from(entries, (e) => e[0]),
  value: Float32Array.from(entries, (e) => e[1]),
});

/** Three classes, each marked by its own feature, plus a shared noisy one; class 2 also shares feature 0 with class 0. */
const rows = [
  row([
    [0, 1],
    [3, 0.3],
  ]),
  row([
    [0, 0.9],
    [3, 0.5],
  ]),
  row([
    [1, 1],
    [3, 0.4],
  ]),
  row([
    [1, 0.8],
    [3, 0.2],
  ]),
  row([
    [2, 1],
    [0, 0.3],
    [3, 0.6],
  ]),
  row([
    [2, 0.7],
    [3, 0.1],
  ]),
];
const labels = [0, 0, 1, 1, 2, 2];
const argmax = (scores: Float64Array) => scores.indexOf(Math.max(...scores));
const tight = { ...DEFAULT_CRAMMER_SINGER, c: 10, tolerance: 1e-4 };

describe('trainMulticlassSvm (Crammer–Singer)', () => {
  it('scores each training row highest for its own class, and a new row by its marking feature', () => {
    const { model } = trainMulticlassSvm(stackRows(rows), labels, 3, 4, DEFAULT_CRAMMER_SINGER);
    expect(rows.map((r) => argmax(scoreRow(model, r)))).toEqual(labels);
    expect(argmax(scoreRow(model, row([[1, 0.5]])))).toBe(1);
    expect(
      argmax(
        scoreRow(
          model,
          row([
            [2, 0.5],
            [3, 0.5],
          ]),
        ),
      ),
    ).toBe(2);
  });

  it('separates separable rows by the margin: the true class beats the best other by about 1', () => {
    const { model } = trainMulticlassSvm(stackRows(rows), labels, 3, 4, tight);
    rows.forEach((r, i) => {
      const scores = scoreRow(model, r);
      const others = Array.from(scores).filter((_, c) => c !== labels[i]);
      expect((scores[labels[i] as number] as number) - Math.max(...others)).toBeGreaterThan(0.95);
    });
  });

  it("keeps every row's duals summing to zero, the true class's non-negative and the others' non-positive", () => {
    const { alpha } = trainMulticlassSvm(stackRows(rows), labels, 3, 4, DEFAULT_CRAMMER_SINGER);
    labels.forEach((label, i) => {
      const duals = Array.from(alpha.subarray(i * 3, i * 3 + 3));
      expect(duals.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9);
      duals.forEach((a, c) => (c === label ? expect(a).toBeGreaterThanOrEqual(0) : expect(a).toBeLessThanOrEqual(0)));
    });
  });

  it('leaves rows labelled -1 out: the model is the one without them', () => {
    const without = trainMulticlassSvm(stackRows(rows), labels, 3, 5, DEFAULT_CRAMMER_SINGER);
    const withOffTopic = trainMulticlassSvm(stackRows([...rows, row([[4, 1]])]), [...labels, -1], 3, 5, DEFAULT_CRAMMER_SINGER);
    expect(withOffTopic.model.weights).toEqual(without.model.weights);
    expect(withOffTopic.model.bias).toEqual(without.model.bias);
  });

  it('reaches the same optimum from a warm start', () => {
    const cold = trainMulticlassSvm(stackRows(rows.slice(1)), labels.slice(1), 3, 4, tight);
    const warmAlpha = new Float64Array(rows.length * 3);
    warmAlpha.set(cold.alpha, 3); // the first row is new: it starts at zero
    const warm = trainMulticlassSvm(stackRows(rows), labels, 3, 4, tight, warmAlpha);
    const fresh = trainMulticlassSvm(stackRows(rows), labels, 3, 4, tight);
    const probe = row([
      [0, 0.4],
      [2, 0.4],
      [3, 1],
    ]);
    const [a, b] = [scoreRow(fresh.model, probe), scoreRow(warm.model, probe)];
    a.forEach((score, c) => expect(b[c]).toBeCloseTo(score, 2));
  });
});
