import { restoreIntentModel, trainIntentClassifier, type IntentModel, type IntentModelData, type IntentOptions } from './intent-classifier.ts';
import { maxPriority, TICKET_PRIORITIES, type TicketPriority } from './ticket-categories.ts';
import { emotionSignals, keywordSignals, strongest, type PrioritySignal } from './ticket-priority.ts';
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
}

export const DEFAULT_TICKET_CLASSIFIER: TicketClassifierOptions = {
  levelThreshold: 0.5,
  alternatives: 3,
  dictionary: [],
  intent: {},
};

export interface CategoryPrediction {
  /** Key path down to the deepest level the classifier is confident about (may be shorter than 3, or empty). */
  path: string[];
  /** Confidence of the last level of `path` (its subtree's share of the probability). */
  confidence: number;
  /** The best full paths other than the answer, with their confidences. */
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
  priority: IntentModelData | null;
  options: Omit<TicketClassifierOptions, 'analyzer'>;
  trainMs: number;
}

const SEP = '/';

/**
 * Trains a workspace's ticket classifier on its past tickets: the bot's
 * intent classifier (TF-IDF words and char n-grams into linear SVMs,
 * calibrated softmax) over category paths, and another over priorities.
 * A level's confidence is the summed probability of its subtree, so a ticket
 * the model is unsure between two returns leaves of one branch still gets
 * that branch. Priority is the highest of the learned priority, urgency
 * keywords (zh + en) and emotion / complaint risk from the sentiment module,
 * with the reasons.
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
  const intent: Partial<IntentOptions> = { offTopicShare: 0, oosThreshold: 0, ...config.intent, analyzer };
  const usable = examples.filter((e) => e.text.trim() && e.category.length);
  const category = trainIntentClassifier(
    { examples: usable.map((e) => ({ text: e.text, label: e.category.join(SEP) })), faqs: [], dictionary: [] },
    { ...intent, rankingSize: Number.MAX_SAFE_INTEGER },
  );
  const levels = new Set(usable.map((e) => e.priority));
  const priority =
    levels.size > 1
      ? trainIntentClassifier({ examples: usable.map((e) => ({ text: e.text, label: e.priority })), faqs: [], dictionary: [] }, { ...intent, rankingSize: 4 })
      : null;
  const { analyzer: _analyzer, ...plain } = config;
  return build(category, priority, plain, analyzer, Math.round(performance.now() - started), usable.length);
}

/** A classifier from `serialize()`'s data. */
export function deserializeTicketClassifier(data: TicketClassifierData, analyzer?: TextAnalyzer): TicketClassifier {
  const text = analyzer ?? createTextAnalyzer(data.options.dictionary);
  const priority = data.priority ? restoreIntentModel(data.priority) : null;
  return build(restoreIntentModel(data.category), priority, data.options, text, data.trainMs, data.category.stats.examples);
}

function build(
  category: IntentModel,
  priority: IntentModel | null,
  options: Omit<TicketClassifierOptions, 'analyzer'>,
  analyzer: TextAnalyzer,
  trainMs: number,
  examples: number,
): TicketClassifier {
  return {
    stats: { examples, categories: category.labels.length, trainMs },
    serialize: () => ({ category: category.exportData(), priority: priority?.exportData() ?? null, options, trainMs }),
    classify(text, { locale } = {}) {
      const lang: Lang | undefined = locale ? (locale.startsWith('zh') ? 'zh' : 'en') : undefined;
      const message = analyzer.analyze(text, lang);
      const ranking = category.predict(message).ranking.map((r) => ({ path: r.name.split(SEP), confidence: r.confidence }));
      return { category: pickPath(ranking, options), priority: pickPriority(message, priority) };
    },
  };
}

/** Walks down from level 1, at each level taking the child whose subtree holds the most probability, while that stays above the threshold. */
function pickPath(ranking: { path: string[]; confidence: number }[], options: Pick<TicketClassifierOptions, 'levelThreshold' | 'alternatives'>): CategoryPrediction {
  const path: string[] = [];
  let confidence = 1;
  for (let level = 0; level < 3; level++) {
    const mass = new Map<string, number>();
    for (const r of ranking) {
      const key = r.path[level];
      if (key === undefined || !path.every((k, i) => r.path[i] === k)) continue;
      mass.set(key, (mass.get(key) ?? 0) + r.confidence);
    }
    const [best, share] = [...mass].reduce<[string | null, number]>((a, b) => (b[1] > a[1] ? b : a), [null, 0]);
    if (best === null || share < options.levelThreshold) break;
    path.push(best);
    confidence = share;
  }
  const answer = path.join(SEP);
  const alternatives = ranking.filter((r) => r.path.join(SEP) !== answer).slice(0, options.alternatives);
  return { path, confidence: path.length ? confidence : 0, alternatives };
}

function pickPriority(message: ReturnType<TextAnalyzer['analyze']>, model: IntentModel | null): TicketPrediction['priority'] {
  const zh = message.lang === 'zh';
  const learned = model?.predict(message);
  const top = learned?.ranking[0];
  const signals: PrioritySignal[] = [];
  const base: TicketPriority = top && isPriority(top.name) ? top.name : 'normal';
  if (top) signals.push({ value: base, reason: `${zh ? '模型' : 'model'}: ${base} (${top.confidence.toFixed(2)})`, confidence: top.confidence });
  const rules = [...keywordSignals(message.normalized, message.lang), ...emotionSignals(message)];
  const value = maxPriority(base, strongest(rules));
  const raised = rules.filter((s) => s.value === value);
  const reasons = value === base ? [...signals, ...raised] : raised;
  const confidence = Math.max(0, ...(value === base ? signals : raised).map((s) => s.confidence));
  return { value, confidence: round(confidence), reasons: reasons.map((s) => s.reason) };
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
