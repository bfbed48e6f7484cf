import { buildBm25Index, type Bm25Index } from './bm25.ts';
import { stemEn, type TextAnalyzer } from './text.ts';
import type { Lang, NluComponent, NluMessage, PassageCandidate } from './types.ts';

/**
 * Retrieval over article passages (server/nlu/passages.ts) for questions no
 * FAQ item answers: BM25 over word tokens and over character n-grams, as the
 * FAQ retriever does, but scored as the share of the question a passage
 * covers — each query term counts its BM25 weight in the passage, capped at
 * the term's idf (one occurrence in a passage of average length), over the
 * sum of the query terms' idf. So 1 means "every word of the question is in
 * this passage", and words no passage has (a typo, another topic) pull the
 * score down; question words (怎么, 吗, how, what…) are not counted.
 */

export interface PassageDoc {
  id: string;
  lang?: Lang;
  /** Article title and heading path: indexed with the text, and counted twice. */
  title: string;
  headings: readonly string[];
  text: string;
}

export type PassageQuery = Pick<NluMessage, 'tokens' | 'lang'>;

export interface PassageIndex {
  readonly passageCount: number;
  /** Best passages for a message, best first, with scores 0..1. */
  search(message: PassageQuery, k: number): PassageCandidate[];
  readonly arrayBytes: number;
}

export interface PassageIndexOptions {
  /** Share of the word view in the score; character n-grams get the rest. */
  wordWeight: number;
}

export const DEFAULT_PASSAGE_INDEX_OPTIONS: PassageIndexOptions = { wordWeight: 0.5 };

/** Words that make a sentence a question rather than say what it is about. */
const STOP = new Set(
  (
    '的 了 吗 呢 吧 啊 呀 哦 嘛 么 是 在 有 没有 我 我的 你 您 你们 我们 它 怎么 怎么办 怎样 如何 什么 为什么 请问 请 可以 能 能不能 会 要 想 一下 ' +
    '这个 那个 这 那 和 与 或 就 都 也 还 把 被 给 到 哪 哪里 哪些 多少 几 意思 怎么回事 怎么样 ' +
    'a an the is are was were be been am do does did can could would will should shall may might i me my you your we our it its this that these those ' +
    "to of in on for at from with and or not no how what when where why which who whom please there have has had if about what's how's it's i'm don't can't"
  ).split(' '),
);

const LANG_CODE: Record<Lang, number> = { zh: 1, en: 2 };
const HAN_RUN = /^\p{Script=Han}+$/u;
const LATIN_WORD = /^[a-z]+$/;

/** Terms of an analysed text without question words: stemmed words, and n-grams of the words left (Chinese bigrams across adjacent words, Latin 3–5 inside #…#). */
export function passageTerms(tokens: readonly string[]): { words: string[]; chars: string[] } {
  const words: string[] = [];
  const chars: string[] = [];
  let run = '';
  const flush = () => {
    if (run.length === 1) chars.push(run);
    for (let i = 0; i + 2 <= run.length; i++) chars.push(run.slice(i, i + 2));
    run = '';
  };
  for (const token of tokens) {
    if (STOP.has(token) || !/[\p{L}\p{N}]/u.test(token)) {
      flush();
      continue;
    }
    words.push(LATIN_WORD.test(token) ? stemEn(token) : token);
    if (HAN_RUN.test(token)) run += token;
    else {
      flush();
      const w = `#${token}#`;
      for (let n = 3; n <= 5; n++) for (let i = 0; i + n <= w.length; i++) chars.push(w.slice(i, i + n));
      if (w.length < 3) chars.push(w);
    }
  }
  flush();
  return { words, chars };
}

/**
 * Index passages for `search`. Rebuilt whole on every retrain (1,000 articles
 * are a few thousand passages: well under a second).
 * @example
 * const index = buildPassageIndex([{ id: 'p1', lang: 'zh', title: '耳机手册', headings: ['指示灯'], text: '红灯闪烁表示电量低。' }], analyzer);
 * index.search(analyzer.analyze('红灯闪是什么意思'), 3); // [{ passageId: 'p1', score: 0.8… }]
 */
export function buildPassageIndex(
  passages: readonly PassageDoc[],
  analyzer: TextAnalyzer,
  options: PassageIndexOptions = DEFAULT_PASSAGE_INDEX_OPTIONS,
): PassageIndex {
  const words: string[][] = [];
  const chars: string[][] = [];
  const langs = Int8Array.from(passages, (p) => (p.lang ? LANG_CODE[p.lang] : 0));
  for (const p of passages) {
    const head = `${p.title}\n${p.headings.join('\n')}`;
    const a = passageTerms(analyzer.analyze(head, p.lang).tokens);
    const b = passageTerms(analyzer.analyze(p.text, p.lang).tokens);
    words.push([...a.words, ...a.words, ...b.words]);
    chars.push([...a.chars, ...a.chars, ...b.chars]);
  }
  const word = buildBm25Index(words, { k1: 1.2, b: 0.75 });
  const char = buildBm25Index(chars, { k1: 1.2, b: 0.75 });
  const wordView = createView(word, passages.length);
  const charView = createView(char, passages.length);
  const ww = options.wordWeight;
  return {
    passageCount: passages.length,
    search(message, k) {
      const terms = passageTerms(message.tokens);
      const hasWords = wordView.cover(terms.words);
      const hasChars = charView.cover(terms.chars);
      const weight = (hasWords ? ww : 0) + (hasChars ? 1 - ww : 0);
      if (weight === 0) return [];
      const lang = LANG_CODE[message.lang];
      const hits: (PassageCandidate & { raw: number })[] = [];
      for (let d = 0; d < passages.length; d++) {
        if (langs[d] !== 0 && langs[d] !== lang) continue;
        const blended = (ww * wordView.scores[d]! + (1 - ww) * charView.scores[d]!) / weight;
        // One shared word is not evidence enough: a passage needs two of the question's words to score fully.
        const score = blended * Math.min(1, wordView.matched[d]! / 2);
        if (score > 0) hits.push({ passageId: passages[d]!.id, score: Math.min(1, score), raw: wordView.raw[d]! + charView.raw[d]! });
      }
      // Equal coverage: the passage that says the words more often (in its headings, say) first.
      hits.sort((x, y) => y.score - x.score || y.raw - x.raw);
      return hits.slice(0, k).map(({ passageId, score }) => ({ passageId, score }));
    },
    arrayBytes: word.arrayBytes + char.arrayBytes + langs.byteLength,
  };
}

/**
 * One view's per-passage coverage of the query: `cover` writes each
 * passage's score (0..1), how many distinct query terms it has and its
 * plain BM25 score, and
 * returns false when the query has no terms in this view.
 */
function createView(index: Bm25Index, docCount: number) {
  const scores = new Float64Array(docCount);
  const matched = new Int32Array(docCount);
  /** Plain BM25 (no cap), to order passages of equal coverage. */
  const raw = new Float64Array(docCount);
  return {
    scores,
    matched,
    raw,
    cover(terms: readonly string[]): boolean {
      scores.fill(0);
      matched.fill(0);
      raw.fill(0);
      const unique = new Set(terms);
      if (unique.size === 0) return false;
      let total = 0;
      for (const term of unique) {
        const t = index.termId(term);
        const idf = index.idf(t);
        total += idf;
        if (t < 0) continue;
        for (let p = index.offsets[t]!, end = index.offsets[t + 1]!; p < end; p++) {
          scores[index.docs[p]!]! += Math.min(index.weights[p]!, idf);
          raw[index.docs[p]!]! += index.weights[p]!;
          matched[index.docs[p]!]! += 1;
        }
      }
      for (let d = 0; d < docCount; d++) scores[d]! /= total;
      return true;
    },
  };
}

/**
 * The pipeline step: sets `message.passages` to the k best passages.
 * @example const pipeline = [faqComponent(faqIndex, 5), passageComponent(buildPassageIndex(passages, analyzer), 3)];
 */
export function passageComponent(index: PassageIndex, k: number): NluComponent {
  return {
    name: 'passages',
    process: (message) => (index.passageCount ? { ...message, passages: index.search(message, k) } : message),
  };
}
