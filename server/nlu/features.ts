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
  /** Character n-gram lengths for Chinese (over runs of letters and digits). */
  zhChars: [number, number];
  /** Character n-gram lengths for English (inside padded word boundaries). */
  enChars: [number, number];
  /** Share of the char view in the joined vector (the word view gets the rest). */
  charWeight: number;
  /** Terms seen in fewer training texts are dropped. */
  minDf: number;
  pairs?: number;
  pairWeight?: number;
  crossWords?: boolean;
}

export const DEFAULT_FEATURES: FeatureOptions = { wordNgrams: 2, zhChars: [1, 3], enChars: [2, 5], charWeight: 0.5, minDf: 1 };

/** Fitted vocabulary and IDF; turns analysed text into L2-normalised TF-IDF rows. */
export interface Vectorizer {
  readonly size: number;
  transform(text: TextView): SparseVector;
}

const EN_SUFFIXES: [string, string][] = [
  ['ational', 'ate'],
  ['ization', 'ize'],
  ['fulness', 'ful'],
  ['iveness', 'ive'],
  ['ements', ''],
  ['ement', ''],
  ['ments', ''],
  ['ment', ''],
  ['ing', ''],
  ['ies', 'y'],
  ['ied', 'y'],
  ['ed', ''],
  ['ly', ''],
  ['es', ''],
  ['s', ''],
];

/** A light English stemmer (plural, -ing, -ed, -ly, -ment): enough to join "cards"/"card", "charged"/"charge". */
export function stemWord(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  for (const [suffix, replacement] of EN_SUFFIXES) {
    if (!word.endsWith(suffix)) continue;
    if (suffix === 's' && /(ss|us|is)$/.test(word)) return word;
    const stem = word.slice(0, -suffix.length) + replacement;
    if (stem.length < 3 || !/[aeiouy]/.test(stem)) return word;
    return stem.length > 2 && stem.at(-1) === stem.at(-2) && !/[lsz]/.test(stem.at(-1) ?? '') ? stem.slice(0, -1) : stem;
  }
  return word;
}

/** Digits carry amounts and order numbers, not intent: collapse them to one shape. */
const shape = (token: string) => (/^\d+$/.test(token) ? '<num>' : token);

function wordTerms(text: TextView, maxN: number, out: Map<string, number>, pairs = 0, pairOut = out): void {
  const words = text.tokens.map((t) => shape(text.lang === 'en' && (globalThis as any).__nostem !== true ? stemWord(t) : t));
  for (let n = 1; n <= maxN; n++) {
    for (let i = 0; i + n <= words.length; i++) add(out, `w${n}:${words.slice(i, i + n).join(' ')}`);
  }
  if ((globalThis as any).__edges && words.length) {
    add(out, `b:${words[0]}`);
    if (words.length > 1) add(out, `b:${words[0]} ${words[1]}`);
    add(out, `e:${words.at(-1)}`);
  }
  if ((globalThis as any).__triples) {
    const win = (globalThis as any).__triples;
    for (let i = 0; i < words.length; i++)
      for (let j = i + 1; j < Math.min(words.length, i + win); j++)
        for (let k = j + 1; k < Math.min(words.length, i + win); k++) pairOut.set(`t:${[words[i], words[j], words[k]].sort().join(' ')}`, 1);
  }
  if (pairs) {
    const win = pairs > 1 ? pairs : 1000;
    for (let i = 0; i < words.length; i++)
      for (let j = i + 1; j < Math.min(words.length, i + 1 + win); j++) {
        const [a, b] = (words[i] as string) < (words[j] as string) ? [words[i], words[j]] : [words[j], words[i]];
        if (a !== b) pairOut.set(`p:${a} ${b}`, 1);
      }
  }
}

const ASTRAL = /[\uD800-\uDFFF]/;

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
  if (text.lang === 'zh') {
    for (const run of plain.match(/[\p{L}\p{N}]+/gu) ?? []) charGrams(run, options.zhChars, out);
    return;
  }
  if (options.crossWords) {
    charGrams(` ${(plain.match(/[\p{L}\p{N}]+/gu) ?? []).join(' ')} `, options.enChars, out);
    return;
  }
  for (const word of plain.match(/[\p{L}\p{N}]+/gu) ?? []) charGrams(` ${word} `, options.enChars, out);
}

function add(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Raw term counts of one text, split into the word view and the char view. */
export function extractTerms(text: TextView, options: FeatureOptions = DEFAULT_FEATURES): Map<string, number>[] {
  const words = new Map<string, number>();
  const chars = new Map<string, number>();
  const pairs = new Map<string, number>();
  wordTerms(text, options.wordNgrams, words, options.pairs, options.pairWeight ? pairs : words);
  if (options.charWeight > 0) charTerms(text, options, chars);
  return options.pairWeight ? [words, chars, pairs] : [words, chars];
}

/**
 * Learns the vocabulary and IDF of a corpus. Each view (words, chars) is
 * sublinear-TF × IDF and L2-normalised on its own, then the two are joined
 * with `charWeight`, so a long text's many char n-grams do not drown its words.
 *
 * @example
 * const vectorizer = fitVectorizer(texts.map((t) => analyzer.analyze(t)));
 * const row = vectorizer.transform(analyzer.analyze('where is my card'));
 */
export function fitVectorizer(texts: TextView[], options: FeatureOptions = DEFAULT_FEATURES): Vectorizer {
  const df = new Map<string, number>();
  for (const text of texts) {
    for (const view of extractTerms(text, options)) for (const key of view.keys()) add(df, key);
  }
  const vocabulary = new Map<string, number>();
  const idf: number[] = [];
  // Frequent terms first: their weights sit together in memory, which keeps training loops in cache.
  for (const [key, count] of [...df].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    if (count < options.minDf) continue;
    vocabulary.set(key, idf.length);
    idf.push(Math.log((1 + texts.length) / (1 + count)) + 1);
  }
  const idfs = Float32Array.from(idf);
  const pw = options.pairWeight ?? 0;
  const weights = [Math.sqrt(1 - options.charWeight - pw), Math.sqrt(options.charWeight), Math.sqrt(pw)];
  return {
    size: idfs.length,
    transform: (text) => toVector(extractTerms(text, options), vocabulary, idfs, weights),
  };
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
