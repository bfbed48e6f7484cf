import { z } from 'zod';
import type { EvalOptions } from './eval-types.ts';
import { trainIntentClassifier, type IntentModel } from './intent-classifier.ts';
import { readJsonl } from './jsonl.ts';
import { createTextAnalyzer, type TextAnalyzer } from './text.ts';
import type { Lang } from './types.ts';

const Row = z.object({ text: z.string(), label: z.union([z.string(), z.number()]).transform(String) });

const OOS = 'oos';

interface Outcome {
  expected: string;
  /** What the product answers (`oos` when rejected). */
  predicted: string;
  /** The best known intent, ignoring the threshold. */
  top: string;
}

/**
 * `npm run kefu -- eval intent --train T.jsonl --test T.jsonl [--lang zh|en|auto]`:
 * trains the product's intent classifier on `{"text","label"}` lines (label
 * `oos` = out of scope, never a class) and scores the test file.
 *
 * When the test file has `oos` lines, `accuracy` and `macro_f1` count a
 * rejected in-scope message as wrong (the CLINC150 convention). Without them
 * it is a closed-set benchmark (Banking77): they score the best intent, and
 * `accuracy_with_reject` / `in_scope_rejected` show what the threshold costs.
 */
export async function evalIntent(options: EvalOptions): Promise<Record<string, unknown>> {
  if (!options.train || !options.test) throw new Error('eval intent needs --train and --test');
  const [train, test] = await Promise.all([readJsonl(options.train, Row), readJsonl(options.test, Row)]);
  const lang: Lang | undefined = options.lang === 'auto' ? undefined : options.lang;
  const analyzer = createTextAnalyzer();
  options.log(`intent: ${train.length} training lines, ${test.length} test lines, lang ${options.lang}`);
  const cpuBefore = process.cpuUsage();
  const model = trainIntentClassifier({ examples: train, faqs: [], dictionary: [], lang }, { analyzer, lang });
  const trainCpu = process.cpuUsage(cpuBefore);
  const { stats } = model;
  options.log(
    `intent: trained ${stats.classes} classes (${stats.multiclass}), ${stats.features} features in ${stats.trainMs} ms (temperature ${stats.temperature.toFixed(3)})`,
  );
  const { outcomes, predictMs, pipelineMs } = runTest(model, analyzer, test, lang);
  const hasOos = outcomes.some((o) => o.expected === OOS);
  const inScope = outcomes.filter((o) => o.expected !== OOS);
  const answer = (o: Outcome) => (hasOos ? o.predicted : o.top);
  const oos = outcomes.filter((o) => o.expected === OOS);
  return {
    accuracy: round(share(inScope, (o) => answer(o) === o.expected)),
    macro_f1: round(macroF1(outcomes, answer)),
    oos_recall: hasOos ? round(share(oos, (o) => o.predicted === OOS)) : null,
    oos_rejection: hasOos,
    closed_set_accuracy: round(share(inScope, (o) => o.top === o.expected)),
    accuracy_with_reject: round(share(inScope, (o) => o.predicted === o.expected)),
    in_scope_rejected: round(share(inScope, (o) => o.predicted === OOS)),
    oos_threshold: stats.oosThreshold,
    multiclass: stats.multiclass,
    temperature: round(stats.temperature),
    none_score: stats.noneScore === null ? null : round(stats.noneScore),
    n_classes: stats.classes,
    n_features: stats.features,
    n_train: train.length,
    n_test: test.length,
    train_ms: stats.trainMs,
    /** CPU time of training (user + system): on a busy machine, closer to what an idle one would take than wall time. */
    train_cpu_ms: Math.round((trainCpu.user + trainCpu.system) / 1000),
    predict_p50_ms: round(quantile(predictMs, 0.5)),
    predict_p99_ms: round(quantile(predictMs, 0.99)),
    analyze_predict_p99_ms: round(quantile(pipelineMs, 0.99)),
  };
}

function runTest(model: IntentModel, analyzer: TextAnalyzer, test: { text: string; label: string }[], lang: Lang | undefined) {
  const outcomes: Outcome[] = [];
  const predictMs: number[] = [];
  const pipelineMs: number[] = [];
  for (const row of test) {
    const start = performance.now();
    const message = analyzer.analyze(row.text, lang);
    const analyzed = performance.now();
    const result = model.predict(message);
    const done = performance.now();
    predictMs.push(done - analyzed);
    pipelineMs.push(done - start);
    outcomes.push({ expected: row.label, predicted: result.name, top: result.ranking[0]?.name ?? OOS });
  }
  return { outcomes, predictMs, pipelineMs };
}

function share<T>(items: T[], hit: (item: T) => boolean): number {
  return items.length ? items.filter(hit).length / items.length : 0;
}

/** Mean F1 over the in-scope classes; an `oos` line answered with an intent costs that intent precision. */
function macroF1(outcomes: Outcome[], answer: (o: Outcome) => string): number {
  const classes = [...new Set(outcomes.map((o) => o.expected))].filter((c) => c !== OOS);
  const f1s = classes.map((c) => {
    const tp = outcomes.filter((o) => o.expected === c && answer(o) === c).length;
    const fp = outcomes.filter((o) => o.expected !== c && answer(o) === c).length;
    const fn = outcomes.filter((o) => o.expected === c && answer(o) !== c).length;
    return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  });
  return f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0;
}

function quantile(values: number[], q: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

const round = (x: number) => Math.round(x * 10000) / 10000;
