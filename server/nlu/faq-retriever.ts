import {
  accumulate,
  accumulateRare,
  addDeferred,
  buildBm25Index,
  countTerms,
  createAccumulator,
  resetAccumulator,
  type Accumulator,
  type Bm25Index,
  type Bm25Params,
} from './bm25.ts';
import { stemEn, type TextAnalyzer } from './text.ts';
import type { FaqCandidate, Lang, NluComponent, NluMessage, Ranked, TrainingData } from './types.ts';

/** What the retriever reads from an analysed message. */
export type FaqQuery = Pick<NluMessage, 'tokens' | 'normalized' | 'lang'>;

export interface FaqIndexOptions {
  word: Bm25Params;
  char: Bm25Params;
  /** Share of the word view in the fused score; the character view gets the rest. */
  wordWeight: number;
  /** Character n-gram lengths over runs of Chinese characters. */
  zhGrams: [number, number];
  /** Character n-gram lengths inside `#word#` for Latin words. */
  enGrams: [number, number];
  /** Soft max per item: `best + secondBoost · second · (1 − best)`, so two matching questions beat one. */
  secondBoost: number;
  /**
   * Terms in more questions than `max(min, share · questions)` only score the
   * questions rarer terms found (exact scores for those; the rest are not
   * ranked): what keeps a 10,000-item English index fast.
   */
  commonTerms: { share: number; min: number };
}

export const DEFAULT_FAQ_OPTIONS: FaqIndexOptions = {
  word: { k1: 1.2, b: 0 },
  char: { k1: 1.2, b: 0 },
  wordWeight: 0.3,
  zhGrams: [1, 2],
  enGrams: [3, 5],
  secondBoost: 0.5,
  commonTerms: { share: 0.02, min: 1000 },
};

export interface FaqIndex {
  readonly itemCount: number;
  readonly questionCount: number;
  /** Best items for a message, best first; scores 0..1 mean the same for short and long messages. */
  search(message: FaqQuery, k: number): FaqCandidate[];
  /** The item's first (standard) question, or undefined for an unknown id. */
  standardQuestion(faqId: string): string | undefined;
  /** A new index for changed FAQs; only questions it has not seen before are analysed again. */
  rebuild(faqs: TrainingData['faqs']): FaqIndex;
  /** Bytes held by the typed arrays of both views. */
  readonly arrayBytes: number;
}

interface Features {
  words: string[];
  chars: string[];
}

const LANG_CODE: Record<Lang, number> = { zh: 1, en: 2 };

/**
 * Index FAQ items (standard question + similar questions) for hybrid lexical
 * search: BM25 over word tokens and BM25 over character n-grams, each turned
 * into 0..1 by the self-scores of query and question (so a threshold means the
 * same for a two-word and a twenty-word message), fused by a weighted sum, and
 * grouped per item (best question, lifted a little by the second best).
 * Defaults were picked on the train splits of ATEC, BQ, LCQMC and banking77.
 * @example
 * const index = buildFaqIndex([{ id: 'refund', questions: ['怎么退款', '退款多久到账'] }], createTextAnalyzer());
 * index.search(analyzer.analyze('退款什么时候到账'), 3); // [{ faqId: 'refund', question: '退款多久到账', score: 0.7… }]
 */
export function buildFaqIndex(faqs: TrainingData['faqs'], analyzer: TextAnalyzer, options: Partial<FaqIndexOptions> = {}): FaqIndex {
  return indexWithCache(faqs, analyzer, { ...DEFAULT_FAQ_OPTIONS, ...options }, new Map());
}

function indexWithCache(faqs: TrainingData['faqs'], analyzer: TextAnalyzer, options: FaqIndexOptions, seen: Map<string, Features>): FaqIndex {
  const cache = new Map<string, Features>();
  const words: string[][] = [];
  const chars: string[][] = [];
  const questions: string[] = [];
  const docItem: number[] = [];
  const itemLang = new Int8Array(faqs.length);
  faqs.forEach((faq, item) => {
    itemLang[item] = faq.lang ? LANG_CODE[faq.lang] : 0;
    for (const question of new Set(faq.questions)) {
      const key = `${faq.lang ?? ''}\u0001${question}`;
      const features = cache.get(key) ?? seen.get(key) ?? textFeatures(analyzer.analyze(question, faq.lang), options);
      cache.set(key, features);
      words.push(features.words);
      chars.push(features.chars);
      questions.push(question);
      docItem.push(item);
    }
  });
  const wordIndex = buildBm25Index(words, options.word);
  const charIndex = buildBm25Index(chars, options.char);
  const search = createSearch(wordIndex, charIndex, Int32Array.from(docItem), itemLang, options);
  const itemOf = new Map(faqs.map((faq, i) => [faq.id, i]));
  return {
    itemCount: faqs.length,
    questionCount: questions.length,
    search: (message, k) => search(message, k).map(([item, doc, score]) => ({ faqId: faqs[item]!.id, question: questions[doc]!, score })),
    standardQuestion: (faqId) => faqs[itemOf.get(faqId) ?? -1]?.questions[0],
    rebuild: (next) => indexWithCache(next, analyzer, options, cache),
    arrayBytes: wordIndex.arrayBytes + charIndex.arrayBytes + docItem.length * 4 + itemLang.byteLength,
  };
}

type Hit = [item: number, doc: number, score: number];

function createSearch(word: Bm25Index, char: Bm25Index, docItem: Int32Array, itemLang: Int8Array, options: FaqIndexOptions) {
  const wordAcc = createAccumulator(word.docCount);
  const charAcc = createAccumulator(char.docCount);
  const items = createItemBest(itemLang.length, options.secondBoost);
  const ww = options.wordWeight;
  const visit = (d: number, wordSelf: number, charSelf: number, lang: number): void => {
    const item = docItem[d]!;
    if (itemLang[item] !== 0 && itemLang[item] !== lang) return;
    const w = dice(wordAcc.scores[d]!, wordSelf, word.selfScores[d]!);
    const c = dice(charAcc.scores[d]!, charSelf, char.selfScores[d]!);
    items.add(item, d, Math.min(1, ww * w + (1 - ww) * c));
  };
  const lexical = createLexicalScan(word, wordAcc, char, charAcc, options.commonTerms);
  return (message: FaqQuery, k: number): Hit[] => {
    const features = textFeatures(message, options);
    const { wordSelf, charSelf } = lexical(countTerms(features.words), countTerms(features.chars));
    const lang = LANG_CODE[message.lang];
    for (let i = 0; i < wordAcc.count; i++) visit(wordAcc.touched[i]!, wordSelf, charSelf, lang);
    for (let i = 0; i < charAcc.count; i++) {
      const d = charAcc.touched[i]!;
      if (wordAcc.scores[d] === 0) visit(d, wordSelf, charSelf, lang);
    }
    resetAccumulator(wordAcc);
    resetAccumulator(charAcc);
    return items.take(k);
  };
}

/**
 * Both views' BM25 scores for one query: rare terms scanned in full, common
 * ones added only to the questions either view found (so a question's word and
 * character scores are both exact), or everything scanned when only common
 * terms occur.
 */
function createLexicalScan(word: Bm25Index, wordAcc: Accumulator, char: Bm25Index, charAcc: Accumulator, common: FaqIndexOptions['commonTerms']) {
  const maxDf = Math.max(common.min, common.share * word.docCount);
  const marks = new Uint8Array(word.docCount);
  const candidates = new Int32Array(word.docCount);
  return (words: Map<string, number>, chars: Map<string, number>) => {
    const w = accumulateRare(word, words, wordAcc, maxDf);
    const c = accumulateRare(char, chars, charAcc, maxDf);
    if (w.deferred.length === 0 && c.deferred.length === 0) return { wordSelf: w.self, charSelf: c.self };
    let n = 0;
    for (const acc of [wordAcc, charAcc]) {
      for (let i = 0; i < acc.count; i++) {
        const d = acc.touched[i]!;
        if (marks[d]) continue;
        marks[d] = 1;
        candidates[n++] = d;
      }
    }
    if (n === 0) return { wordSelf: accumulate(word, words, wordAcc), charSelf: accumulate(char, chars, charAcc) };
    addDeferred(word, w.deferred, wordAcc, candidates, n, marks);
    addDeferred(char, c.deferred, charAcc, candidates, n, marks);
    for (let i = 0; i < n; i++) marks[candidates[i]!] = 0;
    return { wordSelf: w.self, charSelf: c.self };
  };
}

/** Per-item best and second-best question scores for one query, in reusable typed arrays. */
function createItemBest(itemCount: number, secondBoost: number) {
  const best = new Float32Array(itemCount).fill(-1);
  const second = new Float32Array(itemCount);
  const bestDoc = new Int32Array(itemCount);
  const touched: number[] = [];
  return {
    add(item: number, doc: number, score: number): void {
      if (best[item]! < 0) touched.push(item);
      if (score > best[item]!) {
        second[item] = Math.max(best[item]!, 0);
        best[item] = score;
        bestDoc[item] = doc;
      } else if (score > second[item]!) second[item] = score;
    },
    /** The k best items (soft max of their two best questions), and a clean slate for the next query. */
    take(k: number): Hit[] {
      for (const item of touched) best[item]! += secondBoost * second[item]! * (1 - best[item]!);
      const top = topItems(touched, best, k).map((item): Hit => [item, bestDoc[item]!, best[item]!]);
      for (const item of touched) {
        best[item] = -1;
        second[item] = 0;
      }
      touched.length = 0;
      return top;
    },
  };
}

/**
 * A BM25 score as a share of what the query and the question score against
 * themselves (their self-scores): 1 for the same text, lower for a missing or an
 * extra term, whatever the length; the same idea as the Dice coefficient.
 */
function dice(score: number, querySelf: number, docSelf: number): number {
  return score > 0 ? (2 * score) / (querySelf + docSelf) : 0;
}

/** The k best items by score (ties: lower item index first), best first. */
function topItems(items: readonly number[], score: Float32Array, k: number): number[] {
  const top: number[] = [];
  for (const item of items) {
    const s = score[item]!;
    if (s <= 0 || (top.length === k && s <= score[top[k - 1]!]!)) continue;
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && (score[top[at - 1]!]! < s || (score[top[at - 1]!]! === s && top[at - 1]! > item))) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = item;
  }
  return top;
}

/** Word terms (tokens, English ones stemmed) and character n-grams of an analysed text. */
export function textFeatures(text: FaqQuery, options: Pick<FaqIndexOptions, 'zhGrams' | 'enGrams'> = DEFAULT_FAQ_OPTIONS): Features {
  const words = text.tokens.map((t) => (LATIN_WORD.test(t) ? stemEn(t) : t));
  const chars: string[] = [];
  for (const [run] of text.normalized.matchAll(RUNS)) {
    if (HAN.test(run)) pushGrams(chars, run, options.zhGrams);
    else pushGrams(chars, `#${run}#`, options.enGrams);
  }
  return { words, chars };
}

const RUNS = /\p{Script=Han}+|[\p{L}\p{N}]+/gu;
const HAN = /^\p{Script=Han}/u;
const LATIN_WORD = /^[a-z]+$/;

/** Character n-grams of `run` with lengths min..max; a run shorter than min is kept whole. */
function pushGrams(out: string[], run: string, [min, max]: [number, number]): void {
  if (run.length < min) out.push(run);
  for (let n = min; n <= max; n++) for (let i = 0; i + n <= run.length; i++) out.push(run.slice(i, i + n));
}

/** Share of the intent classifier in the blend (banking77 train split: hit@1 flat from 0.3 to 0.7). */
export const DEFAULT_INTENT_WEIGHT = 0.3;

/**
 * The pipeline step: sets `message.faq` to the k best FAQ items, blended with
 * the intent classifier's `faq:<id>` entries when an earlier step set `message.intent`.
 * `train` rebuilds the index from the workspace's FAQs (re-analysing only new questions).
 * @example
 * const pipeline = [intentClassifier, faqComponent(buildFaqIndex(faqs, analyzer), 5)];
 */
export function faqComponent(index: FaqIndex, k: number, intentWeight = DEFAULT_INTENT_WEIGHT): NluComponent {
  let current = index;
  return {
    name: 'faq',
    train(data) {
      current = current.rebuild(data.faqs);
    },
    process(message) {
      const candidates = current.search(message, k);
      const ranking = message.intent?.ranking;
      const faq = ranking?.length
        ? fuseWithIntent(candidates, ranking, { weight: intentWeight, question: current.standardQuestion }).slice(0, k)
        : candidates;
      return { ...message, faq };
    },
  };
}

/**
 * Blends retrieval scores with the intent classifier's confidence for
 * `faq:<id>` entries: `(1 − weight) · retrieval + weight · classifier`. Items
 * only the classifier ranked join with their standard question (via `question`)
 * and are dropped when it does not know them.
 * @example
 * fuseWithIntent([{ faqId: 'a', question: '怎么退款', score: 0.6 }], [{ name: 'faq:b', confidence: 0.9 }], { question: index.standardQuestion });
 */
export function fuseWithIntent(
  candidates: readonly FaqCandidate[],
  intentRanking: readonly Ranked[],
  { weight = DEFAULT_INTENT_WEIGHT, question }: { weight?: number; question?: (faqId: string) => string | undefined } = {},
): FaqCandidate[] {
  const intent = new Map<string, number>();
  for (const r of intentRanking) if (r.name.startsWith('faq:')) intent.set(r.name.slice(4), r.confidence);
  const fused = candidates.map((c) => ({ ...c, score: (1 - weight) * c.score + weight * (intent.get(c.faqId) ?? 0) }));
  const known = new Set(candidates.map((c) => c.faqId));
  for (const [faqId, confidence] of intent) {
    const text = known.has(faqId) ? undefined : question?.(faqId);
    if (text !== undefined) fused.push({ faqId, question: text, score: weight * confidence });
  }
  return fused.sort((a, b) => b.score - a.score);
}
