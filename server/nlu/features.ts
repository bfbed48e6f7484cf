import { stemEn } from './text.ts';
import type { NluMessage } from './types.ts';

/** What the featurizer reads from an analysed message. */
export type TextView = Pick<NluMessage, 'tokens' | 'normalized' | 'lang'>;

/** A sparse row: feature indices (each once, in no particular order) and their weights. */
export interface SparseVector {
  index: Int32Array;
  value: Float32Array;
}

export interface FeatureOptions {
  /** Longest word n-gram (1 = unigrams only). */
  wordNgrams: number;
  /** Unordered pairs of words at most this far apart (0 = none): "card … arrive" vs "card … declined". */
  pairWindow: number;
  /** Longer texts get no pairs: their words say enough, and pairs would be most of their terms. */
  pairMaxTokens: number;
  /** Character n-gram lengths for Chinese (over runs of letters and digits). */
  zhChars: [number, number];
  /** Character n-gram lengths for English (inside padded word boundaries). */
  enChars: [number, number];
  /** Share of the char view in the joined vector (the word view gets the rest). */
  charWeight: number;
  /** Terms seen in fewer training texts are dropped. */
  minDf: number;
  /** From this many texts on, terms seen only once are dropped too: mostly noise, and most of the memory. */
  largeCorpus: number;
}

export const DEFAULT_FEATURES: FeatureOptions = {
  wordNgrams: 2,
  pairWindow: 10,
  pairMaxTokens: 40,
  zhChars: [1, 3],
  enChars: [2, 5],
  charWeight: 0.5,
  minDf: 1,
  largeCorpus: 5000,
};

/** Fitted vocabulary and IDF; turns analysed text into L2-normalised TF-IDF rows. */
export interface Vectorizer {
  readonly size: number;
  transform(text: TextView): SparseVector;
  /** Plain data (structured-cloneable): a vectorizer fitted in a worker thread travels back as this. */
  readonly state: VectorizerState;
}

export interface VectorizerState {
  vocabulary: Map<string, number>;
  idf: Float32Array;
  weights: number[];
  options: FeatureOptions;
}

/** A vectorizer again from its `state`. */
export function restoreVectorizer(state: VectorizerState): Vectorizer {
  const { vocabulary, idf, weights, options } = state;
  return { size: idf.length, state, transform: (text) => toVector(extractTerms(text, options), vocabulary, idf, weights) };
}

/** Digits carry amounts and order numbers, not intent: collapse them to one shape. */
const shape = (token: string) => (/^\d+$/.test(token) ? '<num>' : token);

function wordTerms(text: TextView, options: FeatureOptions, out: Map<string, number>): void {
  const words = text.tokens.map((t) => shape(text.lang === 'en' ? stemEn(t) : t));
  for (let n = 1; n <= options.wordNgrams; n++) {
    for (let i = 0; i + n <= words.length; i++) add(out, `w${n}:${words.slice(i, i + n).join(' ')}`);
  }
  for (let i = 0; words.length <= options.pairMaxTokens && i < words.length; i++) {
    for (let j = i + 1; j <= Math.min(words.length - 1, i + options.pairWindow); j++) {
      const [a, b] = [words[i] as string, words[j] as string];
      if (a !== b) out.set(a < b ? `p:${a} ${b}` : `p:${b} ${a}`, 1);
    }
  }
}

const ASTRAL = /[\uD800-\uDFFF]/;
const RUN = /[\p{L}\p{N}]+/gu;

function charGrams(piece: string, [min, max]: [number, number], out: Map<string, number>): void {
  if (ASTRAL.test(piece)) {
    const chars = Array.from(piece);
    for (let n = min; n <= max; n++) for (let i = 0; i + n <= chars.length; i++) add(out, `c:${chars.slice(i, i + n).join('')}`);
    return;
  }
  for (let n = min; n <= max; n++) for (let i = 0; i + n <= piece.length; i++) add(out, `c:${piece.substring(i, i + n)}`);
}

function charTerms(text: TextView, options: FeatureOptions, out: Map<string, number>): void {
  const plain = text.normalized.replace(/\d/g, '0');
  for (const [run] of plain.matchAll(RUN)) {
    if (text.lang === 'zh') charGrams(run, options.zhChars, out);
    else charGrams(` ${run} `, options.enChars, out);
  }
}

function add(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Raw term counts of one text: the word view (n-grams and pairs) and the char view. */
export function extractTerms(text: TextView, options: FeatureOptions = DEFAULT_FEATURES): [Map<string, number>, Map<string, number>] {
  const words = new Map<string, number>();
  const chars = new Map<string, number>();
  wordTerms(text, options, words);
  if (options.charWeight > 0) charTerms(text, options, chars);
  return [words, chars];
}

/**
 * Learns the vocabulary and IDF of a corpus and returns the corpus's rows with
 * it. Each view (words, chars) is sublinear-TF × IDF and L2-normalised on its
 * own, then the two are joined with `charWeight`, so a long text's many char
 * n-grams do not drown its words.
 *
 * @example
 * const { vectorizer, rows } = fitVectorizer(texts.map((t) => analyzer.analyze(t)));
 * const row = vectorizer.transform(analyzer.analyze('where is my card'));
 */
export function fitVectorizer(texts: TextView[], options: FeatureOptions = DEFAULT_FEATURES): { vectorizer: Vectorizer; rows: SparseVector[] } {
  const terms = texts.map((text) => extractTerms(text, options));
  const df = new Map<string, number>();
  for (const views of terms) for (const view of views) for (const key of view.keys()) add(df, key);
  const minDf = Math.max(options.minDf, texts.length >= options.largeCorpus ? 2 : 1);
  const vocabulary = new Map<string, number>();
  const idf: number[] = [];
  const kept = [...df].filter(([, count]) => count >= minDf);
  // Frequent terms first: their weights sit together in memory, which keeps training loops in cache.
  for (const [key, count] of kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    vocabulary.set(key, idf.length);
    idf.push(Math.log((1 + texts.length) / (1 + count)) + 1);
  }
  const idfs = Float32Array.from(idf);
  const weights = [Math.sqrt(1 - options.charWeight), Math.sqrt(options.charWeight)];
  const vectorizer = restoreVectorizer({ vocabulary, idf: idfs, weights, options });
  return { vectorizer, rows: terms.map((views) => toVector(views, vocabulary, idfs, weights)) };
}

function toVector(views: Map<string, number>[], vocabulary: Map<string, number>, idf: Float32Array, weights: number[]): SparseVector {
  const indices: number[] = [];
  const values: number[] = [];
  views.forEach((counts, v) => {
    const start = indices.length;
    let norm = 0;
    for (const [key, count] of counts) {
      const index = vocabulary.get(key);
      if (index === undefined) continue;
      const value = (1 + Math.log(count)) * (idf[index] as number);
      indices.push(index);
      values.push(value);
      norm += value * value;
    }
    const scale = norm > 0 ? (weights[v] as number) / Math.sqrt(norm) : 0;
    for (let i = start; i < values.length; i++) values[i] = (values[i] as number) * scale;
  });
  return { index: Int32Array.from(indices), value: Float32Array.from(values) };
}
