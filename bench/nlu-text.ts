/**
 * The bot's text layer and entity extraction, per message, on a few thousand
 * mixed sentences: English (banking77), Chinese (waimai_10k, lcqmc, some in
 * traditional characters) and mixed sentences carrying order numbers, phones,
 * dates and amounts. Baseline in the same run: a plain `text.split(/\s+/)`.
 * Also prints what a jieba instance costs (the reason there is one per process).
 *
 *   node --import tsx bench/nlu-text.ts        (env: BENCH_MESSAGES=4000 BENCH_ROUNDS=5)
 *
 * Reads ../shared/datasets next to the repository; skips when it is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { createEntityExtractor } from '../server/nlu/entities.ts';
import { traditionalToSimplified } from '../server/nlu/han-variants.ts';
import { createTextAnalyzer, getJieba, normalizeText } from '../server/nlu/text.ts';

const datasets = path.resolve(import.meta.dirname, '../../shared/datasets');
const total = Number(process.env.BENCH_MESSAGES ?? 4000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const print = (line: string) => process.stdout.write(`${line}\n`);

/** A small deterministic generator, so every run measures the same messages. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

function readTexts(name: string, field: 'text' | 'a', limit: number): string[] {
  const lines = readFileSync(path.join(datasets, name, 'train.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  return lines.slice(0, limit).map((line) => (JSON.parse(line) as Record<string, string>)[field]!);
}

const simplifiedToTraditional = new Map([...traditionalToSimplified].map(([t, s]) => [s, t]));
const toTraditional = (text: string) => Array.from(text, (c) => simplifiedToTraditional.get(c) ?? c).join('');

function buildMessages(): string[] {
  const rand = random(42);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)]!;
  const english = readTexts('banking77', 'text', 3000);
  const chinese = [...readTexts('waimai_10k', 'text', 2000), ...readTexts('lcqmc', 'a', 2000)];
  const zhEntities = [
    '订单DS20261120001',
    '电话138-0013-8000',
    '下周三',
    '11月20号',
    '退我199元',
    '两百块',
    '三天后',
    '0755-1234567',
    '身份证11010519491231002X',
  ];
  const enEntities = ['order #1234567', 'call +44 20 7946 0958', 'next Friday', 'Nov 20', '$20', 'USD 15.50', 'in 3 days', 'me@example.com'];
  return Array.from({ length: total }, (_, i) => {
    if (i % 4 === 0) return `${pick(english)} ${pick(enEntities)}`;
    if (i % 4 === 1) return `${pick(chinese)}，${pick(zhEntities)}`;
    if (i % 4 === 2) return i % 8 === 2 ? toTraditional(pick(chinese)) : pick(chinese);
    return pick(english);
  });
}

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs `fn` over every message `rounds` times after one warm-up pass; latencies in µs per message. */
function measure(messages: string[], fn: (text: string) => unknown): Figures {
  for (const m of messages) fn(m);
  const latencies: number[] = [];
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const m of messages) {
      const t = performance.now();
      fn(m);
      latencies.push((performance.now() - t) * 1000);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

function jiebaCost(): string {
  const rss = () => process.memoryUsage().rss / 2 ** 20;
  getJieba();
  const before = rss();
  let t = performance.now();
  const extra = Jieba.withDict(dict);
  const create = performance.now() - t;
  const grown = rss() - before;
  t = performance.now();
  extra.loadDict(Buffer.from(Array.from({ length: 200 }, (_, i) => `词${i} 1000000`).join('\n')));
  const load = performance.now() - t;
  t = performance.now();
  createTextAnalyzer(Array.from({ length: 1000 }, (_, i) => ({ word: `产品${i}号` })));
  const analyzer = performance.now() - t;
  return (
    `jieba: Jieba.withDict(dict) ${create.toFixed(0)} ms and +${grown.toFixed(0)} MB RSS per instance; ` +
    `loadDict(200 words) ${load.toFixed(2)} ms; createTextAnalyzer(1000 workspace words, shared jieba) ${analyzer.toFixed(2)} ms`
  );
}

function main(): void {
  if (!existsSync(path.join(datasets, 'banking77')) || !existsSync(path.join(datasets, 'waimai_10k')) || !existsSync(path.join(datasets, 'lcqmc'))) {
    print(`nlu-text bench skipped: datasets not found under ${datasets}`);
    return;
  }
  const messages = buildMessages();
  const analyzer = createTextAnalyzer(['退货退款', 'X3耳机', '七天无理由', '花呗', '外卖', '配送费'].map((word) => ({ word })));
  const extractor = createEntityExtractor({ products: ['X3耳机', 'iPhone 15 Pro', '花呗', '借呗'] });
  const now = new Date();
  const avgChars = messages.reduce((a, m) => a + m.length, 0) / messages.length;
  print(`${messages.length} messages (avg ${avgChars.toFixed(0)} chars) × ${rounds} rounds, one core`);
  const rows: [string, Figures][] = [
    ['baseline text.split(/\\s+/)', measure(messages, (m) => m.split(/\s+/))],
    ['normalizeText', measure(messages, normalizeText)],
    ['analyze (normalise, lang, tokens)', measure(messages, (m) => analyzer.analyze(m))],
    ['entities extract', measure(messages, (m) => extractor.extract(m, now))],
  ];
  for (const [name, f] of rows) {
    print(
      `${name.padEnd(36)} ${f.perSecond.toFixed(0).padStart(9)} msg/s   p50 ${f.p50.toFixed(1).padStart(6)} µs   p99 ${f.p99.toFixed(1).padStart(6)} µs`,
    );
  }
  print(jiebaCost());
}

main();
