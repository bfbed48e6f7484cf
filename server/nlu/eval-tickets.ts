import { seededRandom } from './linear-model.ts';
import { trainTicketClassifier, type TicketExample, type TicketPrediction } from './ticket-classifier.ts';
import { loadDemoTickets } from './ticket-demo-data.ts';

export interface TicketEvalOptions {
  /** JSON array or JSON lines of `{ text, locale, category, priority, template? }`; default server/demo/tickets.jsonl. */
  data?: string;
  /** `random`: a seeded quarter of the tickets; `template`: per category and language, the tickets of the last phrasing (never seen in training). */
  split: 'random' | 'template';
  seed: number;
  log(line: string): void;
}

type Row = TicketExample & { template?: string };

interface Outcome {
  row: Row;
  prediction: TicketPrediction;
  /** The best full leaf, ignoring the confidence threshold. */
  topLeaf: string[];
}

/**
 * `npm run kefu -- eval tickets [--data FILE] [--split random|template] [--seed N]`:
 * trains the ticket classifier on one part of the labelled tickets and scores
 * category (level 1, level 2, leaf) and priority on the rest.
 */
export async function evalTickets(options: TicketEvalOptions): Promise<Record<string, unknown>> {
  const rows: Row[] = loadDemoTickets(options.data).map((r) => ({ ...r, category: r.category, priority: r.priority }));
  const { train, test } = splitTickets(rows, options.split, options.seed);
  options.log(`tickets: ${train.length} training, ${test.length} test (${options.split} split, seed ${options.seed})`);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const classifier = trainTicketClassifier(train);
  const trainMs = Math.round(performance.now() - started);
  const trainCpu = process.cpuUsage(cpu);
  const outcomes: Outcome[] = [];
  const times: number[] = [];
  for (const row of test) {
    const t = performance.now();
    const prediction = classifier.classify(row.text, { locale: row.locale });
    times.push(performance.now() - t);
    const topLeaf = prediction.category.path.length === 3 ? prediction.category.path : (bestLeaf(prediction) ?? prediction.category.path);
    outcomes.push({ row, prediction, topLeaf });
  }
  for (const o of outcomes.filter((o) => o.topLeaf.join('/') !== o.row.category.join('/')).slice(0, 12)) {
    options.log(`  miss: ${o.row.category.join('/')} → ${o.topLeaf.join('/')} | ${o.row.text.replace(/\n/g, ' ').slice(0, 70)}`);
  }
  const byLang = (prefix: string) => outcomes.filter((o) => (o.row.locale ?? '').startsWith(prefix));
  return {
    split: options.split,
    seed: options.seed,
    ...scores(outcomes),
    train_ms: trainMs,
    train_cpu_ms: Math.round((trainCpu.user + trainCpu.system) / 1000),
    predict_p50_ms: round(quantile(times, 0.5)),
    predict_p99_ms: round(quantile(times, 0.99)),
    n_train: train.length,
    n_test: test.length,
    zh: { ...scores(byLang('zh')), n_test: byLang('zh').length },
    en: { ...scores(byLang('en')), n_test: byLang('en').length },
  };
}

/** The best full path among the answer's alternatives when the answer stopped above the leaf. */
function bestLeaf(prediction: TicketPrediction): string[] | undefined {
  const { path, alternatives } = prediction.category;
  return alternatives.find((a) => a.path.length === 3 && path.every((k, i) => a.path[i] === k))?.path ?? alternatives[0]?.path;
}

function scores(outcomes: Outcome[]) {
  const level = (n: number) => share(outcomes, (o) => o.topLeaf.slice(0, n).join('/') === o.row.category.slice(0, n).join('/'));
  const answeredLeaf = outcomes.filter((o) => o.prediction.category.path.length === 3);
  const urgentTrue = outcomes.filter((o) => o.row.priority === 'urgent');
  const urgentPredicted = outcomes.filter((o) => o.prediction.priority.value === 'urgent');
  return {
    category_l1_accuracy: round(level(1)),
    category_l2_accuracy: round(level(2)),
    category_leaf_accuracy: round(level(3)),
    /** Share of tickets where the classifier was confident down to the leaf, and how often that leaf was right. */
    leaf_answered: round(answeredLeaf.length / (outcomes.length || 1)),
    leaf_answered_accuracy: round(share(answeredLeaf, (o) => o.prediction.category.path.join('/') === o.row.category.join('/'))),
    /** Whatever depth was answered, it was right (a correct prefix of the true path). */
    answered_path_correct: round(share(outcomes, (o) => o.prediction.category.path.every((k, i) => o.row.category[i] === k))),
    priority_accuracy: round(share(outcomes, (o) => o.prediction.priority.value === o.row.priority)),
    urgent_recall: round(share(urgentTrue, (o) => o.prediction.priority.value === 'urgent')),
    urgent_precision: round(share(urgentPredicted, (o) => o.row.priority === 'urgent')),
  };
}

/** The train and test parts of labelled tickets for a split (see {@link TicketEvalOptions.split}). */
export function splitTickets<T extends Row>(rows: T[], split: 'random' | 'template', seed: number): { train: T[]; test: T[] } {
  return split === 'template' ? splitByTemplate(rows) : splitRandom(rows, seed);
}

/** Per category and language, the tickets of the last phrasing (by template id) are the test set; rows without a template are trained on. */
function splitByTemplate<T extends Row>(rows: T[]): { train: T[]; test: T[] } {
  const groups = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!row.template) continue;
    const key = `${row.category.join('/')}|${row.locale ?? ''}`;
    groups.set(key, (groups.get(key) ?? new Set()).add(row.template));
  }
  const held = new Set([...groups.values()].filter((t) => t.size > 1).map((t) => [...t].sort().at(-1) as string));
  return { train: rows.filter((r) => !r.template || !held.has(r.template)), test: rows.filter((r) => r.template && held.has(r.template)) };
}

function splitRandom<T extends Row>(rows: T[], seed: number): { train: T[]; test: T[] } {
  const random = seededRandom(seed);
  const order = rows.map((row) => ({ row, key: random() }));
  order.sort((a, b) => a.key - b.key);
  const cut = Math.round(rows.length * 0.25);
  return { test: order.slice(0, cut).map((o) => o.row), train: order.slice(cut).map((o) => o.row) };
}

function share<T>(items: T[], hit: (item: T) => boolean): number {
  return items.length ? items.filter(hit).length / items.length : 0;
}

function quantile(values: number[], q: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

const round = (x: number) => Math.round(x * 10000) / 10000;
