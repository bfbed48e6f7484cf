import { createTextAnalyzer, normalizeText, stemEn, type TextAnalyzer } from '../../nlu/text.ts';

/**
 * Sparse TF-IDF vectors of short customer texts, for grouping same-meaning
 * questions in Chinese and English. Features: words (jieba for Chinese,
 * stemmed English words) minus function words, plus Chinese character
 * bigrams, which catch the same words cut differently ("开发票" / "发票怎么开").
 */

export type SparseVector = Map<string, number>;

const WORDLIKE = /[\p{L}\p{N}]/u;
/** Words that say how something is asked, not what: shared by every question. */
const STOP = new Set(
  (
    '的 了 吗 呢 啊 吧 呀 嘛 么 我 你 您 他 她 它 们 我们 你们 是 在 有 和 与 就 都 也 还 请问 请 想 要 能 可以 会 一下 这个 那个 这 那 怎么 怎么办 怎样 如何 什么 为什么 多少 哪 哪里 哪个 一个 个 ' +
    'a an the is are was were be been do does did i you we my your our me it its this that to of in on for at by with and or can could would should will how what why when where which who please hi hello ' +
    'there any if so not no yes from about as have has had get got need want like offer available possible some just also still'
  ).split(' '),
);
const HAN = /\p{Script=Han}/u;
const LATIN = /^[a-z]+$/;
/** Feature weights by kind: whole words count most; character n-grams and word heads catch variants. */
const WEIGHT: Record<string, number> = { w: 1, b: 1, u: 0.5, p: 0.5 };

let shared: TextAnalyzer | undefined;
const analyzer = () => (shared ??= createTextAnalyzer());

function hanGrams(run: string, out: string[]): void {
  const chars = [...run];
  for (let i = 0; i < chars.length; i++) {
    out.push(`u:${chars[i]}`);
    if (i + 1 < chars.length) out.push(`b:${chars[i]}${chars[i + 1]}`);
  }
}

/**
 * The features of one text, with repeats (term frequencies): English and
 * other non-Chinese words, the first six letters of long English words
 * ("international" ~ "internationally"), and Chinese character uni- and
 * bigrams over the content words (function words removed first, so
 * "怎么开发票" and "发票怎么开" share 发票 and 开 whichever way jieba cut them).
 */
export function textFeatures(text: string): string[] {
  const out: string[] = [];
  let run = '';
  for (const token of analyzer().tokenize(normalizeText(text))) {
    if (!WORDLIKE.test(token) || STOP.has(token)) continue;
    // Chinese words count through their characters only: jieba may cut the same words differently.
    if (HAN.test(token)) {
      run += token;
      continue;
    }
    hanGrams(run, out);
    run = '';
    out.push(`w:${LATIN.test(token) ? stemEn(token) : token}`);
    if (LATIN.test(token) && token.length >= 7) out.push(`p:${token.slice(0, 6)}`);
  }
  hanGrams(run, out);
  return out;
}

/** A vectoriser fitted on a corpus: inverse document frequencies of its features. */
export interface Vectorizer {
  vector(text: string): SparseVector;
}

/**
 * Fit IDF weights on `corpus` (smoothed, so unseen features still count).
 *
 * @example const v = fitVectorizer(questions); cosine(v.vector('怎么开发票'), v.vector('发票怎么开')) // ≈ 0.8
 */
export function fitVectorizer(corpus: readonly string[]): Vectorizer {
  const df = new Map<string, number>();
  for (const text of corpus) for (const f of new Set(textFeatures(text))) df.set(f, (df.get(f) ?? 0) + 1);
  const n = corpus.length;
  const idf = (f: string) => Math.log((1 + n) / (1 + (df.get(f) ?? 0))) + 1;
  return {
    vector(text) {
      const tf = new Map<string, number>();
      for (const f of textFeatures(text)) tf.set(f, (tf.get(f) ?? 0) + 1);
      const v: SparseVector = new Map();
      for (const [f, count] of tf) v.set(f, (1 + Math.log(count)) * idf(f) * (WEIGHT[f[0]!] ?? 1));
      return normalize(v);
    },
  };
}

/** Scale to unit length (an empty vector stays empty). */
export function normalize(v: SparseVector): SparseVector {
  let norm = 0;
  for (const x of v.values()) norm += x * x;
  if (norm === 0) return v;
  const scale = 1 / Math.sqrt(norm);
  for (const [k, x] of v) v.set(k, x * scale);
  return v;
}

/** Cosine of two unit vectors. */
export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [k, x] of small) {
    const y = large.get(k);
    if (y !== undefined) dot += x * y;
  }
  return dot;
}

/** Add `v` into `sum` (for centroids). */
export function addInto(sum: SparseVector, v: SparseVector): void {
  for (const [k, x] of v) sum.set(k, (sum.get(k) ?? 0) + x);
}
