import { normalizeText } from '../../nlu/text.ts';
import { clusterVectors, DEFAULT_THRESHOLD } from './cluster.ts';
import { draftAnswer } from './draft.ts';
import type { GapExample, GapLocale, GapStatus } from './schema.ts';
import { addInto, cosine, fitVectorizer, normalize, type SparseVector, type Vectorizer } from './vectors.ts';

/**
 * Gap mining's pure core: from the questions the bot failed on (and the
 * agents' answers to them) to ranked suggestions, matched against the
 * suggestions already on file so a cluster keeps its identity across runs.
 */

/** One customer question the bot failed on, once per conversation. */
export interface GapQuestion {
  question: string;
  locale: GapLocale;
  conversationId: string;
  askedAt: Date;
  kinds: string[];
  /** The agent's first substantive reply after it, if any. */
  reply: string | null;
}

/** A suggestion on file, as far as matching needs it. */
export interface KnownSuggestion {
  id: string;
  locale: GapLocale;
  status: GapStatus;
  texts: string[];
}

export interface MinedSuggestion {
  locale: GapLocale;
  question: string;
  similar: string[];
  examples: GapExample[];
  draftAnswer: string | null;
  count: number;
  signals: Record<string, number>;
  lastAskedAt: Date;
  /** The open suggestion on file this cluster is (to be updated rather than added). */
  updates?: string;
}

export interface MiningOptions {
  /** Clusters asked in fewer distinct conversations are left out. */
  minCount: number;
  maxSimilar: number;
  maxExamples: number;
  threshold: number;
  /** A cluster is the same as a suggestion on file when their centroids are at least this close. */
  matchThreshold: number;
}

export const defaultMiningOptions: MiningOptions = {
  minCount: 2,
  maxSimilar: 10,
  maxExamples: 10,
  threshold: DEFAULT_THRESHOLD,
  matchThreshold: 0.3,
};

/** One question per conversation and wording: a rephrase-then-handoff on it counts once, with both signals. */
export function dedupeQuestions(questions: readonly GapQuestion[]): GapQuestion[] {
  const byKey = new Map<string, GapQuestion>();
  for (const q of questions) {
    const key = `${q.conversationId} ${normalizeText(q.question)}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...q, kinds: [...q.kinds] });
    else {
      seen.kinds = [...new Set([...seen.kinds, ...q.kinds])];
      seen.reply ??= q.reply;
      if (q.askedAt < seen.askedAt) seen.askedAt = q.askedAt;
    }
  }
  return [...byKey.values()];
}

function centroidOf(vectorizer: Vectorizer, texts: readonly string[]): SparseVector {
  const sum: SparseVector = new Map();
  for (const t of texts) addInto(sum, vectorizer.vector(t));
  return normalize(sum);
}

function summarise(members: GapQuestion[], options: MiningOptions): Omit<MinedSuggestion, 'locale' | 'updates'> {
  const wordings = [...new Map(members.map((m) => [normalizeText(m.question), m.question.trim()])).values()];
  const signals: Record<string, number> = {};
  for (const m of members) for (const k of m.kinds) signals[k] = (signals[k] ?? 0) + 1;
  const recent = [...members].sort((a, b) => b.askedAt.getTime() - a.askedAt.getTime());
  return {
    question: wordings[0]!,
    similar: wordings.slice(1, 1 + options.maxSimilar),
    examples: recent
      .slice(0, options.maxExamples)
      .map((m) => ({ question: m.question, conversationId: m.conversationId, askedAt: m.askedAt.toISOString() })),
    draftAnswer: draftAnswer(members.flatMap((m) => (m.reply ? [m.reply] : []))),
    count: new Set(members.map((m) => m.conversationId)).size,
    signals,
    lastAskedAt: recent[0]!.askedAt,
  };
}

/** Clusters of one locale, largest first; each either new, an update of an open suggestion, or dropped (decided already). */
function mineLocale(locale: GapLocale, questions: GapQuestion[], known: KnownSuggestion[], options: MiningOptions): MinedSuggestion[] {
  const vectorizer = fitVectorizer([...questions.map((q) => q.question), ...known.flatMap((k) => k.texts)]);
  const knownCentroids = known.map((k) => centroidOf(vectorizer, k.texts));
  const claimed = new Set<string>();
  const out: MinedSuggestion[] = [];
  const clusters = clusterVectors(
    questions.map((q) => vectorizer.vector(q.question)),
    options.threshold,
  );
  for (const cluster of clusters) {
    const members = cluster.members.map((i) => questions[i]!);
    if (new Set(members.map((m) => m.conversationId)).size < options.minCount) continue;
    let match: { at: number; score: number } = { at: -1, score: options.matchThreshold };
    knownCentroids.forEach((c, at) => {
      const score = cosine(cluster.centroid, c);
      if (score >= match.score && !claimed.has(known[at]!.id)) match = { at, score };
    });
    const same = known[match.at];
    if (same && same.status !== 'open') continue; // Accepted or rejected already: not suggested again.
    if (same) claimed.add(same.id);
    out.push({ locale, ...summarise(members, options), ...(same ? { updates: same.id } : {}) });
  }
  return out;
}

/**
 * Group the questions into suggestions per locale, most asked first.
 *
 * @example mineSuggestions(questions, known, defaultMiningOptions).map((s) => [s.question, s.count])
 */
export function mineSuggestions(
  questions: readonly GapQuestion[],
  known: readonly KnownSuggestion[],
  options = defaultMiningOptions,
): MinedSuggestion[] {
  const unique = dedupeQuestions(questions);
  const locales = [...new Set(unique.map((q) => q.locale))];
  return locales
    .flatMap((locale) =>
      mineLocale(
        locale,
        unique.filter((q) => q.locale === locale),
        known.filter((k) => k.locale === locale),
        options,
      ),
    )
    .sort((a, b) => b.count - a.count || b.lastAskedAt.getTime() - a.lastAskedAt.getTime());
}
