/**
 * PII detection speed: `detectPii` (every detector) over the labelled corpus
 * (server/demo/pii-corpus.jsonl), in messages per second, against a baseline
 * from the same run — one simple regex scan (`/\d{11}/g`) over the same
 * messages. Then adversarial inputs (long runs of digits, Han characters,
 * dotted numbers, `a@a@a…`) to show no detector backtracks catastrophically:
 * each should take about as long per character as ordinary text.
 *
 *   node --import tsx bench/pii.ts        (env: BENCH_SECONDS=3)
 */
import { readFileSync } from 'node:fs';
import { detectPii } from '../server/modules/pii/index.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const print = (line: string) => process.stdout.write(`${line}\n`);
const corpus = readFileSync(new URL('../server/demo/pii-corpus.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { text: string }).text);

/** Messages per second of `work` over the corpus (after one warm-up pass), run for about `seconds`. */
function rate(work: (text: string) => unknown): number {
  for (const text of corpus) work(text);
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const start = performance.now();
  while (performance.now() < until) {
    for (const text of corpus) work(text);
    done += corpus.length;
  }
  return done / ((performance.now() - start) / 1000);
}

const baseline = /\d{11}/g;
const simple = rate((t) => [...t.matchAll(baseline)]);
const full = rate((t) => detectPii(t));
const chars = corpus.reduce((n, t) => n + t.length, 0) / corpus.length;
print(`corpus: ${corpus.length} messages, ${chars.toFixed(0)} characters on average`);
print(`baseline /\\d{11}/g scan: ${Math.round(simple).toLocaleString('en')} messages/s`);
print(`detectPii (all kinds):   ${Math.round(full).toLocaleString('en')} messages/s (${(simple / full).toFixed(1)}× the baseline's time)`);

const adversarial: [string, string][] = [
  ['20,000 digits', '1'.repeat(20_000)],
  ['20,000 digits in groups of 4', '6222 '.repeat(4_000)],
  ['20,000 Han characters', '北京市朝阳区建国路'.repeat(2_223)],
  ['address parts without numbers', '路'.repeat(20_000)],
  ['dotted numbers', '1.'.repeat(10_000)],
  ['colons and hex', 'a:'.repeat(10_000)],
  ['at signs', 'a@'.repeat(10_000)],
  ['capitalised words (English addresses)', '1 Main Main '.repeat(1_700)],
];
for (const [name, text] of adversarial) {
  const start = performance.now();
  detectPii(text);
  const ms = performance.now() - start;
  print(`adversarial ${name} (${text.length.toLocaleString('en')} chars): ${ms.toFixed(1)} ms`);
}
