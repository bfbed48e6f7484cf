/**
 * The bot's NLU pipeline passes one `NluMessage` from component to component
 * (Rasa-style): each component reads what earlier ones wrote and adds its own
 * field. Components never call each other.
 */

export type Lang = 'zh' | 'en';

export interface Entity {
  /** `order_number`, `phone`, `email`, `id_number`, `amount`, `date`, `product`, … */
  type: string;
  /** The text as the customer wrote it. */
  text: string;
  /** Normalised value: digits of a phone (+86…), ISO date `2026-11-20`, `{ amount: 199, currency: 'CNY' }`… */
  value: unknown;
  /** Character offsets into `NluMessage.text`. */
  start: number;
  end: number;
}

export interface Ranked {
  name: string;
  confidence: number;
}

export interface IntentResult {
  /** Best intent, or `oos` when the message is out of scope. */
  name: string;
  /** Calibrated probability of `name` (0..1). */
  confidence: number;
  /** Top candidates, best first (never contains `oos`). */
  ranking: Ranked[];
  oos: boolean;
}

export interface FaqCandidate {
  faqId: string;
  /** The stored question (standard or similar) that matched best. */
  question: string;
  /** Fused score, 0..1, comparable across queries. */
  score: number;
}

export interface PassageCandidate {
  /** `<article key>:<locale>:<passage index>` (see the brain's passage knowledge). */
  passageId: string;
  /** Share of the message's words the passage covers, 0..1. */
  score: number;
}

export interface SentimentResult {
  label: 'negative' | 'neutral' | 'positive';
  /** Probability-like strength of `label`, 0..1. */
  score: number;
  emotions: { anger: number; anxiety: number };
  /** `high`: hand off at once (投诉, 12315, 律师, chargeback…); `low`: negative, soothe and raise priority. */
  complaintRisk: 'none' | 'low' | 'high';
  /** The phrases that raised the risk, for the handoff summary. */
  riskTerms: string[];
}

export interface NluMessage {
  /** As the customer wrote it. */
  text: string;
  lang: Lang;
  /** Full-width → half-width, traditional → simplified (common characters), lower case, trimmed. */
  normalized: string;
  /** Word tokens of `normalized`: jieba for Chinese (with the workspace dictionary), words for English. */
  tokens: string[];
  intent?: IntentResult;
  faq?: FaqCandidate[];
  /** Article passages that may answer the message, best first (when the workspace has articles). */
  passages?: PassageCandidate[];
  entities: Entity[];
  sentiment?: SentimentResult;
  /** The knowledge graph's answer, when the message names an entity and asks what the graph knows. */
  graph?: GraphHit;
}

/** An answer walked from the knowledge graph (server/nlu/graph-walk.ts). */
export interface GraphHit {
  kind: 'fault' | 'policy' | 'models';
  /** Entity ids from the anchor (product or model) to the fault, if any. */
  path: string[];
  /** The solutions, policies or models answered with. */
  answers: string[];
  /** "X3 耳机 · 充不进电 → 解决办法：…" in both languages. */
  reply: { 'zh-CN': string; en: string };
}

/** Everything a workspace trains its bot on. */
export interface TrainingData {
  lang?: Lang;
  /** Labelled utterances: intent examples and FAQ similar questions (label = `faq:<id>`). */
  examples: { text: string; label: string }[];
  faqs: { id: string; questions: string[]; lang?: Lang }[];
  /** Domain words for the tokenizer and the product entity extractor (退货退款, product names…). */
  dictionary: { word: string; type?: string }[];
}

/** One pipeline step. `train` is called on every retrain with the whole data; `process` must be fast (sub-millisecond). */
export interface NluComponent {
  readonly name: string;
  train?(data: TrainingData): void | Promise<void>;
  process(message: NluMessage): NluMessage;
}
