/**
 * Agent assist: the similar-conversation index and a whole suggestion.
 * Pairs are customer questions from the train splits of ATEC and BQ
 * (paraphrase clusters: one question per cluster is the pair's customer
 * text, another is held out as a query and is "right" when the top hit is
 * its cluster's pair); agent replies are ~100 characters of other
 * questions. Prints, for 10,000 and 20,000 pairs (the cap): build time
 * (analysis included), the refresh that adds 20 resolved conversations,
 * retained memory, search latency (query analysis included) and hit@1, the
 * whole suggestion (demo bot's FAQ answers + similar conversations, no
 * database) p50/p99, and for each score threshold how many right and other
 * top hits it shows, and how many off-domain questions (LCQMC train, open
 * domain) still get a "similar" conversation.
 *
 *   node --expose-gc --import tsx bench/assist.ts      (env: BENCH_QUERIES=2000)
 *
 * Reads ../shared/datasets next to the repository; skips when it is absent.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDemoContent } from '../server/demo/content.ts';
import { buildSimilarIndex, indexPair, type IndexedPair, type SimilarIndex, type TermPool } from '../server/flows/assist-index.ts';
import { buildBrain } from '../server/modules/bot/index.ts';
import type { ResolvedPair } from '../server/modules/conversations/index.ts';
import type { FaqRow } from '../server/modules/knowledge/index.ts';
import { percentile, readPairs, type Pair } from '../server/nlu/eval-faq.ts';
import { createTextAnalyzer, detectLang } from '../server/nlu/text.ts';

const datasets = path.resolve(import.meta.dirname, '../../shared/datasets');
const maxQueries = Number(process.env.BENCH_QUERIES ?? 2000);
const print = (line: string) => process.stdout.write(`${line}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
const fmt = (n: number, digits = 1) => n.toFixed(digits);

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/** Paraphrase clusters (connected components of the positive pairs), then the other questions alone. */
function groups(pairs: readonly Pair[]): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    if (!parent.has(x)) parent.set(x, x);
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  for (const { a, b, label } of pairs) if (label === 1) parent.set(find(a), find(b));
  const byRoot = new Map<string, string[]>();
  for (const text of parent.keys()) byRoot.set(find(text), [...(byRoot.get(find(text)) ?? []), text]);
  const seen = new Set(parent.keys());
  const alone = pairs.flatMap(({ a, b }) => [a, b]).filter((t) => !seen.has(t) && (seen.add(t), true));
  return [...byRoot.values(), ...alone.map((t) => [t])];
}

interface Workload {
  pairs: ResolvedPair[];
  queries: { text: string; conversationId: string }[];
}

function workload(all: string[][], count: number): Workload {
  const rand = random(7);
  const pool = all.flat();
  const pick = () => pool[Math.floor(rand() * pool.length)]!;
  const pairs: ResolvedPair[] = [];
  const queries: Workload['queries'] = [];
  for (const [i, group] of all.slice(0, count).entries()) {
    const conversationId = `conv_${i}`;
    pairs.push({ conversationId, replySeq: 2, customerText: group[0]!, agentReply: `${pick()}，${pick()}，${pick()}。`, resolvedAt: new Date() });
    if (group.length > 1 && queries.length < maxQueries) queries.push({ text: group[1]!, conversationId });
  }
  return { pairs, queries };
}

function memory(): number {
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function time<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

/** Each query's fastest of 3 runs (pre-emptions on a busy machine are not search cost). */
function latency(queries: readonly string[], run: (text: string) => unknown): { p50: number; p99: number } {
  const times = queries.map(() => Infinity);
  for (let round = 0; round < 4; round++) {
    queries.forEach((text, i) => {
      const start = performance.now();
      run(text);
      if (round > 0) times[i] = Math.min(times[i]!, performance.now() - start);
    });
  }
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

/** The demo bot, trained in-process (its FAQ items become rows as the seed writes them). */
function demoBrain() {
  const content = loadDemoContent();
  const now = new Date();
  const faqs = content.faqs.flatMap((item) =>
    (['zh-CN', 'en'] as const).map((locale): FaqRow => ({
      workspaceId: 'wsp_bench',
      id: `faq_${item.key}_${locale}`,
      key: item.key,
      locale,
      question: item[locale].question,
      similar: item[locale].similar,
      answer: item[locale].answer,
      shortAnswer: item[locale].short ?? null,
      category: [],
      tags: item.tags,
      status: 'published',
      validFrom: null,
      validUntil: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    })),
  );
  return buildBrain({ intents: [], flows: [], faqs, dictionary: content.dictionary });
}

async function main(): Promise<void> {
  if (!existsSync(path.join(datasets, 'atec')) || !existsSync(path.join(datasets, 'bq_corpus'))) {
    print(`skipped: ${datasets}/{atec,bq_corpus} not found`);
    return;
  }
  if (!gc) print('(memory figures are rough: run with node --expose-gc)');
  const source = (await Promise.all(['atec/train', 'bq_corpus/train'].map((f) => readPairs(path.join(datasets, `${f}.jsonl`))))).flat();
  const all = groups(source);
  const shuffle = random(11);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  all.sort((a, b) => Math.min(b.length, 2) - Math.min(a.length, 2)); // clusters first: they give the queries
  const analyzer = createTextAnalyzer();
  const brain = demoBrain();
  const rows: string[] = [];
  const thresholds: string[] = [];
  const offDomain = (await readPairs(path.join(datasets, 'lcqmc/train.jsonl'))).slice(0, maxQueries).map((p) => p.a);
  for (const count of [10_000, 20_000]) {
    const before = memory();
    const { pairs, queries } = workload(all, count);
    const pool: TermPool = new Map();
    const built = time(() => buildSimilarIndex(pairs.map((p) => indexPair(analyzer, pool, p))));
    const mb = (memory() - before) / 2 ** 20;
    const index: SimilarIndex = built.value;
    const rebuild = time(() => buildSimilarIndex(index.livePairs()));
    const fresh: IndexedPair[] = pairs.slice(0, 20).map((p) => indexPair(analyzer, pool, { ...p, conversationId: `${p.conversationId}_new` }));
    const refresh = time(() => index.add(fresh, count));
    const search = (text: string) => index.search(analyzer.analyze(text), 3);
    const texts = queries.map((q) => q.text);
    const similar = latency(texts, search);
    const whole = latency(texts, (text) => {
      const lang = detectLang(text);
      const understood = brain.understand(text, lang);
      const answers = brain.knowledge(lang === 'en' ? 'en' : 'zh-CN');
      for (const c of (understood.faq ?? []).slice(0, 3)) answers.faqAnswer(c.faqId);
      return index.search(analyzer.analyze(text, lang), 3, { minScore: 0.3 });
    });
    const tops = queries.map((q) => {
      const top = search(q.text)[0];
      // The pair added again under a new id (refresh above) counts as its cluster too.
      return { right: top?.conversationId.replace(/_new$/, '') === q.conversationId, score: top?.score ?? 0 };
    });
    const off = offDomain.map((text) => search(text)[0]?.score ?? 0);
    const hit1 = tops.filter((t) => t.right).length / tops.length;
    rows.push(
      `| ${count.toLocaleString('en')} | ${fmt(built.ms, 0)} | ${fmt(rebuild.ms, 0)} | ${fmt(refresh.ms, 1)} | ${fmt(mb)} | ${fmt(similar.p50, 3)} | ${fmt(similar.p99, 3)} | ${fmt(whole.p50, 3)} | ${fmt(whole.p99, 3)} | ${fmt(hit1, 3)} |`,
    );
    for (const t of [0.2, 0.25, 0.3, 0.35, 0.4, 0.5]) {
      const shown = tops.filter((x) => x.score >= t);
      const right = shown.filter((x) => x.right).length;
      const offShown = off.filter((x) => x >= t).length / (off.length || 1);
      thresholds.push(
        `| ${count.toLocaleString('en')} | ${t} | ${fmt(right / tops.length, 3)} | ${fmt((shown.length - right) / tops.length, 3)} | ${fmt(offShown, 3)} |`,
      );
    }
  }
  print(`Agent assist — ${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}, ${maxQueries} queries max`);
  print('');
  print(
    '| pairs | build ms (analysis incl.) | rebuild ms | add 20 ms | memory MB | similar p50 ms | similar p99 ms | suggestion p50 ms | suggestion p99 ms | hit@1 |',
  );
  print('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  rows.forEach(print);
  print('');
  print('Top hit by score threshold: in-domain queries (share right / wrong but shown) and off-domain LCQMC questions (share shown):');
  print('');
  print('| pairs | min score | right shown | other pair shown | off-domain shown |');
  print('| --- | --- | --- | --- | --- |');
  thresholds.forEach(print);
}

await main();
