import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { EvalOptions } from './eval-types.ts';
import { analyzeSentiment, polarityDistribution, scoreLexicon, toPolarity, type PolarityModel } from './sentiment.ts';
import { trainSentimentModel, type LabelledText } from './sentiment-model.ts';
import { createTextAnalyzer } from './text.ts';

const Row = z.object({ text: z.string(), label: z.union([z.number(), z.string()]) });
type Row = z.infer<typeof Row>;

/** One `{"text", "label"}` object a line; blank lines skipped, a bad line named by number. */
async function readRows(path: string): Promise<Row[]> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  const rows: Row[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const parsed = Row.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${path}:${i + 1}: expected {"text": string, "label": number | string}`);
    rows.push(parsed.data);
  });
  return rows;
}

/** Accuracy and macro-F1 of predicted against gold labels. */
export function scoreLabels(gold: string[], predicted: string[]): { accuracy: number; macro_f1: number } {
  const labels = [...new Set(gold)];
  const f1s = labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      if (predicted[i] === label && g === label) tp++;
      else if (predicted[i] === label) fp++;
      else if (g === label) fn++;
    });
    return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  });
  const correct = gold.filter((g, i) => g === predicted[i]).length;
  return { accuracy: correct / Math.max(gold.length, 1), macro_f1: f1s.reduce((a, b) => a + b, 0) / Math.max(f1s.length, 1) };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/** Predict every test text, timing each call; returns predictions and p50/p99 in ms. */
function timed<T>(items: T[], predict: (item: T) => string): { predictions: string[]; p50: number; p99: number } {
  for (const item of items) predict(item); // warm-up: JIT, and the garbage training left behind
  const times: number[] = [];
  const predictions = items.map((item) => {
    const t0 = performance.now();
    const label = predict(item);
    times.push(performance.now() - t0);
    return label;
  });
  times.sort((a, b) => a - b);
  return { predictions, p50: round(percentile(times, 0.5), 4), p99: round(percentile(times, 0.99), 4) };
}

/** Maps a polarity back to the label the data set spells it with (positive → 1). */
function rawLabel(trainLabels: string[]): (polarity: string) => string {
  const spelled = new Map([...new Set(trainLabels)].map((label) => [toPolarity(label), label]));
  return (polarity) => spelled.get(polarity as ReturnType<typeof toPolarity>) ?? polarity;
}

/**
 * The lexicon alone, as shipped. On a two-class set (negative/positive) the
 * sign of its compound decides and a message without any cue gets the
 * training set's majority class; otherwise its own three-way label is used.
 */
function lexiconPredictor(gold: string[], trainLabels: string[]): (item: LabelledText & { text: string }) => string {
  const classes = new Set(gold.map((g) => toPolarity(g)));
  const counts = new Map<string, number>();
  for (const label of trainLabels) counts.set(label, (counts.get(label) ?? 0) + 1);
  const majority = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'neutral';
  const raw = rawLabel(trainLabels);
  if (classes.has('neutral')) return (item) => raw(analyzeSentiment(item).label);
  return (item) => {
    const { compound } = scoreLexicon(item.text, item.normalized);
    return compound > 0 ? raw('positive') : compound < 0 ? raw('negative') : majority;
  };
}

/** The product path with a trained model: lexicon and model blended (`analyzeSentiment({ model })`). */
function blendPredictor(gold: string[], trainLabels: string[], model: PolarityModel): (item: LabelledText & { text: string }) => string {
  const raw = rawLabel(trainLabels);
  if (new Set(gold.map((g) => toPolarity(g))).has('neutral')) return (item) => raw(analyzeSentiment(item, { model }).label);
  return (item) => {
    const p = polarityDistribution(scoreLexicon(item.text, item.normalized), item, { model });
    return raw(p.positive >= p.negative ? 'positive' : 'negative');
  };
}

/**
 * `npm run kefu -- eval sentiment --train T --test E`: trains the model on T and
 * scores on E what the product does with it — lexicon and model blended
 * (`accuracy`, `macro_f1`, `predict_*`) — beside the model alone (`model_*`)
 * and the shipped lexicon with no training (`lexicon_*`), so the gap between
 * the default and a trained model is visible. On a two-class set the blend's
 * positive and negative shares decide.
 */
export async function evalSentiment(options: EvalOptions): Promise<Record<string, unknown>> {
  if (!options.train || !options.test) throw new Error('eval sentiment needs --train and --test');
  const analyzer = createTextAnalyzer();
  const lang = options.lang === 'auto' ? undefined : options.lang;
  const prepare = (rows: Row[]) => rows.map((row) => ({ ...analyzer.analyze(row.text, lang), label: String(row.label) }));
  const train = prepare(await readRows(options.train));
  const test = prepare(await readRows(options.test));
  options.log(`sentiment: ${train.length} training and ${test.length} test texts`);

  const t0 = performance.now();
  const model = trainSentimentModel(train);
  const trainMs = performance.now() - t0;
  options.log(`sentiment: trained in ${Math.round(trainMs)} ms`);

  const gold = test.map((item) => item.label);
  const trainLabels = train.map((item) => item.label);
  const scored = (run: ReturnType<typeof timed>) => ({ ...run, ...scoreLabels(gold, run.predictions) });
  const product = scored(timed(test, blendPredictor(gold, trainLabels, model)));
  const alone = scored(timed(test, (item) => model.predict(item.normalized, item.tokens).label));
  const lexicon = scored(timed(test, lexiconPredictor(gold, trainLabels)));
  return {
    n_train: train.length,
    n_test: test.length,
    labels: model.labels,
    accuracy: round(product.accuracy),
    macro_f1: round(product.macro_f1),
    train_ms: Math.round(trainMs),
    predict_p50_ms: product.p50,
    predict_p99_ms: product.p99,
    model_accuracy: round(alone.accuracy),
    model_macro_f1: round(alone.macro_f1),
    model_p50_ms: alone.p50,
    model_p99_ms: alone.p99,
    lexicon_accuracy: round(lexicon.accuracy),
    lexicon_macro_f1: round(lexicon.macro_f1),
    lexicon_p50_ms: lexicon.p50,
    lexicon_p99_ms: lexicon.p99,
  };
}
