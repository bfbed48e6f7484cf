import { addInto, cosine, fitVectorizer, normalize, type SparseVector } from './vectors.ts';

/**
 * Grouping same-meaning questions: leader clustering on TF-IDF vectors
 * (each text joins the closest group whose centroid it resembles at least
 * `threshold`, else starts one), then groups whose centroids are that close
 * merge, and every text moves to its closest final group, so the result
 * hardly depends on the order the texts came in.
 */

export interface Cluster {
  /** Indexes into the input, most central first (the first is the medoid). */
  members: number[];
  /** Unit-length centroid. */
  centroid: SparseVector;
}

/** Same meaning at or above this cosine (tuned on the zh and en cases in cluster.test.ts). */
export const DEFAULT_THRESHOLD = 0.22;

interface Group {
  sum: SparseVector;
  unit: SparseVector;
  members: number[];
}

const unitOf = (sum: SparseVector) => normalize(new Map(sum));

function closest(v: SparseVector, groups: readonly Group[]): { at: number; score: number } {
  let best = { at: -1, score: -1 };
  groups.forEach((g, at) => {
    const score = cosine(v, g.unit);
    if (score > best.score) best = { at, score };
  });
  return best;
}

function lead(vectors: readonly SparseVector[], threshold: number): Group[] {
  const groups: Group[] = [];
  vectors.forEach((v, i) => {
    const best = closest(v, groups);
    const group = best.score >= threshold ? groups[best.at] : undefined;
    if (!group) return void groups.push({ sum: new Map(v), unit: v, members: [i] });
    addInto(group.sum, v);
    group.unit = unitOf(group.sum);
    group.members.push(i);
  });
  return groups;
}

function merge(groups: Group[], threshold: number): Group[] {
  const sorted = [...groups].sort((a, b) => b.members.length - a.members.length);
  const out: Group[] = [];
  for (const g of sorted) {
    const best = closest(g.unit, out);
    const into = best.score >= threshold ? out[best.at] : undefined;
    if (!into) out.push(g);
    else {
      addInto(into.sum, g.sum);
      into.unit = unitOf(into.sum);
      into.members.push(...g.members);
    }
  }
  return out;
}

/** Every vector to its closest group; one that resembles none enough stands alone. */
function reassign(vectors: readonly SparseVector[], groups: readonly Group[], threshold: number): Group[] {
  const members: number[][] = groups.map(() => []);
  const alone: number[] = [];
  vectors.forEach((v, i) => {
    const best = closest(v, groups);
    if (best.score >= threshold) members[best.at]!.push(i);
    else alone.push(i);
  });
  const rebuilt = [...members.filter((m) => m.length), ...alone.map((i) => [i])];
  return rebuilt.map((m) => {
    const sum: SparseVector = new Map();
    for (const i of m) addInto(sum, vectors[i]!);
    return { sum, unit: unitOf(sum), members: m };
  });
}

/**
 * Cluster unit vectors; clusters come largest first, members most central first.
 *
 * @example clusterVectors(texts.map(v.vector)).map((c) => c.members.map((i) => texts[i]))
 */
export function clusterVectors(vectors: readonly SparseVector[], threshold = DEFAULT_THRESHOLD): Cluster[] {
  const nonEmpty = vectors.map((v, i) => [v, i] as const).filter(([v]) => v.size > 0);
  const groups = reassign(
    nonEmpty.map(([v]) => v),
    merge(
      lead(
        nonEmpty.map(([v]) => v),
        threshold,
      ),
      threshold,
    ),
    threshold,
  );
  return groups
    .map((g) => ({
      centroid: g.unit,
      members: g.members
        .map((m) => ({ at: nonEmpty[m]![1], score: cosine(nonEmpty[m]![0], g.unit) }))
        .sort((a, b) => b.score - a.score || a.at - b.at)
        .map((m) => m.at),
    }))
    .sort((a, b) => b.members.length - a.members.length || a.members[0]! - b.members[0]!);
}

/**
 * Group texts that ask the same thing (TF-IDF fitted on these texts).
 *
 * @example clusterTexts(['怎么开发票', '发票怎么开', '退款多久到账']) // [[0, 1], [2]] (members most central first)
 */
export function clusterTexts(texts: readonly string[], threshold = DEFAULT_THRESHOLD): number[][] {
  const vectorizer = fitVectorizer(texts);
  return clusterVectors(
    texts.map((t) => vectorizer.vector(t)),
    threshold,
  ).map((c) => c.members);
}

/** The index of the most central text (highest summed similarity to the others); -1 for none. */
export function mostCentral(vectors: readonly SparseVector[]): number {
  let best = { at: -1, score: -Infinity };
  vectors.forEach((v, at) => {
    let score = 0;
    for (const w of vectors) score += cosine(v, w);
    if (score > best.score) best = { at, score };
  });
  return best.at;
}
