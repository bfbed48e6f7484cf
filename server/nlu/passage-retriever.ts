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
  // Passages of one section share their title and headings: analysed once.
  const heads = new Map<string, ReturnType<typeof passageTerms>>();
  for (const p of passages) {
    const head = `${p.lang ?? ''}\n${p.title}\n${p.headings.join('\n')}`;
    const a = heads.get(head) ?? heads.set(head, passageTerms(analyzer.analyze(head, p.lang).tokens)).get(head)!;
    const b = passageTerms(analyzer.analyze(p.text, p.lang).tokens);
    words.push([...a.words, ...a.words, ...b.words]);
    chars.push([...a.chars, ...a.chars, ...b.chars]);
  }
  const wordView = createView(buildBm25Index(words, { k1: 1.2, b: 0.75 }));
  const charView = createView(buildBm25Index(chars, { k1: 1.2, b: 0.75 }));
  const ww = options.wordWeight;
  return {
    passageCount: passages.length,
    search(message, k) {
      const terms = passageTerms(message.tokens);
      // Only passages sharing a word with the question can answer it.
      if (!wordView.cover(terms.words)) return [];
      const charWeight = charView.cover(terms.chars) ? 1 - ww : 0;
      const lang = LANG_CODE[message.lang];
      const top: { d: number; score: number; raw: number }[] = [];
      for (let i = 0; i < wordView.count; i++) {
        const d = wordView.touched[i]!;
        if (langs[d] !== 0 && langs[d] !== lang) continue;
        const blended = (ww * wordView.score(d) + charWeight * charView.score(d)) / (ww + charWeight);
        // One shared word is not evidence enough: a passage needs two of the question's words to score fully.
        const hit = { d, score: Math.min(1, blended * Math.min(1, wordView.matched[d]! / 2)), raw: wordView.raw[d]! + charView.raw[d]! };
        insertTop(top, hit, k);
      }
      return top.map(({ d, score }) => ({ passageId: passages[d]!.id, score }));
    },
    arrayBytes: wordView.arrayBytes + charView.arrayBytes + langs.byteLength,
  };
}

/** Keeps the k best hits, best first; equal coverage: the passage that says the words more often (in its headings, say) first. */
function insertTop<T extends { score: number; raw: number }>(top: T[], hit: T, k: number): void {
  const better = (a: T, b: T) => a.score > b.score || (a.score === b.score && a.raw > b.raw);
  if (top.length === k && !better(hit, top[k - 1]!)) return;
  let at = Math.min(top.length, k - 1);
  while (at > 0 && better(hit, top[at - 1]!)) {
    top[at] = top[at - 1]!;
    at--;
  }
  top[at] = hit;
}

/**
 * One view's coverage of a query, per passage, in reusable arrays: `cover`
 * clears what the last query wrote (only the passages it touched), then
 * adds each query term's capped BM25 weight, its plain weight and a count of
 * distinct terms to the passages that have it; false when the query has no
 * terms in this view. `score(d)` is the coverage, 0..1.
 */
function createView(index: Bm25Index) {
  const docs = index.docCount;
  const capped = new Float64Array(docs);
  const matched = new Int32Array(docs);
  /** Plain BM25 (no cap), to order passages of equal coverage. */
  const raw = new Float64Array(docs);
  const touched = new Int32Array(docs);
  const view = {
    matched,
    raw,
    touched,
    count: 0,
    total: 1,
    score: (d: number) => capped[d]! / view.total,
    arrayBytes: index.arrayBytes + docs * 28,
    cover(terms: readonly string[]): boolean {
      for (let i = 0; i < view.count; i++) {
        const d = touched[i]!;
        capped[d] = raw[d] = matched[d] = 0;
      }
      view.count = 0;
      const unique = new Set(terms);
      let total = 0;
      for (const term of unique) {
        const t = index.termId(term);
        const idf = index.idf(t);
        total += idf;
        if (t < 0) continue;
        for (let p = index.offsets[t]!, end = index.offsets[t + 1]!; p < end; p++) {
          const d = index.docs[p]!;
          if (matched[d] === 0) touched[view.count++] = d;
          capped[d]! += Math.min(index.weights[p]!, idf);
          raw[d]! += index.weights[p]!;
          matched[d]! += 1;
        }
      }
      view.total = total || 1;
      return unique.size > 0;
    },
  };
  return view;
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
