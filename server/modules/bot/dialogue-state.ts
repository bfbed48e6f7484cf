import type { NluMessage } from '../../nlu/types.ts';
import type { FlowActionRequest, FlowState } from './flow-engine.ts';
import type { FlowDefinition, FlowLocale, Localized } from './flow-schema.ts';
import { botLine } from './replies.ts';
import type { BotAttempts, EmotionTrace, HandoffReason, HandoffSummary, RememberedEntity } from './summary.ts';

/** What the dialogue policy (dialogue.ts) remembers, reads and returns: plain JSON, stored per conversation. */

/** Thresholds are per workspace; start from `defaultPolicyConfig`. */
export interface PolicyConfig {
  /** A FAQ or intent at least this sure and clear of the runner-up by `clarifyMargin` is answered. */
  answerThreshold: number;
  /** A FAQ or intent at least this sure is answered even when the runner-up is close. */
  strongThreshold: number;
  /** Below this the message is not understood and no option is offered; between the two the bot asks "did you mean" (two options at least). */
  clarifyThreshold: number;
  /** Top two candidates closer than this are ambiguous unless the top one is strong. */
  clarifyMargin: number;
  /** "Did you mean" lists only options at least this sure and within `clarifyWindow` of the top score. */
  optionThreshold: number;
  clarifyWindow: number;
  /** Not-understood turns in a row before a human is offered. */
  lowConfidenceLimit: number;
  maxClarifyOptions: number;
  /** Anger or anxiety at least this (with negative sentiment) → soothe and raise priority. */
  emotionThreshold: number;
  /**
   * When an upset customer, or a message carrying an order number, is not
   * understood, the first of these intents in the classifier's top three
   * (even below its out-of-scope cut) is answered — its response asks for or
   * uses the order number. An upset customer is otherwise offered a person.
   */
  fallbackIntents: readonly string[];
  /** An answer less sure than this is still given, but its question is recorded as a knowledge gap. */
  lowAnswerThreshold: number;
  /**
   * When no FAQ item or intent reaches `strongThreshold`, the best article
   * passage answers if it covers at least this share of the message's words
   * and beats the best FAQ item or intent by `passageMargin` (the two
   * retrievers score differently, so a near tie goes to the FAQ item).
   */
  passageThreshold: number;
  passageMargin: number;
  /** How sure a side question inside a flow must be to be answered before re-asking the slot. */
  interruptThreshold: number;
  /** Exchanges (a customer message and what the bot did with it) kept in the state: at least 30. */
  historyLimit: number;
  /** Pending questions ("did you mean", "shall I get a person") and the follow-up topic expire after this idle time. */
  contextTtlMs: number;
  /** A flow is dropped after this idle time. */
  flowTtlMs: number;
}

export const defaultPolicyConfig: PolicyConfig = {
  answerThreshold: 0.4,
  strongThreshold: 0.7,
  clarifyThreshold: 0.3,
  clarifyMargin: 0.06,
  optionThreshold: 0.25,
  clarifyWindow: 0.25,
  lowConfidenceLimit: 2,
  maxClarifyOptions: 3,
  emotionThreshold: 0.5,
  fallbackIntents: ['urge_delivery', 'order_status', 'track_package'],
  lowAnswerThreshold: 0.5,
  interruptThreshold: 0.75,
  passageThreshold: 0.4,
  passageMargin: 0.1,
  historyLimit: 30,
  contextTtlMs: 30 * 60_000,
  flowTtlMs: 24 * 60 * 60_000,
};

export interface IntentKnowledge {
  action: 'answer' | 'flow' | 'handoff';
  response?: Localized;
  /** Shown in "did you mean" lists; intents without one (greetings…) are never listed. */
  title?: Localized;
}

/** The workspace's content, already in the conversation's locale where it matters. */
export interface BotKnowledge {
  faqAnswer(faqId: string): { question: string; answer: string } | undefined;
  intent(name: string): IntentKnowledge | undefined;
  flowFor(intentName: string): FlowDefinition | undefined;
  /** A passage of a published article (title, heading path, text, link to its section). */
  passage?(id: string): PassageKnowledge | undefined;
}

export interface PassageKnowledge {
  title: string;
  headings: readonly string[];
  text: string;
  url: string;
}

/**
 * One exchange: what the customer wrote (cut) and what the bot made of it.
 * The bot's words are not kept here — they are in the conversation's
 * messages — so the state written on every turn stays a few kilobytes.
 */
export interface Turn {
  text: string;
  at: number;
  intent?: string;
  faqId?: string;
  entities?: { type: string; text: string }[];
  /** The follow-up as the bot re-read it ("那退款呢" → "退款运费谁出"). */
  rewritten?: string;
}

export interface ClarifyOption {
  kind: 'faq' | 'intent';
  id: string;
  label: string;
}

export type PendingQuestion =
  /** `question`: what the customer asked, recorded as a knowledge gap if none of the options fits. */
  { kind: 'clarify'; options: ClarifyOption[]; at: number; question?: string } | { kind: 'offer_human'; inFlow: boolean; at: number };

/**
 * Why a customer's question shows a hole in the knowledge base (gap mining
 * clusters these into suggested FAQ items): the bot did not understand it,
 * answered it unsurely, offered options none of which fitted, handed off
 * after failing on it, or the customer said its answer did not help.
 */
export type GapKind = 'not_understood' | 'low_confidence' | 'clarify_failed' | 'handoff' | 'not_helpful';
export interface TurnGap {
  kind: GapKind;
  /** The customer's question (cut like turn texts), not necessarily this turn's message. */
  question: string;
}

export interface DialogueState {
  version: 1;
  turns: Turn[];
  turnCount: number;
  /** Entities given so far, latest first. */
  entities: RememberedEntity[];
  /** Intents seen, latest first. */
  intents: string[];
  emotion: EmotionTrace;
  tried: BotAttempts;
  lowConfidenceStreak: number;
  priority?: 'high' | 'urgent';
  pending?: PendingQuestion;
  /** When a person was last offered and neither taken nor declined: a later bare "yes" still accepts. */
  humanOfferedAt?: number;
  flow?: FlowState;
  /** The last question the bot could not answer: a handoff that follows is a gap on it. */
  unanswered?: { text: string; at: number };
  /** The last question answered, for elliptical follow-ups. */
  topic?: { text: string; at: number };
  handedOff: boolean;
}

export type BotAction =
  | { type: 'handoff'; reason: HandoffReason; summary: HandoffSummary }
  | Exclude<FlowActionRequest, { type: 'handoff' }>
  | { type: 'raise_priority'; to: 'high' | 'urgent'; reason: 'negative_emotion' | 'complaint_risk' };

export interface TurnInput {
  /** Omit for a new conversation. */
  state?: DialogueState;
  message: NluMessage;
  /** Files sent with the message. */
  attachments: number;
  locale: FlowLocale;
  config: PolicyConfig;
  knowledge: BotKnowledge;
  /** Runs the NLU pipeline on a rewritten follow-up; without it follow-ups are not rewritten. */
  understand?(text: string): NluMessage;
  now: number;
}

export interface TurnDecision {
  replies: string[];
  actions: BotAction[];
  state: DialogueState;
  /** Set when this turn showed a knowledge gap; stored on the bot's reply (no extra write). */
  gap?: TurnGap;
}

/** A fresh conversation's state. */
export function initialDialogueState(): DialogueState {
  return {
    version: 1,
    turns: [],
    turnCount: 0,
    entities: [],
    intents: [],
    emotion: { label: 'neutral', anger: 0, anxiety: 0, complaintRisk: 'none', riskTerms: [] },
    tried: { answers: [], clarifications: 0, rephrases: 0, flows: [] },
    lowConfidenceStreak: 0,
    handedOff: false,
  };
}

/**
 * Reads a stored state back (JSON from the database); anything that is not a
 * version-1 state starts afresh rather than failing the customer's turn.
 */
export function restoreDialogueState(raw: unknown): DialogueState {
  const s = raw as Partial<DialogueState> | null;
  const ok = s?.version === 1 && Array.isArray(s.turns) && Array.isArray(s.entities) && Array.isArray(s.intents) && !!s.emotion && !!s.tried;
  if (!ok) return initialDialogueState();
  // States written before turns became exchanges also held the bot's lines.
  const turns = (s.turns as (Turn & { role?: string })[]).filter((t) => t.role !== 'bot').map(({ role: _role, ...turn }) => turn);
  return { ...initialDialogueState(), ...s, turns };
}

/** After an agent hands the conversation back: the bot's greeting and a state without stale questions. */
export function resumeAfterHuman(state: DialogueState, locale: FlowLocale): { state: DialogueState; reply: string } {
  return {
    state: { ...state, handedOff: false, pending: undefined, flow: undefined, lowConfidenceStreak: 0 },
    reply: botLine('back_from_human', locale),
  };
}

/** One turn in the making, passed between the policy's steps. */
export interface Ctx {
  input: TurnInput;
  state: DialogueState;
  message: NluMessage;
  rewritten?: string;
  /** The bot apologised this turn. */
  soothed?: boolean;
  replies: string[];
  actions: BotAction[];
  gap?: TurnGap;
}

/** How sure the best reading of a message is: its intent or its best FAQ match. */
export function score(message: NluMessage): number {
  const intent = message.intent && !message.intent.oos ? message.intent.confidence : 0;
  return Math.max(intent, ...(message.faq ?? []).map((f) => f.score));
}
