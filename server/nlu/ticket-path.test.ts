import { describe, expect, it } from 'vitest';
import { pickPath } from './ticket-path.ts';

const options = { levelThreshold: 0.5, alternatives: 3, levelModelWeight: 0.5 };
const leaves = [
  { path: ['delivery', 'issue', 'lost'], confidence: 0.3 },
  { path: ['delivery', 'issue', 'damaged'], confidence: 0.28 },
  { path: ['delivery', 'status', 'stuck'], confidence: 0.12 },
  { path: ['payments', 'refund', 'missing'], confidence: 0.3 },
];

describe('pickPath', () => {
  it('answers the levels it is sure of and leads the alternatives with the full path it walked', () => {
    const result = pickPath(leaves, [], options);
    expect(result.path).toEqual(['delivery', 'issue']);
    expect(result.confidence).toBeCloseTo(0.58);
    expect(result.alternatives[0]?.path).toEqual(['delivery', 'issue', 'lost']);
  });

  it('goes to the leaf when one leaf holds most of the probability', () => {
    const sure = [{ path: ['payments', 'refund', 'missing'], confidence: 0.9 }, ...leaves.slice(0, 1)];
    expect(pickPath(sure, [], options)).toMatchObject({ path: ['payments', 'refund', 'missing'], confidence: 0.9 });
  });

  it("lets a level's own model change the branch", () => {
    const level1 = new Map([
      ['delivery', 0.1],
      ['payments', 0.9],
    ]);
    const result = pickPath(leaves, [level1], options);
    expect(result.path).toEqual(['payments', 'refund', 'missing']);
    expect(pickPath(leaves, [level1], { ...options, levelModelWeight: 0 }).path[0]).toBe('delivery');
  });

  it('answers nothing when no level-1 branch reaches the threshold', () => {
    const flat = ['a', 'b', 'c', 'd'].map((k) => ({ path: [k, 'x', 'y'], confidence: 0.25 }));
    expect(pickPath(flat, [], options)).toMatchObject({ path: [], confidence: 0 });
  });
});
