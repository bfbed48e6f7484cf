import { findCues, type Cue } from './sentiment-lexicon.ts';
import type { NluComponent, NluMessage, SentimentResult } from './types.ts';

/** What a trained classifier (see `trainSentimentModel`) offers the analyzer. */
export interface PolarityModel {
  /** `lexicon`: the message's lexicon score, when the caller has it already. */
  predict(normalized: string, tokens: string[], lexicon?: LexiconScore): { probabilities: Record<string, number> };
}

export interface SentimentOptions {
  /** A model trained on the workspace's own labelled messages, blended with the lexicon. */
  model?: PolarityModel;
  /**
   * Share of the model in the blend, 0..1 (default 0.8): the model decides,
   * unless it is unsure (p ≲ 0.6) and the lexicon's verdict is clear.
   */
  modelWeight?: number;
}

/** What the lexicon makes of one message, before any model is blended in. */
export interface LexiconScore {
  /** Overall valence, -1..1. */
  compound: number;
  anger: number;
  anxiety: number;
  /** Complaint-risk phrases that were not negated ("我不会投诉" is not a threat). */
  riskTerms: string[];
  /** Negative and angry phrases, for a `low` risk summary. */
  negativeTerms: string[];
  negatedRisk: boolean;
  /** Each sentiment-bearing cue with its final valence, in text order. */
  scored: { term: string; polarity: number }[];
}

interface Scored {
  term: string;
  start: number;
  polarity: number;
  anger: number;
  anxiety: number;
}

const codes = (chars: string) => new Set([...chars].map((ch) => ch.charCodeAt(0)));
const CLAUSE_END = codes(',，、;；:：。.!?！？~～…\n');
const SENTENCE_END = codes('。.!?！？;；…\n');
const QUESTION_MARK = codes('?？');
const QUESTION_PARTICLE = codes('吗么呢');
/** Modifiers reach this many words (or Chinese characters) ahead. */
const WINDOW = 3;
/** Compound = s / √(s² + ALPHA): one mild word (±1) stays neutral, one clear word (±1.5) does not. */
const ALPHA = 4;
/** Capitals that are names, not shouting. */
const ACRONYMS = new Set('ASAP BBB FTC CFPB USB SMS APP FAQ VIP USD CNY RMB PDF ETA SKU DHL UPS EMS API URL IOS OTP PIN'.split(' '));

interface Segments {
  /** Clause and sentence index of every character. */
  clause: Int32Array;
  sentence: Int32Array;
  sentenceStart: number[];
  /** Clauses that ask (end in ? or 吗/么/呢). */
  question: Set<number>;
}

function segment(text: string): Segments {
  const seg: Segments = {
    clause: new Int32Array(text.length + 1),
    sentence: new Int32Array(text.length + 1),
    sentenceStart: [0],
    question: new Set(),
  };
  let c = 0;
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    seg.clause[i] = c;
    seg.sentence[i] = s;
    if (CLAUSE_END.has(code)) {
      if (QUESTION_MARK.has(code) || QUESTION_PARTICLE.has(text.charCodeAt(i - 1))) seg.question.add(c);
      c++;
    }
    if (SENTENCE_END.has(code) && !SENTENCE_END.has(text.charCodeAt(i + 1))) s = seg.sentenceStart.push(i + 1) - 1;
  }
  if (QUESTION_PARTICLE.has(text.charCodeAt(text.length - 1))) seg.question.add(c);
  seg.clause[text.length] = c;
  seg.sentence[text.length] = s;
  return seg;
}

/** Words or Chinese characters between two offsets. */
function gapUnits(text: string, from: number, to: number): number {
  if (to - from > 24) return Infinity;
  const gap = text.slice(from, to);
  return (gap.match(/\p{Script=Han}/gu)?.length ?? 0) + (gap.match(/[a-z0-9']+/g)?.length ?? 0);
}

interface Walk {
  items: Scored[];
  /** Contrast (但是, but), concession (虽然, although) and hypothetical (如果, if) markers. */
  markers: { kind: 'contrast' | 'concession' | 'hypothetical'; at: number }[];
  riskTerms: string[];
  negativeTerms: string[];
  negatedRisk: boolean;
}

/** Apply negators and intensifiers to the cue they precede in the same clause. */
function walkCues(text: string, cues: Cue[], clauseOf: Int32Array): Walk {
  const walk: Walk = { items: [], markers: [], riskTerms: [], negativeTerms: [], negatedRisk: false };
  let chain = { negations: 0, factor: 1, end: -1, clause: -1 };
  for (const cue of cues) {
    const a = cue.attributes;
    const clause = clauseOf[cue.start]!;
    const near = chain.clause === clause && gapUnits(text, chain.end, cue.start) <= WINDOW;
    if (a.role === 'negator' || a.role === 'intensifier') {
      if (!near) chain = { negations: 0, factor: 1, end: cue.end, clause };
      if (a.role === 'negator') chain.negations++;
      else chain.factor *= a.factor ?? 1;
      chain.end = cue.end;
      continue;
    }
    if (a.role === 'stop') continue;
    if (a.role) {
      walk.markers.push({ kind: a.role, at: cue.start });
      continue;
    }
    const negated = near && chain.negations % 2 === 1;
    const factor = near ? chain.factor : 1;
    const raw = (a.polarity ?? 0) * factor;
    const polarity = negated ? (raw > 0 ? -0.85 * raw : -0.5 * raw) : raw;
    const anger = negated ? 0 : (a.anger ?? 0) * Math.min(factor, 1.5);
    const anxiety = negated ? 0 : (a.anxiety ?? 0) * Math.min(factor, 1.5);
    if (a.risk && negated) walk.negatedRisk = true;
    else if (a.risk && !walk.riskTerms.includes(cue.term)) walk.riskTerms.push(cue.term);
    if ((polarity < 0 || anger > 0) && !walk.negativeTerms.includes(cue.term)) walk.negativeTerms.push(cue.term);
    walk.items.push({ term: cue.term, start: cue.start, polarity, anger, anxiety });
    chain = { negations: 0, factor: 1, end: -1, clause: -1 };
  }
  return walk;
}

/** 但是/but: what came before in the sentence counts half, what follows half as much again. */
function applyMarkers(text: string, walk: Walk, seg: Segments): void {
  for (const marker of walk.markers) {
    const s = seg.sentence[marker.at]!;
    const sentenceItems = walk.items.filter((item) => seg.sentence[item.start] === s);
    if (marker.kind === 'contrast') {
      const opensSentence = !sentenceItems.some((item) => item.start < marker.at);
      const from = opensSentence ? (seg.sentenceStart[s - 1] ?? 0) : seg.sentenceStart[s]!;
      for (const item of walk.items) {
        if (item.start >= from && item.start < marker.at) item.polarity *= 0.5;
        else if (item.start > marker.at && seg.sentence[item.start] === s) item.polarity *= 1.5;
      }
      continue;
    }
    const clause = seg.clause[marker.at]!;
    const nextContrast = walk.markers.find((m) => m.kind === 'contrast' && m.at > marker.at)?.at ?? text.length;
    for (const item of sentenceItems) {
      if (item.start > marker.at && item.start < nextContrast && seg.clause[item.start] === clause)
        item.polarity *= marker.kind === 'concession' ? 0.5 : 0.3;
    }
  }
}

/** Questions ("这个好用吗？", "is it good?") ask rather than praise: their positive words count little. */
function dampenQuestions(walk: Walk, seg: Segments): void {
  for (const item of walk.items) if (item.polarity > 0 && seg.question.has(seg.clause[item.start]!)) item.polarity *= 0.3;
}

/** Shouting: runs of !!!/??? and words in capitals (ignoring acronyms like BBB). */
function shouting(text: string): { runs: number; capitals: number; exclamations: number } {
  const runs = text.match(/[!?！？]{2,}/g)?.length ?? 0;
  const capitals = (text.match(/\b[A-Z]{3,}\b/g) ?? []).filter((w) => !ACRONYMS.has(w)).length;
  const exclamations = text.match(/[!！]/g)?.length ?? 0;
  return { runs, capitals, exclamations };
}

const saturate = (x: number) => 1 - Math.exp(-x);

/**
 * Score a message with the hand-written lexicon alone.
 *
 * @example
 * scoreLexicon('等了三天还没到，气死了！！！', normalizeText('等了三天还没到，气死了！！！')).compound; // < 0
 */
export function scoreLexicon(text: string, normalized: string): LexiconScore {
  const seg = segment(normalized);
  const walk = walkCues(normalized, findCues(normalized), seg.clause);
  applyMarkers(normalized, walk, seg);
  dampenQuestions(walk, seg);
  let sum = walk.items.reduce((s, item) => s + item.polarity, 0);
  const shout = shouting(text);
  if (sum !== 0) sum += Math.sign(sum) * Math.min(shout.exclamations, 4) * 0.3;
  const compound = sum / Math.sqrt(sum * sum + ALPHA);
  const hostile = compound < 0.5 ? Math.min(shout.runs, 3) * 0.4 + Math.min(shout.capitals, 3) * 0.3 : 0;
  const anger = saturate(walk.items.reduce((s, item) => s + item.anger, 0) + hostile);
  const anxiety = saturate(walk.items.reduce((s, item) => s + item.anxiety, 0) + (/[?？]{2,}/.test(text) ? 0.2 : 0));
  return {
    compound,
    anger,
    anxiety,
    riskTerms: walk.riskTerms,
    negativeTerms: walk.negativeTerms,
    negatedRisk: walk.negatedRisk,
    scored: walk.items.map(({ term, polarity }) => ({ term, polarity })),
  };
}

const POLARITY_OF: Record<string, SentimentResult['label']> = {
  '0': 'negative',
  '1': 'positive',
  negative: 'negative',
  positive: 'positive',
  neutral: 'neutral',
  neg: 'negative',
  pos: 'positive',
};

/** The label a dataset or model uses (0/1, negative/neutral/positive) as a sentiment label. */
export function toPolarity(label: string | number): SentimentResult['label'] {
  return POLARITY_OF[String(label).toLowerCase()] ?? 'neutral';
}

/**
 * How likely each label is: the lexicon's compound spread over
 * negative/neutral/positive, mixed with the model's probabilities when a model is given.
 */
export function polarityDistribution(
  score: LexiconScore,
  message: Pick<NluMessage, 'normalized' | 'tokens'>,
  options: SentimentOptions = {},
): Record<SentimentResult['label'], number> {
  const { compound } = score;
  const lexicon = { negative: Math.max(-compound, 0), neutral: 1 - Math.abs(compound), positive: Math.max(compound, 0) };
  if (!options.model) return lexicon;
  const weight = options.modelWeight ?? 0.8;
  const mixed = { negative: lexicon.negative * (1 - weight), neutral: lexicon.neutral * (1 - weight), positive: lexicon.positive * (1 - weight) };
  const { probabilities } = options.model.predict(message.normalized, message.tokens, score);
  for (const [label, p] of Object.entries(probabilities)) mixed[toPolarity(label)] += weight * p;
  return mixed;
}

/** Complaint risk: threats of outside escalation are high; a clearly angry or repeated negative message is low. */
function complaintRisk(score: LexiconScore, label: SentimentResult['label']): Pick<SentimentResult, 'complaintRisk' | 'riskTerms'> {
  if (score.riskTerms.length) return { complaintRisk: 'high', riskTerms: score.riskTerms };
  const upset = label === 'negative' && (score.anger >= 0.5 || score.negativeTerms.length >= 2 || score.compound <= -0.8 || score.negatedRisk);
  if (upset || score.anger >= 0.7) return { complaintRisk: 'low', riskTerms: score.negativeTerms.slice(0, 5) };
  return { complaintRisk: 'none', riskTerms: [] };
}

/**
 * Sentiment, anger, anxiety and complaint risk of one customer message, from
 * the lexicon (and a workspace's trained model when one is given).
 *
 * @example
 * analyzeSentiment({ text: '再不退款我就去12315投诉', normalized: '再不退款我就去12315投诉', tokens: [] });
 * // → { label: 'negative', complaintRisk: 'high', riskTerms: ['12315', '投诉'], … }
 */
export function analyzeSentiment(message: Pick<NluMessage, 'text' | 'normalized' | 'tokens'>, options: SentimentOptions = {}): SentimentResult {
  const score = scoreLexicon(message.text, message.normalized);
  const distribution = polarityDistribution(score, message, options);
  const label = (Object.keys(distribution) as SentimentResult['label'][]).reduce((a, b) => (distribution[b] > distribution[a] ? b : a), 'neutral');
  return { label, score: distribution[label], emotions: { anger: score.anger, anxiety: score.anxiety }, ...complaintRisk(score, label) };
}

/** The pipeline step that sets `message.sentiment`. */
export function sentimentComponent(options: SentimentOptions = {}): NluComponent {
  return {
    name: 'sentiment',
    process: (message) => ({ ...message, sentiment: analyzeSentiment(message, options) }),
  };
}
