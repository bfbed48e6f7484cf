import { accumulate, buildBm25Index, countTerms, createAccumulator, resetAccumulator, type Accumulator, type Bm25Index } from '../nlu/bm25.ts';
import { DEFAULT_FAQ_OPTIONS, textFeatures, type FaqQuery } from '../nlu/faq-retriever.ts';
import type { TextAnalyzer } from '../nlu/text.ts';
import type { Lang } from '../nlu/types.ts';
import type { ResolvedPair } from '../modules/conversations/index.ts';

/**
 * Similar resolved conversations for agent assist: an in-memory lexical
 * index of (customer question → agent reply) pairs, scored like the FAQ
 * retriever — BM25 over word tokens and over character n-grams, each as a
 * share of the self-scores (so 0..1 means the same for short and long
 * text), fused 0.3 / 0.7 — with one hit per conversation.
 *
 * Two parts: a main index in typed arrays (bm25.ts), built from a list of
 * pairs, and a small delta that takes newly resolved conversations without
 * a rebuild (its postings weighted with the main index's statistics, so
 * scores stay comparable). Pairs replaced or pushed out by the cap are
 * tombstoned. {@link SimilarIndex.needsCompaction} says when a rebuild is
 * worth it (the delta holds 10% of the main size, or 1,000 pairs).
 *
 * Memory: each pair keeps its two texts (capped at 300 and 2,000
 * characters) and its analysed terms as arrays of interned strings (one
 * copy of each distinct term per workspace), plus the typed arrays;
 * `bench/assist.ts` measures it.
 */

export interface SimilarHit {
  conversationId: string;
  customerText: string;
  agentReply: string;
  /** 0..1; the same scale as the FAQ retriever's. */
  score: number;
  resolvedAt: Date;
}

/** A pair with its analysed question, ready to index. */
export interface IndexedPair {
  pair: ResolvedPair;
  lang: Lang;
  words: string[];
  chars: string[];
}

export interface SimilarIndex {
  /** Pairs that can be found (tombstoned ones excluded). */
  readonly size: number;
  /** Best pairs for a question, one per conversation and per distinct reply, best first, at or above `minScore`. */
  search(query: FaqQuery, k: number, options?: { exclude?: string; minScore?: number }): SimilarHit[];
  /** Take newly resolved conversations' pairs (replacing any the index had for them), keeping at most `cap` pairs: the newest. */
  add(fresh: readonly IndexedPair[], cap: number): void;
  /** True when a rebuild ({@link buildSimilarIndex} of {@link livePairs}) would pay off. */
  needsCompaction(): boolean;
  /** Every findable pair, newest first: what a rebuild starts from. */
  livePairs(): IndexedPair[];
  /** Bytes of the typed arrays (texts and term arrays come on top). */
  readonly arrayBytes: number;
}

/** Interns terms so the many pairs sharing one hold a single string. */
export type TermPool = Map<string, string>;

const WORD_WEIGHT = DEFAULT_FAQ_OPTIONS.wordWeight;
/** Hits kept before one-per-conversation: a conversation rarely has more than a few pairs that match. */
const OVERSAMPLE = 5;
const MAX_DELTA = 1_000;
const LANG_CODE: Record<Lang, number> = { zh: 1, en: 2 };

const intern = (pool: TermPool, terms: string[]): string[] =>
  terms.map((term) => {
    const known = pool.get(term);
    if (known !== undefined) return known;
    pool.set(term, term);
    return term;
  });

/** Analyse a pair's question once: language, word terms and character n-grams (interned in `pool`). */
export function indexPair(analyzer: TextAnalyzer, pool: TermPool, pair: ResolvedPair): IndexedPair {
  const analysed = analyzer.analyze(pair.customerText);
  const features = textFeatures(analysed);
  return { pair, lang: analysed.lang, words: intern(pool, features.words), chars: intern(pool, features.chars) };
}

/** The documents of one view (words or characters): the main index plus the delta's postings. */
interface View {
  main: Bm25Index;
  /** Delta postings by term: [delta doc, weight] pairs. */
  delta: Map<string, number[]>;
  deltaSelf: number[];
}

/** BM25 weight of a term in a new document, with the main index's idf and length statistics. */
function weightIn(index: Bm25Index, term: string, tf: number, length: number): number {
  const { k1, b } = index.params;
  return (index.idf(index.termId(term)) * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / index.avgLength));
}

function addToView(view: View, doc: number, terms: readonly string[]): void {
  let self = 0;
  for (const [term, tf] of countTerms(terms)) {
    const w = weightIn(view.main, term, tf, terms.length);
    self += w;
    const postings = view.delta.get(term);
    if (postings) postings.push(doc, w);
    else view.delta.set(term, [doc, w]);
  }
  view.deltaSelf[doc] = self;
}

/** Delta scores of a query bag, by delta doc. */
function scoreDelta(view: View, bag: ReadonlyMap<string, number>): Map<number, number> {
  const scores = new Map<number, number>();
  for (const term of bag.keys()) {
    const postings = view.delta.get(term);
    if (!postings) continue;
    for (let i = 0; i < postings.length; i += 2) scores.set(postings[i]!, (scores.get(postings[i]!) ?? 0) + postings[i + 1]!);
  }
  return scores;
}

/** `(2 · shared) / (query self + doc self)`: 1 for the same text, whatever its length. */
const dice = (score: number, querySelf: number, docSelf: number) => (score > 0 ? (2 * score) / (querySelf + docSelf) : 0);

/** The index over pairs given newest first. */
export function buildSimilarIndex(pairs: readonly IndexedPair[]): SimilarIndex {
  return new TwoPartIndex([...pairs]);
}

type Ranked = [IndexedPair, number];

class TwoPartIndex implements SimilarIndex {
  private readonly words: View;
  private readonly chars: View;
  private readonly langs: Int8Array;
  private readonly dead: Uint8Array;
  private readonly delta: IndexedPair[] = [];
  private readonly deadDelta = new Set<number>();
  /** Where each conversation's pairs are: main docs as d, delta docs as -1 - d. */
  private readonly slots = new Map<string, number[]>();
  private readonly wordAcc: Accumulator;
  private readonly charAcc: Accumulator;
  private live: number;
  private deadMain = 0;
  private oldest: number;

  constructor(private readonly main: IndexedPair[]) {
    this.words = {
      main: buildBm25Index(
        main.map((p) => p.words),
        DEFAULT_FAQ_OPTIONS.word,
      ),
      delta: new Map(),
      deltaSelf: [],
    };
    this.chars = {
      main: buildBm25Index(
        main.map((p) => p.chars),
        DEFAULT_FAQ_OPTIONS.char,
      ),
      delta: new Map(),
      deltaSelf: [],
    };
    this.langs = Int8Array.from(main, (p) => LANG_CODE[p.lang]);
    this.dead = new Uint8Array(main.length);
    this.wordAcc = createAccumulator(main.length);
    this.charAcc = createAccumulator(main.length);
    main.forEach((p, d) => this.note(p.pair.conversationId, d));
    this.live = main.length;
    this.oldest = main.length - 1;
  }

  get size(): number {
    return this.live;
  }

  get arrayBytes(): number {
    return this.words.main.arrayBytes + this.chars.main.arrayBytes + this.langs.byteLength + this.dead.byteLength;
  }

  search(query: FaqQuery, k: number, { exclude, minScore = 0 }: { exclude?: string; minScore?: number } = {}): SimilarHit[] {
    const hits: SimilarHit[] = [];
    const seen = new Set<string>();
    // The same answer from two conversations is one suggestion to the agent (the better-matching one).
    const replies = new Set<string>();
    for (const [{ pair }, score] of this.rank(query, k * OVERSAMPLE, minScore)) {
      const reply = pair.agentReply.replace(/\s+/g, ' ').trim();
      if (pair.conversationId === exclude || seen.has(pair.conversationId) || replies.has(reply)) continue;
      seen.add(pair.conversationId);
      replies.add(reply);
      hits.push({
        conversationId: pair.conversationId,
        customerText: pair.customerText,
        agentReply: pair.agentReply,
        score,
        resolvedAt: pair.resolvedAt,
      });
      if (hits.length === k) break;
    }
    return hits;
  }

  add(fresh: readonly IndexedPair[], cap: number): void {
    for (const conversationId of new Set(fresh.map((p) => p.pair.conversationId))) {
      for (const slot of this.slots.get(conversationId) ?? []) this.kill(slot);
      this.slots.delete(conversationId);
    }
    for (const p of fresh) {
      const d = this.delta.push(p) - 1;
      addToView(this.words, d, p.words);
      addToView(this.chars, d, p.chars);
      this.note(p.pair.conversationId, -1 - d);
      this.live++;
    }
    // Over the cap the oldest go: main pairs from the end, then the delta's first.
    for (; this.live > cap && this.oldest >= 0; this.oldest--) this.kill(this.oldest);
    for (let d = 0; this.live > cap && d < this.delta.length; d++) this.kill(-1 - d);
  }

  needsCompaction(): boolean {
    return this.delta.length >= Math.min(MAX_DELTA, Math.max(1, this.main.length / 10)) || this.deadMain > this.main.length / 4;
  }

  livePairs(): IndexedPair[] {
    const fresh = this.delta.filter((_, d) => !this.deadDelta.has(d)).reverse();
    return [...fresh, ...this.main.filter((_, d) => !this.dead[d])];
  }

  private note(conversationId: string, slot: number): void {
    const list = this.slots.get(conversationId);
    if (list) list.push(slot);
    else this.slots.set(conversationId, [slot]);
  }

  private kill(slot: number): void {
    if (slot >= 0) {
      if (this.dead[slot]) return;
      this.dead[slot] = 1;
      this.deadMain++;
    } else {
      if (this.deadDelta.has(-1 - slot)) return;
      this.deadDelta.add(-1 - slot);
    }
    this.live--;
  }

  /** The n best live pairs in the query's language, main and delta together. */
  private rank(query: FaqQuery, n: number, minScore: number): Ranked[] {
    const features = textFeatures(query);
    const wordBag = countTerms(features.words);
    const charBag = countTerms(features.chars);
    const self = { word: accumulate(this.words.main, wordBag, this.wordAcc), char: accumulate(this.chars.main, charBag, this.charAcc) };
    const lang = LANG_CODE[query.lang];
    const top: Ranked[] = [];
    const offer = (pair: IndexedPair, w: number, wSelf: number, c: number, cSelf: number) => {
      const score = Math.min(1, WORD_WEIGHT * dice(w, self.word, wSelf) + (1 - WORD_WEIGHT) * dice(c, self.char, cSelf));
      if (score >= minScore && score > 0) insertTop(top, pair, score, n);
    };
    const { wordAcc, charAcc, words, chars } = this;
    const consider = (d: number) => {
      if (this.dead[d] || this.langs[d] !== lang) return;
      offer(this.main[d]!, wordAcc.scores[d]!, words.main.selfScores[d]!, charAcc.scores[d]!, chars.main.selfScores[d]!);
    };
    for (let i = 0; i < wordAcc.count; i++) consider(wordAcc.touched[i]!);
    for (let i = 0; i < charAcc.count; i++) if (wordAcc.scores[charAcc.touched[i]!] === 0) consider(charAcc.touched[i]!);
    resetAccumulator(wordAcc);
    resetAccumulator(charAcc);
    const wordDelta = scoreDelta(words, wordBag);
    const charDelta = scoreDelta(chars, charBag);
    for (const d of new Set([...wordDelta.keys(), ...charDelta.keys()])) {
      const pair = this.delta[d]!;
      if (this.deadDelta.has(d) || LANG_CODE[pair.lang] !== lang) continue;
      offer(pair, wordDelta.get(d) ?? 0, words.deltaSelf[d]!, charDelta.get(d) ?? 0, chars.deltaSelf[d]!);
    }
    return top;
  }
}

/** Keep `top` the n best, best first; at equal score the one inserted first stays first. */
function insertTop(top: Ranked[], pair: IndexedPair, score: number, n: number): void {
  if (top.length === n && score <= top[n - 1]![1]) return;
  let at = top.length === n ? n - 1 : top.length;
  while (at > 0 && top[at - 1]![1] < score) {
    top[at] = top[at - 1]!;
    at--;
  }
  top[at] = [pair, score];
}
