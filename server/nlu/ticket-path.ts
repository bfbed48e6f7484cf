/** A full or partial category path with a probability. */
export interface ScoredPath {
  path: string[];
  confidence: number;
}

export interface PathOptions {
  /** A level is answered only when its score is at least this. */
  levelThreshold: number;
  /** How many alternatives to list. */
  alternatives: number;
  /** Share of a level's own model in its score; the rest is the summed probability of its leaves. */
  levelModelWeight: number;
}

const SEP = '/';
const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

/**
 * Walks the category tree down from level 1: at each level, the child of the
 * path so far with the best share — of the probability its leaves hold,
 * mixed with what a model trained on that level alone says
 * (`levelProbs[level]`, keyed by the `/`-joined prefix). A level's
 * confidence is its parent's times that share. The answer keeps the levels
 * whose confidence is at least `levelThreshold`; the walk goes on to a full
 * path, which leads the alternatives when the answer stopped short of it.
 *
 * @example
 * pickPath([{ path: ['a', 'x'], confidence: 0.4 }, { path: ['a', 'y'], confidence: 0.35 }], [], options);
 * // { path: ['a'], confidence: 0.75, alternatives: [{ path: ['a', 'x'], … }, …] }
 */
export function pickPath(
  leaves: ScoredPath[],
  levelProbs: (Map<string, number> | null)[],
  options: PathOptions,
): { path: string[]; confidence: number; alternatives: ScoredPath[] } {
  const walked: string[] = [];
  const answer: string[] = [];
  let confidence = 0;
  let reached = 1;
  for (let level = 0; level < 3; level++) {
    const mass = new Map<string, number>();
    for (const r of leaves) {
      if (r.path.length <= level || !walked.every((k, i) => r.path[i] === k)) continue;
      const key = r.path.slice(0, level + 1).join(SEP);
      mass.set(key, (mass.get(key) ?? 0) + r.confidence);
    }
    if (!mass.size) break;
    const own = levelProbs[level];
    // Level 1 keeps the "none of these" share out; deeper levels split their parent's score.
    const total = level === 0 ? 1 : sum(mass.values());
    const ownTotal = own ? (level === 0 ? 1 : sum([...mass.keys()].map((k) => own.get(k) ?? 0))) : 0;
    let best = '';
    let bestScore = -1;
    for (const [key, share] of mass) {
      const fromLeaves = total > 0 ? share / total : 0;
      const score =
        own && ownTotal > 0 ? (1 - options.levelModelWeight) * fromLeaves + (options.levelModelWeight * (own.get(key) ?? 0)) / ownTotal : fromLeaves;
      if (score > bestScore) [best, bestScore] = [key, score];
    }
    walked.splice(0, walked.length, ...best.split(SEP));
    reached *= bestScore;
    if (answer.length === level && reached >= options.levelThreshold) {
      answer.splice(0, answer.length, ...walked);
      confidence = reached;
    }
  }
  const full = walked.join(SEP);
  const lead = answer.length < walked.length ? leaves.filter((r) => r.path.join(SEP) === full) : [];
  const rest = leaves.filter((r) => r.path.join(SEP) !== full && r.path.join(SEP) !== answer.join(SEP));
  return { path: answer, confidence: answer.length ? Math.min(confidence, 1) : 0, alternatives: [...lead, ...rest].slice(0, options.alternatives) };
}
