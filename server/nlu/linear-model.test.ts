import { describe, expect, it } from 'vitest';
import type { SparseVector } from './features.ts';
import { calibrate, fitCalibration, type Scored } from './linear-calibration.ts';
import { DEFAULT_SVM, scoreRow, seededRandom, stackRows } from './linear-model.ts';
import { trainLinearSvm } from './linear-ovr.ts';

const row = (entries: [number, number][]): SparseVector => ({
  index: Int32Array.from(entries, (e) => e[0]),
  value: Float32Array.from(entries, (e) => e[1]),
});

/** Three classes, each marked by its own feature, plus a shared noisy one. */
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
    [3, 0.6],
  ]),
  row([
    [2, 0.7],
    [3, 0.1],
  ]),
];
const labels = [0, 0, 1, 1, 2, 2];
const argmax = (scores: Float64Array) => scores.indexOf(Math.max(...scores));

describe('trainLinearSvm (one-vs-rest)', () => {
  it('separates classes by their features and scores the right class highest', () => {
    const { model } = trainLinearSvm(stackRows(rows), labels, 3, 4, DEFAULT_SVM);
    expect(rows.map((r) => argmax(scoreRow(model, r)))).toEqual(labels);
    expect(argmax(scoreRow(model, row([[1, 0.5]])))).toBe(1);
  });

  it('puts a row labelled -1 below zero for every class', () => {
    const { model } = trainLinearSvm(stackRows([...rows, row([[4, 1]])]), [...labels, -1], 3, 5, DEFAULT_SVM);
    expect(Math.max(...scoreRow(model, row([[4, 1]])))).toBeLessThan(0);
  });

  it('reaches the same optimum from a warm start', () => {
    const tight = { ...DEFAULT_SVM, tolerance: 1e-4 };
    const cold = trainLinearSvm(stackRows(rows.slice(1)), labels.slice(1), 3, 4, tight);
    const warmAlpha = new Float64Array(rows.length * 3);
    warmAlpha.set(cold.alpha, 3); // the first row is new: it starts at zero
    const warm = trainLinearSvm(stackRows(rows), labels, 3, 4, tight, warmAlpha);
    const fresh = trainLinearSvm(stackRows(rows), labels, 3, 4, tight);
    const probe = row([
      [0, 0.4],
      [2, 0.4],
      [3, 1],
    ]);
    const [a, b] = [scoreRow(fresh.model, probe), scoreRow(warm.model, probe)];
    a.forEach((score, c) => expect(b[c]).toBeCloseTo(score, 2));
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(3).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('fitCalibration', () => {
  const held: Scored[] = Array.from({ length: 200 }, (_, i) => {
    const target = i % 3;
    const scores = Float64Array.from([-1, -1, -1]);
    scores[target] = i % 5 === 0 ? -0.9 : 0.8; // one in five is a miss
    if (i % 5 === 0) scores[(target + 1) % 3] = 0.5;
    return { scores, target };
  });
  const offTopic: Scored[] = Array.from({ length: 20 }, () => ({ scores: Float64Array.from([-0.8, -0.9, -1]), target: -1 }));

  it('makes probabilities that match how often the top class was right', () => {
    const calibration = fitCalibration(held, 0);
    expect(calibration.noneScore).toBeNull();
    const p = calibrate(Float64Array.from([0.8, -1, -1]), calibration);
    expect(p[0]).toBeGreaterThan(0.7);
    expect(p[0]).toBeLessThan(0.95);
  });

  it('learns a "none" score that takes the probability of off-topic-looking scores', () => {
    const calibration = fitCalibration([...held, ...offTopic], 0.25);
    expect(calibration.noneScore).not.toBeNull();
    const offTopicProbs = calibrate(Float64Array.from([-0.8, -0.9, -1]), calibration);
    const inScopeProbs = calibrate(Float64Array.from([0.8, -1, -1]), calibration);
    expect(Math.max(...offTopicProbs)).toBeLessThan(0.5);
    expect(Math.max(...inScopeProbs)).toBeGreaterThan(0.5);
  });
});
