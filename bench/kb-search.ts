/**
 * Knowledge-base search at scale, built the way the bot builds it
 * (brain.ts `trainingData` → faq-retriever `buildFaqIndex`): 10,000 bilingual
 * FAQ items generated from our templates (bench/kb-generate.ts), against the
 * demo knowledge base as the baseline in the same run. Prints full re-index
 * time, re-index after 1% changed, index memory (heap delta; run with
 * --expose-gc), and search p50/p99 per locale: the retriever alone on an
 * analysed message, and analysis (jieba / stemming) + retriever, as one
 * customer message costs. Also the intent classifier's training (the worker
 * part of a retrain) and `brain.understand` latency with BENCH_BRAIN=1 (slow).
 *
 * With BENCH_ARTICLES (1,000) articles written from the generated items and
 * split into passages as the bot splits them: the passage index and the FAQ
 * search plus the passage search per query.
 *
 *   npm run bench:kb        (env: BENCH_ITEMS=10000 BENCH_QUERIES=1000 per locale, BENCH_ROUNDS=3, BENCH_ARTICLES=1000, BENCH_BRAIN=1)
 */
import os from 'node:os';
import { buildBrain, trainingData, type BotContent } from '../server/modules/bot/brain.ts';
import type { FaqRow } from '../server/modules/knowledge/index.ts';
import { loadDemoContent } from '../server/demo/content.ts';
import { percentile } from '../server/nlu/eval-faq.ts';
import { buildFaqIndex, type FaqIndex } from '../server/nlu/faq-retriever.ts';
import { buildPassageIndex, type PassageDoc } from '../server/nlu/passage-retriever.ts';
import { splitPassages } from '../server/nlu/passages.ts';
import { trainIntentClassifier } from '../server/nlu/intent-classifier.ts';
import { createTextAnalyzer, type TextAnalyzer } from '../server/nlu/text.ts';
import type { Lang, TrainingData } from '../server/nlu/types.ts';
import { generateKb } from './kb-generate.ts';

const itemCount = Number(process.env.BENCH_ITEMS ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const queriesPerLocale = Number(process.env.BENCH_QUERIES ?? 1000);
const withBrain = process.env.BENCH_BRAIN === '1';
const articleCount = Number(process.env.BENCH_ARTICLES ?? 1000);
const print = (line: string) => process.stdout.write(`${line}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
const fmt = (n: number, digits = 1) => n.toFixed(digits);

type Query = { text: string; key: string; lang: Lang };

/**
 * `count` articles written from the generated items: each gathers eight
 * items of one locale as sections (`## question`, the answer told at manual
 * length), split into passages exactly as the bot splits published articles.
 */
function generatePassages(rows: readonly FaqRow[], count: number): PassageDoc[] {
  const docs: PassageDoc[] = [];
  for (let a = 0; a < count; a++) {
    const locale = a % 2 === 0 ? 'zh-CN' : 'en';
    const mine = rows.filter((r) => r.locale === locale);
    const sections = Array.from({ length: 8 }, (_, j) => mine[(a * 8 + j) % mine.length]!);
    const title = locale === 'zh-CN' ? `使用手册 第 ${a + 1} 篇` : `User guide, part ${a + 1}`;
    const body = sections
      .map((r) => `## ${r.question}\n\n${[r.answer, ...r.similar.slice(0, 3), r.answer].join(locale === 'zh-CN' ? '' : ' ')}`)
      .join('\n\n');
    for (const p of splitPassages(`# ${title}\n\n${body}`))
      docs.push({ id: `art_${a}#${p.anchor}`, lang: locale === 'zh-CN' ? 'zh' : 'en', title, headings: p.headings, text: p.text });
  }
  return docs;
}

/** Passage index build and memory, and per query the FAQ search plus the passage search, as the bot runs both. */
function reportPassages(rows: FaqRow[], queries: Query[]): void {
  const data = trainingData(content(rows));
  const analyzer = createTextAnalyzer(data.dictionary);
  const faqIndex = buildFaqIndex(data.faqs, analyzer);
  const docs = generatePassages(rows, articleCount);
  const before = memory();
  const start = performance.now();
  const passages = buildPassageIndex(docs, createTextAnalyzer(data.dictionary));
  const buildMs = performance.now() - start;
  const mb = (memory() - before) / 2 ** 20;
  print(`| ${articleCount.toLocaleString('en')} articles: ${docs.length.toLocaleString('en')} passages | ${fmt(buildMs, 0)} | — | ${fmt(mb)} |`);
  for (const lang of ['zh', 'en'] as const) {
    const messages = queries.filter((q) => q.lang === lang).map((q) => analyzer.analyze(q.text, q.lang));
    const times = messages.map(() => Infinity);
    for (let round = 0; round <= rounds; round++)
      messages.forEach((m, i) => {
        const t = performance.now();
        faqIndex.search(m, 5);
        passages.search(m, 3);
        if (round > 0) times[i] = Math.min(times[i]!, performance.now() - t);
      });
    passageLines.push(
      `| FAQ ${rows.length.toLocaleString('en')} + ${docs.length.toLocaleString('en')} passages | ${lang} (${messages.length}) | ${fmt(percentile(times, 0.5), 3)} / ${fmt(percentile(times, 0.99), 3)} |`,
    );
  }
}

const passageLines: string[] = [];

/** `n` items spread evenly over the list (every product, model and topic gets its share). */
function spread<T>(list: readonly T[], n: number): T[] {
  const step = Math.max(1, list.length / n);
  return Array.from({ length: Math.min(n, list.length) }, (_, i) => list[Math.floor(i * step)]!);
}

function memory(): number {
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** The FAQ rows of the demo workspace, as the database holds them. */
function demoRows(): FaqRow[] {
  return loadDemoContent().faqs.flatMap((faq) =>
    (['zh-CN', 'en'] as const).map(
      (locale) =>
        ({
          key: faq.key,
          locale,
          question: faq[locale].question,
          similar: faq[locale].similar,
          answer: faq[locale].answer,
          status: 'published',
        }) as FaqRow,
    ),
  );
}

function content(rows: FaqRow[]): BotContent {
  return { intents: [], flows: [], faqs: rows, dictionary: loadDemoContent().dictionary.map(({ word, type }) => ({ word, type })) };
}

/** Full build (fresh analyser: every question analysed again), memory, and re-index after 1% of the items changed. */
function measureIndex(faqs: TrainingData['faqs'], analyzer: TextAnalyzer) {
  const before = memory();
  const start = performance.now();
  const cpu = process.cpuUsage();
  const index = buildFaqIndex(faqs, analyzer);
  const buildMs = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  const buildCpuMs = (user + system) / 1000;
  const mb = (memory() - before) / 2 ** 20;
  const changed = faqs.map((f, i) => (i % 100 === 0 ? { ...f, questions: [...f.questions, `${f.questions[0]}?`] } : f));
  const again = performance.now();
  index.rebuild(changed);
  return { index, buildMs, buildCpuMs, rebuildMs: performance.now() - again, mb };
}

/** Per query: fastest of `rounds` runs of the retriever alone, and of analysis + retriever; hit@1 against the expected key. */
function measureSearch(index: FaqIndex, analyzer: TextAnalyzer, queries: readonly Query[]) {
  const search = queries.map(() => Infinity);
  const total = queries.map(() => Infinity);
  const messages = queries.map((q) => analyzer.analyze(q.text, q.lang));
  const cpu = process.cpuUsage();
  for (const m of messages) index.search(m, 5);
  const used = process.cpuUsage(cpu);
  const cpuMean = (used.user + used.system) / 1000 / (queries.length || 1);
  for (let round = 0; round <= rounds; round++) {
    queries.forEach((q, i) => {
      let start = performance.now();
      index.search(messages[i]!, 5);
      if (round > 0) search[i] = Math.min(search[i]!, performance.now() - start);
      start = performance.now();
      index.search(analyzer.analyze(q.text, q.lang), 5);
      if (round > 0) total[i] = Math.min(total[i]!, performance.now() - start);
    });
  }
  const hits = queries.filter((q, i) => index.search(messages[i]!, 1)[0]?.faqId === q.key).length;
  return { search, total, cpuMean, hit1: hits / (queries.length || 1) };
}

function report(label: string, rows: FaqRow[], queries: Query[], lines: string[]): void {
  const data = trainingData(content(rows));
  const faqs = data.faqs;
  const questions = faqs.reduce((n, f) => n + f.questions.length, 0);
  const built = measureIndex(faqs, createTextAnalyzer(data.dictionary));
  const head = `${label}: ${faqs.length.toLocaleString('en')} items, ${questions.toLocaleString('en')} questions`;
  lines.push(`| ${head} | ${fmt(built.buildMs, 0)} (${fmt(built.buildCpuMs, 0)} CPU) | ${fmt(built.rebuildMs, 0)} | ${fmt(built.mb)} |`);
  for (const lang of ['zh', 'en'] as const) {
    const mine = queries.filter((q) => q.lang === lang);
    const m = measureSearch(built.index, createTextAnalyzer(data.dictionary), mine);
    const cell = (xs: number[]) => `${fmt(percentile(xs, 0.5), 3)} / ${fmt(percentile(xs, 0.99), 3)}`;
    const hit = faqs.some((f) => f.id === mine[0]?.key) ? fmt(m.hit1, 3) : '— (queries of the generated KB)';
    searchLines.push(`| ${label} | ${lang} (${mine.length}) | ${cell(m.search)} | ${fmt(m.cpuMean, 3)} | ${cell(m.total)} | ${hit} |`);
  }
}

const searchLines: string[] = [];

/** The whole bot retrain at this size: intent classifier (worker thread in production) + buildBrain, and understand() latency. */
function reportBrain(rows: FaqRow[], queries: Query[]): void {
  const c = content(rows);
  let start = performance.now();
  const intentModel = trainIntentClassifier(trainingData(c));
  const intentMs = performance.now() - start;
  start = performance.now();
  const brain = buildBrain(c, { intentModel });
  const brainMs = performance.now() - start;
  const times = queries.slice(0, 2000).map((q) => {
    const t = performance.now();
    brain.understand(q.text, q.lang);
    return performance.now() - t;
  });
  print(
    `bot retrain at this size: intent classifier ${fmt(intentMs / 1000, 1)} s (worker thread), buildBrain ${fmt(brainMs / 1000, 2)} s (main thread); ` +
      `brain.understand p50/p99 ${fmt(percentile(times, 0.5), 2)} / ${fmt(percentile(times, 0.99), 2)} ms`,
  );
}

function main(): void {
  if (!gc) print('(memory figures are rough: run with node --expose-gc)');
  const generated = generateKb(itemCount);
  const queries: Query[] = [
    ...spread(generated.queries.zh, queriesPerLocale).map((q) => ({ ...q, lang: 'zh' as const })),
    ...spread(generated.queries.en, queriesPerLocale).map((q) => ({ ...q, lang: 'en' as const })),
  ];
  const demo = demoRows();
  const indexLines: string[] = [];
  report('demo KB (baseline)', demo, queries, indexLines);
  report(`generated ${itemCount.toLocaleString('en')}`, generated.rows, queries, indexLines);
  print(
    `Knowledge-base search — ${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}; latency = each query's fastest of ${rounds} runs`,
  );
  print('');
  print('| index | full re-index ms (CPU ms: what a shared machine cannot inflate) | re-index 1% changed ms | index memory MB |');
  print('| --- | --- | --- | --- |');
  indexLines.forEach(print);
  reportPassages(generated.rows, queries);
  print('');
  print(
    '| index | queries | retriever p50 / p99 ms | retriever CPU ms per query (mean) | analysis + retriever p50 / p99 ms | hit@1 (held-out paraphrase) |',
  );
  print('| --- | --- | --- | --- | --- | --- |');
  searchLines.forEach(print);
  print('');
  print('| index | queries | FAQ search + passage search p50 / p99 ms |');
  print('| --- | --- | --- |');
  passageLines.forEach(print);
  if (withBrain) reportBrain(generated.rows, queries);
}

main();
