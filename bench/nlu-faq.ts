/**
 * FAQ retrieval at knowledge-base sizes: index build time (analysis
 * included), re-index after 1% of the items changed, memory, and search
 * latency (analysis excluded) for 1,000 and 10,000 FAQ items, and for 10,000
 * items + 1,000 article-sized passages. Items are clusters of paraphrases from
 * ATEC and BQ (one product domain each, like a real workspace: standard
 * question + its similar questions); one paraphrase per item is held out as a
 * query, so hit@1 is printed too. Baseline in the same run: a plain TF-IDF
 * cosine ranker over word tokens.
 *
 *   node --expose-gc --import tsx bench/nlu-faq.ts      (env: BENCH_ROUNDS=3 BENCH_QUERIES=2000)
 *
 * Reads ../shared/datasets next to the repository; skips when it is absent.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTfidfRanker, percentile, readPairs, type FaqRanker, type Pair } from '../server/nlu/eval-faq.ts';
import { buildFaqIndex } from '../server/nlu/faq-retriever.ts';
import { createTextAnalyzer } from '../server/nlu/text.ts';
import type { NluMessage, TrainingData } from '../server/nlu/types.ts';

const datasets = path.resolve(import.meta.dirname, '../../shared/datasets');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const maxQueries = Number(process.env.BENCH_QUERIES ?? 2000);
const print = (line: string) => process.stdout.write(`${line}\n`);
const gc = (globalThis as { gc?: () => void }).gc;

type Faq = TrainingData['faqs'][number];
interface Query {
  message: NluMessage;
  faqId: string;
}

/** A small deterministic generator, so every run measures the same items. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/** Paraphrase clusters: the connected components of the positive pairs. */
function clusters(pairs: readonly Pair[]): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    if (!parent.has(x)) parent.set(x, x);
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  for (const { a, b, label } of pairs) if (label === 1) parent.set(find(a), find(b));
  const groups = new Map<string, string[]>();
  for (const text of parent.keys()) {
    const root = find(text);
    groups.set(root, [...(groups.get(root) ?? []), text].slice(0, 6));
  }
  return [...groups.values()];
}

async function loadClusters(): Promise<string[][]> {
  const files = ['atec/train', 'atec/test', 'bq_corpus/train', 'bq_corpus/test'].map((f) => path.join(datasets, `${f}.jsonl`));
  const groups: string[][] = [];
  for (const name of ['atec', 'bq_corpus']) {
    const pairs = (await Promise.all(files.filter((f) => f.includes(`/${name}/`)).map(readPairs))).flat();
    groups.push(...clusters(pairs));
  }
  const rand = random(7);
  for (let i = groups.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [groups[i], groups[j]] = [groups[j]!, groups[i]!];
  }
  return groups;
}

/** `count` items; those with two or more questions give their last one up as a query. */
function makeItems(groups: string[][], count: number, analyze: (text: string) => NluMessage): { faqs: Faq[]; queries: Query[] } {
  const faqs: Faq[] = [];
  const queries: Query[] = [];
  for (const [i, group] of groups.slice(0, count).entries()) {
    const id = `faq_${i}`;
    const held = group.length > 1 ? group.at(-1) : undefined;
    faqs.push({ id, questions: held ? group.slice(0, -1) : group });
    if (held && queries.length < maxQueries) queries.push({ message: analyze(held), faqId: id });
  }
  return { faqs, queries };
}

/** Article-sized passages: eight unrelated questions joined, about 150 characters. */
function makePassages(groups: string[][], count: number): Faq[] {
  const pool = groups.flat();
  const rand = random(11);
  return Array.from({ length: count }, (_, i) => ({
    id: `passage_${i}`,
    questions: [Array.from({ length: 8 }, () => pool[Math.floor(rand() * pool.length)]!).join('。')],
  }));
}

function memory(): number {
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Build time and retained memory of `build()`; the result stays alive until the caller drops it. */
function measureBuild<T>(build: () => T): { value: T; ms: number; mb: number } {
  const before = memory();
  const start = performance.now();
  const value = build();
  const ms = performance.now() - start;
  return { value, ms, mb: (memory() - before) / 2 ** 20 };
}

/** Search latency as each query's fastest of `rounds` runs (a busy machine's pre-emptions are not search cost), and hit@1. */
function measureSearch(ranker: FaqRanker, queries: readonly Query[]): { p50: number; p99: number; hit1: number } {
  const times = queries.map(() => Infinity);
  for (let round = 0; round <= rounds; round++) {
    queries.forEach((q, i) => {
      const start = performance.now();
      ranker.search(q.message, 5);
      if (round > 0) times[i] = Math.min(times[i]!, performance.now() - start);
    });
  }
  const hits = queries.filter((q) => ranker.search(q.message, 1)[0]?.faqId === q.faqId).length;
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), hit1: hits / (queries.length || 1) };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main(): Promise<void> {
  if (!existsSync(path.join(datasets, 'atec')) || !existsSync(path.join(datasets, 'bq_corpus'))) {
    print(`skipped: ${datasets}/{atec,bq_corpus} not found`);
    return;
  }
  if (!gc) print('(memory figures are rough: run with node --expose-gc)');
  const groups = await loadClusters();
  const analyzer = createTextAnalyzer();
  const analyze = (text: string): NluMessage => analyzer.analyze(text);
  const rows: string[] = [];
  for (const [label, count, passages] of [
    ['1,000 items', 1000, 0],
    ['10,000 items', 10_000, 0],
    ['10,000 items + 1,000 passages', 10_000, 1000],
  ] as const) {
    const { faqs: items, queries } = makeItems(groups, count, analyze);
    const faqs = [...items, ...makePassages(groups, passages)];
    const questions = faqs.reduce((n, f) => n + f.questions.length, 0);
    const kefu = measureBuild(() => buildFaqIndex(faqs, analyzer));
    const changed = faqs.map((f, i) => (i % 100 === 0 ? { ...f, questions: [...f.questions, `${f.questions[0]}?`] } : f));
    const start = performance.now();
    kefu.value.rebuild(changed);
    const rebuildMs = performance.now() - start;
    const kefuSearch = measureSearch(kefu.value, queries);
    const base = measureBuild(() => buildTfidfRanker(faqs, analyzer));
    const baseSearch = measureSearch(base.value, queries);
    const head = `${label} (${questions.toLocaleString('en')} questions, ${queries.length} queries)`;
    rows.push(
      `| ${head} | Kefu hybrid BM25 | ${fmt(kefu.ms, 0)} | ${fmt(rebuildMs, 0)} | ${fmt(kefu.mb)} | ${fmt(kefuSearch.p50, 3)} | ${fmt(kefuSearch.p99, 3)} | ${fmt(kefuSearch.hit1, 3)} |`,
      `| ${head} | TF-IDF cosine (baseline) | ${fmt(base.ms, 0)} | — | ${fmt(base.mb)} | ${fmt(baseSearch.p50, 3)} | ${fmt(baseSearch.p99, 3)} | ${fmt(baseSearch.hit1, 3)} |`,
    );
  }
  print(
    `FAQ retrieval — top 5, latency = each query's fastest of ${rounds} runs, ${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  print('');
  print('| knowledge base | ranker | build ms | re-index 1% changed ms | memory MB | search p50 ms | search p99 ms | hit@1 |');
  print('| --- | --- | --- | --- | --- | --- | --- | --- |');
  rows.forEach(print);
}

await main();
