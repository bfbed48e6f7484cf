import { z } from 'zod';
import type { EvalOptions } from './eval-types.ts';
import { readJsonl } from './jsonl.ts';
import { buildFaqIndex, type FaqQuery } from './faq-retriever.ts';
import { createTextAnalyzer, type TextAnalyzer } from './text.ts';
import type { Lang, TrainingData } from './types.ts';

const pairSchema = z.object({ a: z.string(), b: z.string(), label: z.union([z.literal(0), z.literal(1)]) });
export type Pair = z.infer<typeof pairSchema>;

/** Reads a question-pair file (`{"a","b","label"}` per line). */
export function readPairs(file: string): Promise<Pair[]> {
  return readJsonl(file, pairSchema);
}

/** A knowledge base and the questions that should find its items. */
export interface FaqBenchmark {
  faqs: TrainingData['faqs'];
  /** `answers`: the items that are right for `text`; `self`: the item whose question is `text` verbatim, left out of its ranking. */
  queries: { text: string; answers: string[]; self?: string }[];
}

/**
 * One FAQ item per distinct `b` of the positive pairs; one query per distinct
 * `a`, right when it finds any `b` it is paired with. A query whose text is
 * itself a stored question is ranked without that item, since finding
 * yourself says nothing (half of BQ's questions appear on both sides).
 * @example
 * faqBenchmarkFromPairs([{ a: '怎么退款', b: '如何申请退款', label: 1 }]); // 1 item, 1 query
 */
export function faqBenchmarkFromPairs(pairs: readonly Pair[]): FaqBenchmark {
  const ids = new Map<string, string>();
  const answers = new Map<string, Set<string>>();
  for (const { a, b, label } of pairs) {
    if (label !== 1) continue;
    let faqId = ids.get(b);
    if (faqId === undefined) ids.set(b, (faqId = `q${ids.size}`));
    answers.set(a, (answers.get(a) ?? new Set()).add(faqId));
  }
  return {
    faqs: [...ids].map(([question, id]) => ({ id, questions: [question] })),
    queries: [...answers].map(([text, set]) => ({ text, answers: [...set], self: ids.get(text) })),
  };
}

/** Anything that ranks FAQ items for an analysed question. */
export interface FaqRanker {
  search(message: FaqQuery, k: number): { faqId: string }[];
}

/**
 * The baseline: plain TF-IDF cosine over word tokens (raw tf, smoothed idf
 * `ln((1+N)/(1+df)) + 1`, L2-normalised), best question per item.
 */
export function buildTfidfRanker(faqs: TrainingData['faqs'], analyzer: TextAnalyzer): FaqRanker {
  const docs = faqs.flatMap((faq) => faq.questions.map((q) => ({ faqId: faq.id, tokens: analyzer.analyze(q, faq.lang).tokens })));
  const df = new Map<string, number>();
  for (const doc of docs) for (const t of new Set(doc.tokens)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log((1 + docs.length) / (1 + (df.get(t) ?? 0))) + 1;
  const vector = (tokens: readonly string[]) => {
    const tf = new Map<string, number>();
    for (const t of tokens) if (df.has(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
    const norm = Math.hypot(...[...tf].map(([t, n]) => n * idf(t))) || 1;
    return [...tf].map(([t, n]) => [t, (n * idf(t)) / norm] as const);
  };
  const postings = new Map<string, { doc: number; weight: number }[]>();
  docs.forEach((doc, i) => {
    for (const [t, weight] of vector(doc.tokens)) {
      const list = postings.get(t) ?? [];
      if (!list.length) postings.set(t, list);
      list.push({ doc: i, weight });
    }
  });
  return {
    search(message, k) {
      const scores = new Map<number, number>();
      for (const [t, w] of vector(message.tokens)) for (const p of postings.get(t) ?? []) scores.set(p.doc, (scores.get(p.doc) ?? 0) + w * p.weight);
      const best = new Map<string, number>();
      for (const [doc, score] of scores) {
        const { faqId } = docs[doc]!;
        if (score > (best.get(faqId) ?? 0)) best.set(faqId, score);
      }
      return [...best]
        .sort((x, y) => y[1] - x[1])
        .slice(0, k)
        .map(([faqId]) => ({ faqId }));
    },
  };
}

export interface RankerFigures {
  hit_at_1: number;
  hit_at_3: number;
  /** Mean reciprocal rank of the right item within the top 10 (0 when absent). */
  mrr: number;
  p50_ms: number;
  p99_ms: number;
}

/**
 * Scores a ranker on analysed queries. Latency is each query's fastest of
 * `rounds` timed runs (after one warm-up run), so a busy machine's pre-emptions
 * do not pass for search cost.
 */
export function scoreRanker(
  ranker: FaqRanker,
  queries: readonly { message: FaqQuery; answers: string[]; self?: string }[],
  rounds = 3,
): RankerFigures {
  const times = queries.map(() => Infinity);
  for (let round = 0; round <= rounds; round++) {
    queries.forEach((q, i) => {
      const start = performance.now();
      ranker.search(q.message, 11);
      if (round > 0) times[i] = Math.min(times[i]!, performance.now() - start);
    });
  }
  const ranks = queries.map((q) =>
    ranker
      .search(q.message, 11)
      .filter((r) => r.faqId !== q.self)
      .findIndex((r) => q.answers.includes(r.faqId)),
  );
  const share = (hit: (rank: number) => number) => round(ranks.reduce((sum, rank) => sum + hit(rank + 1), 0) / (queries.length || 1));
  return {
    hit_at_1: share((rank) => (rank === 1 ? 1 : 0)),
    hit_at_3: share((rank) => (rank >= 1 && rank <= 3 ? 1 : 0)),
    mrr: share((rank) => (rank >= 1 && rank <= 10 ? 1 / rank : 0)),
    p50_ms: percentile(times, 0.5),
    p99_ms: percentile(times, 0.99),
  };
}

/** The q-quantile of a list of times (nearest rank), rounded to microseconds. */
export function percentile(values: readonly number[], q: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!, 3);
}

function round(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}

/**
 * `eval faq --pairs PAIRS.jsonl`: builds a knowledge base from the positive
 * pairs' `b` questions, asks each distinct positive `a` (see
 * {@link faqBenchmarkFromPairs}), and reports Kefu's retriever beside a plain
 * TF-IDF cosine ranker from the same run (`baseline_*`). Build times include
 * tokenising the questions; search times do not (the pipeline tokenises once).
 */
export async function evalFaq(options: EvalOptions): Promise<Record<string, unknown>> {
  if (!options.pairs) throw new Error('eval faq needs --pairs');
  const bench = faqBenchmarkFromPairs(await readPairs(options.pairs));
  const lang: Lang | undefined = options.lang === 'auto' ? undefined : options.lang;
  const faqs = bench.faqs.map((faq) => ({ ...faq, lang }));
  options.log(`faq: ${faqs.length} items, ${bench.queries.length} queries`);
  const analyzer = createTextAnalyzer();
  let start = performance.now();
  const index = buildFaqIndex(faqs, analyzer);
  const buildMs = performance.now() - start;
  start = performance.now();
  const baseline = buildTfidfRanker(faqs, analyzer);
  const baselineBuildMs = performance.now() - start;
  const queries = bench.queries.map((q) => ({ ...q, message: analyzer.analyze(q.text, lang) }));
  const kefu = scoreRanker(index, queries);
  options.log(`faq: kefu hit@1 ${kefu.hit_at_1}`);
  const base = scoreRanker(baseline, queries);
  return {
    ...kefu,
    build_ms: round(buildMs, 1),
    n_items: faqs.length,
    n_queries: queries.length,
    ...Object.fromEntries(Object.entries({ ...base, build_ms: round(baselineBuildMs, 1) }).map(([key, value]) => [`baseline_${key}`, value])),
  };
}
