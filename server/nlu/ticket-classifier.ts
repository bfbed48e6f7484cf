import { restoreIntentModel, trainIntentClassifier, type IntentModel, type IntentModelData, type IntentOptions } from './intent-classifier.ts';
import { TICKET_PRIORITIES, type TicketPriority } from './ticket-categories.ts';
import { emotionSignals, keywordSignals, strongest, type PrioritySignal } from './ticket-priority.ts';
import { pickPath } from './ticket-path.ts';
import { stripPleasantries } from './ticket-text.ts';
import { createTextAnalyzer, type TextAnalyzer } from './text.ts';
import type { Lang } from './types.ts';

/** One past ticket to learn from: what the customer wrote, where it was filed, how urgent it was. */
export interface TicketExample {
  /** Subject and description as the customer wrote them. */
  text: string;
  locale?: string;
  /** Category key path, level 1 first (1–3 levels: a ticket filed only under a level-1 category teaches that level). */
  category: string[];
  priority: TicketPriority;
}

export interface TicketClassifierOptions {
  /** A category level is answered only when its calibrated confidence is at least this; else the path stops at the level above. */
  levelThreshold: number;
  /** Alternatives listed (other leaves, best first). */
  alternatives: number;
  /** Domain words for the tokenizer (product names, 退货退款…). */
  dictionary: { word: string }[];
  analyzer?: TextAnalyzer;
  /** Options for the underlying intent classifiers (category and priority). */
  intent: Partial<IntentOptions>;
  /**
   * The priority read straight from the text (a classifier over past tickets'
   * priorities) counts only from this confidence on: it learns topic words as
   * much as tone, so below it the category's usual priority decides.
   */
  textPriorityThreshold: number;
  /**
   * Levels 1 and 2 also get a model of their own (more examples per class,
   * so it generalises better to new wording); this is its share of a
   * level's score, the rest being the summed probability of the level's leaves.
   */
  levelModelWeight: number;
}

export const DEFAULT_TICKET_CLASSIFIER: TicketClassifierOptions = {
  levelThreshold: 0.5,
  alternatives: 3,
  dictionary: [],
  intent: {},
  textPriorityThreshold: 0.9,
  levelModelWeight: 0.5,
};

export interface CategoryPrediction {
  /** Key path down to the deepest level the classifier is confident about (may be shorter than 3, or empty). */
  path: string[];
  /** Confidence of the last level of `path` (calibrated; the product of each level's share along the path). */
  confidence: number;
  /** Full paths other than the answer, best first (led by the full path walked when the answer stopped short), with their leaf-model probabilities. */
  alternatives: { path: string[]; confidence: number }[];
}

export interface TicketPrediction {
  category: CategoryPrediction;
  priority: { value: TicketPriority; confidence: number; reasons: string[] };
}

export interface TicketClassifier {
  classify(text: string, options?: { locale?: string }): TicketPrediction;
  readonly stats: { examples: number; categories: number; trainMs: number };
  /** Plain data (typed arrays and maps, structured-cloneable — not JSON): train in a worker, predict in the main thread. */
  serialize(): TicketClassifierData;
}

export interface TicketClassifierData {
  category: IntentModelData;
  /** The level-1 and level-2 models (`null`: fewer than two classes at that level, or `levelModelWeight` 0). */
  levels: (IntentModelData | null)[];
  priority: IntentModelData | null;
  /** The most common priority of past tickets under each category path prefix (`payments/refund`). */
  usualPriority: [string, TicketPriority][];
  options: Omit<TicketClassifierOptions, 'analyzer'>;
  trainMs: number;
}

const SEP = '/';

/**
 * Trains a workspace's ticket classifier on its past tickets with the bot's
 * intent classifier (TF-IDF words and char n-grams into linear SVMs,
 * calibrated softmax): one model over full category paths, one each over
 * level-1 and level-2 categories, and one over priorities. The category is
 * found by walking down the tree (`pickPath`): a level's share is its leaves'
 * summed probability mixed with its own level's model, and the answer stops
 * at the deepest level still ≥ `levelThreshold` — a ticket torn between two
 * leaves of one branch gets the branch, not a guess. Priority is the highest
 * of the category's usual priority among past tickets, the text priority
 * model when it is sure, urgency keywords (zh + en) and emotion / complaint
 * risk from the sentiment module, each with a reason. Greetings and
 * sign-offs are cut first (`stripPleasantries`).
 *
 * @example
 * const classifier = trainTicketClassifier(ticketExamplesFromRows(rows));
 * classifier.classify('退款一周了还没到账，再不退我就打12315');
 * // { category: { path: ['payments', 'refund', 'refund_not_received'], … }, priority: { value: 'urgent', reasons: ['关键词: 12315'] } }
 */
export function trainTicketClassifier(examples: TicketExample[], options: Partial<TicketClassifierOptions> = {}): TicketClassifier {
  const started = performance.now();
  const config = { ...DEFAULT_TICKET_CLASSIFIER, ...options };
  const analyzer = config.analyzer ?? createTextAnalyzer(config.dictionary);
  const intent: Partial<IntentOptions> = { oosThreshold: 0, ...config.intent, analyzer };
  const usable = examples.filter((e) => e.text.trim() && e.category.length);
  const category = trainIntentClassifier(
    { examples: usable.map((e) => ({ text: stripPleasantries(e.text), label: e.category.join(SEP) })), faqs: [], dictionary: [] },
    { ...intent, rankingSize: Number.MAX_SAFE_INTEGER },
  );
  const levels = [1, 2].map((depth) => {
    const labelled = usable.filter((e) => e.category.length >= depth);
    const labels = new Set(labelled.map((e) => e.category.slice(0, depth).join(SEP)));
    if (config.levelModelWeight <= 0 || labels.size < 2) return null;
    const data = labelled.map((e) => ({ text: stripPleasantries(e.text), label: e.category.slice(0, depth).join(SEP) }));
    return trainIntentClassifier({ examples: data, faqs: [], dictionary: [] }, { ...intent, rankingSize: Number.MAX_SAFE_INTEGER });
  });
  const priorities = new Set(usable.map((e) => e.priority));
  const priority =
    priorities.size > 1
      ? trainIntentClassifier(
          { examples: usable.map((e) => ({ text: stripPleasantries(e.text), label: e.priority })), faqs: [], dictionary: [] },
          { ...intent, rankingSize: 4 },
        )
      : null;
  const { analyzer: _analyzer, ...plain } = config;
  const usual = usualPriorities(usable);
  return build({ category, levels, priority, usual }, plain, analyzer, Math.round(performance.now() - started), usable.length);
}

/** Per category path prefix, the priority most of its past tickets had (ties: the lower one). */
function usualPriorities(examples: TicketExample[]): Map<string, TicketPriority> {
  const counts = new Map<string, number[]>();
  for (const e of examples) {
    for (let depth = 1; depth <= e.category.length; depth++) {
      const key = e.category.slice(0, depth).join(SEP);
      const row = counts.get(key) ?? [0, 0, 0, 0];
      row[TICKET_PRIORITIES.indexOf(e.priority)]! += 1;
      counts.set(key, row);
    }
  }
  return new Map([...counts].map(([key, row]) => [key, TICKET_PRIORITIES[row.indexOf(Math.max(...row))] as TicketPriority]));
}

interface Models {
  category: IntentModel;
  levels: (IntentModel | null)[];
  priority: IntentModel | null;
  usual: Map<string, TicketPriority>;
}

/** A classifier from `serialize()`'s data. */
export function deserializeTicketClassifier(data: TicketClassifierData, analyzer?: TextAnalyzer): TicketClassifier {
  const text = analyzer ?? createTextAnalyzer(data.options.dictionary);
  const models: Models = {
    category: restoreIntentModel(data.category),
    levels: data.levels.map((level) => (level ? restoreIntentModel(level) : null)),
    priority: data.priority ? restoreIntentModel(data.priority) : null,
    usual: new Map(data.usualPriority),
  };
  return build(models, data.options, text, data.trainMs, data.category.stats.examples);
}

function build(
  models: Models,
  options: Omit<TicketClassifierOptions, 'analyzer'>,
  analyzer: TextAnalyzer,
  trainMs: number,
  examples: number,
): TicketClassifier {
  const { category, priority } = models;
  return {
    stats: { examples, categories: category.labels.length, trainMs },
    serialize: () => ({
      category: category.exportData(),
      levels: models.levels.map((level) => level?.exportData() ?? null),
      priority: priority?.exportData() ?? null,
      usualPriority: [...models.usual],
      options,
      trainMs,
    }),
    classify(text, { locale } = {}) {
      const lang: Lang | undefined = locale ? (locale.startsWith('zh') ? 'zh' : 'en') : undefined;
      const message = analyzer.analyze(stripPleasantries(text), lang);
      const ranking = category.predict(message).ranking.map((r) => ({ path: r.name.split(SEP), confidence: r.confidence }));
      const levelProbs = models.levels.map((level) => (level ? new Map(level.predict(message).ranking.map((r) => [r.name, r.confidence])) : null));
      const picked = pickPath(ranking, levelProbs, options);
      return { category: picked, priority: pickPriority(message, ranking, models, options.textPriorityThreshold) };
    },
  };
}

/** The usual priority most of the leaf probability points to (each leaf votes its past tickets' usual priority with its probability). */
function usualSignal(ranking: { path: string[]; confidence: number }[], usual: Map<string, TicketPriority>, zh: boolean): PrioritySignal | null {
  const votes = new Map<TicketPriority, number>();
  for (const r of ranking) {
    const value = usual.get(r.path.join(SEP));
    if (value) votes.set(value, (votes.get(value) ?? 0) + r.confidence);
  }
  const total = [...votes.values()].reduce((a, b) => a + b, 0);
  const [value, weight] = [...votes].reduce<[TicketPriority | null, number]>((a, b) => (b[1] > a[1] ? b : a), [null, 0]);
  if (!value || total <= 0) return null;
  return { value, reason: `${zh ? '分类常见优先级' : 'usual for category'}: ${value} (${(weight / total).toFixed(2)})`, confidence: weight / total };
}

/**
 * The highest of: the usual priority of the likely categories, the text
 * priority model when it is sure, urgency keywords, and emotion / complaint risk.
 */
function pickPriority(
  message: ReturnType<TextAnalyzer['analyze']>,
  ranking: { path: string[]; confidence: number }[],
  { priority, usual }: Models,
  threshold: number,
): TicketPrediction['priority'] {
  const zh = message.lang === 'zh';
  const signals: PrioritySignal[] = [];
  const likely = usualSignal(ranking, usual, zh);
  if (likely) signals.push(likely);
  const top = priority?.predict(message).ranking[0];
  if (top && isPriority(top.name) && top.confidence >= threshold) {
    signals.push({ value: top.name, reason: `${zh ? '模型' : 'model'}: ${top.name} (${top.confidence.toFixed(2)})`, confidence: top.confidence });
  }
  signals.push(...keywordSignals(message.normalized, message.lang), ...emotionSignals(message));
  const value = signals.length ? strongest(signals) : 'normal';
  const backing = signals.filter((s) => s.value === value);
  const confidence = backing.length ? Math.max(...backing.map((s) => s.confidence)) : 0.5;
  return { value, confidence: round(confidence), reasons: backing.map((s) => s.reason) };
}

const isPriority = (name: string): name is TicketPriority => (TICKET_PRIORITIES as readonly string[]).includes(name);
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Past tickets as training examples: subject and description joined, the
 * category path as stored (`categoryPath`, level 1 first). Rows without a
 * category or text are skipped.
 *
 * @example
 * ticketExamplesFromRows([{ subject: '退款没到账', description: '…', categoryPath: ['payments', 'refund'], priority: 'high' }]);
 */
export function ticketExamplesFromRows(
  rows: { subject: string | null; description: string | null; categoryPath: string[] | null; priority: TicketPriority; locale?: string | null }[],
): TicketExample[] {
  return rows.flatMap((row) => {
    const text = [row.subject, row.description].filter((s) => s?.trim()).join('\n');
    if (!text || !row.categoryPath?.length) return [];
    return [{ text, category: row.categoryPath.slice(0, 3), priority: row.priority, ...(row.locale ? { locale: row.locale } : {}) }];
  });
}
