/**
 * hit@1 / hit@3 per locale on the demo knowledge base's test set of
 * real-style customer questions (server/demo/search-eval.json): the bot's
 * ranking (retriever fused with the intent classifier), the retriever alone,
 * and a plain TF-IDF cosine ranker as the baseline of the same run. Misses are
 * listed so a regression can be read, not just counted.
 *
 *   npm run bench:kb-eval        (env: BENCH_MISSES=0 to hide the misses)
 */
import { buildBrain, trainingData } from '../server/modules/bot/index.ts';
import { demoBotContent, evaluateSearch, loadSearchEvalSet, type SearchEvalScore } from '../server/demo/search-eval.ts';
import { buildTfidfRanker, type FaqRanker } from '../server/nlu/eval-faq.ts';
import { buildFaqIndex } from '../server/nlu/faq-retriever.ts';
import { createTextAnalyzer } from '../server/nlu/text.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function main(): void {
  const set = loadSearchEvalSet();
  const content = demoBotContent();
  const data = trainingData(content);
  const analyzer = createTextAnalyzer(data.dictionary);
  const asBrain = (ranker: FaqRanker) => ({
    understand: (text: string) => ({ ...analyzer.analyze(text), faq: ranker.search(analyzer.analyze(text), 5) }),
  });
  const runs: [string, Record<'zh-CN' | 'en', SearchEvalScore>][] = [
    ['bot (retriever + intent classifier)', evaluateSearch(buildBrain(content), set)],
    ['retriever alone', evaluateSearch(asBrain(buildFaqIndex(data.faqs, analyzer)) as never, set)],
    ['TF-IDF cosine (baseline)', evaluateSearch(asBrain(buildTfidfRanker(data.faqs, analyzer)) as never, set)],
  ];
  print(`Demo knowledge base search — ${data.faqs.length} items, ${set['zh-CN'].length} zh + ${set.en.length} en questions`);
  print('');
  print('| ranker | zh hit@1 | zh hit@3 | en hit@1 | en hit@3 |');
  print('| --- | --- | --- | --- | --- |');
  for (const [name, s] of runs) print(`| ${name} | ${pct(s['zh-CN'].hit1)} | ${pct(s['zh-CN'].hit3)} | ${pct(s.en.hit1)} | ${pct(s.en.hit3)} |`);
  if (process.env.BENCH_MISSES === '0') return;
  print('');
  print('Misses of the bot:');
  for (const locale of ['zh-CN', 'en'] as const) {
    for (const m of runs[0]![1][locale].misses) print(`  ${locale}  ${m.question}  → ${m.got ?? '(nothing)'}, expected ${m.expected}`);
  }
}

main();
