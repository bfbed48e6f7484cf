import type { Entity, NluMessage } from '../../nlu/types.ts';
import { continueFlow, currentQuestion, pendingSlot, startFlow, type FlowActionRequest, type FlowState, type FlowTurn } from './flow-engine.ts';
import type { FlowDefinition, FlowLocale, Localized } from './flow-schema.ts';
import { botLine, clarifyPrompt } from './replies.ts';
import { asksForHuman, cleanAnswer, isCancel, isNoneOfThese, parseOrdinal, parseYesNo, pickByOverlap, sharedTerms, terms } from './slot-values.ts';
import {
  buildHandoffSummary,
  type BotAttempts,
  type EmotionTrace,
  type HandoffReason,
  type HandoffSummary,
  type RememberedEntity,
} from './summary.ts';

/**
 * The bot's dialogue policy: given what it remembers of the conversation and
 * one understood customer message, decide what to say and what to do (answer,
 * clarify, ask to rephrase, run a flow, hand off). Pure and synchronous; the
 * state is plain JSON the wiring layer stores per contact + conversation.
 */

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
  /** How sure a side question inside a flow must be to be answered before re-asking the slot. */
  interruptThreshold: number;
  /** Turns kept in the state (at least 30). */
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
  interruptThreshold: 0.75,
  historyLimit: 50,
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
}

export interface Turn {
  role: 'customer' | 'bot';
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

export type PendingQuestion = { kind: 'clarify'; options: ClarifyOption[]; at: number } | { kind: 'offer_human'; inFlow: boolean; at: number };

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
  return ok ? { ...initialDialogueState(), ...s } : initialDialogueState();
}

/** After an agent hands the conversation back: the bot's greeting and a state without stale questions. */
export function resumeAfterHuman(state: DialogueState, locale: FlowLocale): { state: DialogueState; reply: string } {
  return {
    state: { ...state, handedOff: false, pending: undefined, flow: undefined, lowConfidenceStreak: 0 },
    reply: botLine('back_from_human', locale),
  };
}

interface Ctx {
  input: TurnInput;
  state: DialogueState;
  message: NluMessage;
  rewritten?: string;
  /** The bot apologised this turn. */
  soothed?: boolean;
  replies: string[];
  actions: BotAction[];
}

/** Turn texts are cut here so a pasted essay cannot bloat the stored state. */
const maxTurnText = 1000;
const reserved = new Set(['affirm', 'deny', 'human_handoff']);
const rank = { none: 0, low: 1, high: 2 } as const;

function begin(input: TurnInput): Ctx {
  const state = structuredClone(input.state ?? initialDialogueState());
  const last = state.turns.at(-1)?.at ?? input.now;
  const idle = input.now - last;
  if (idle > input.config.contextTtlMs) Object.assign(state, { pending: undefined, topic: undefined });
  if (idle > input.config.flowTtlMs) state.flow = undefined;
  state.handedOff = false;
  state.turnCount += 1;
  remember(state, input.message.entities, input.now);
  const intent = input.message.intent;
  if (intent && !intent.oos && intent.confidence >= input.config.clarifyThreshold)
    state.intents = [intent.name, ...state.intents.filter((i) => i !== intent.name)].slice(0, 10);
  const s = input.message.sentiment;
  if (s) {
    const e = state.emotion;
    state.emotion = {
      label: s.label === 'negative' || e.label === 'negative' ? 'negative' : s.label,
      anger: Math.max(e.anger, s.emotions.anger),
      anxiety: Math.max(e.anxiety, s.emotions.anxiety),
      complaintRisk: rank[s.complaintRisk] > rank[e.complaintRisk] ? s.complaintRisk : e.complaintRisk,
      riskTerms: [...new Set([...e.riskTerms, ...s.riskTerms])].slice(0, 10),
    };
  }
  return { input, state, message: input.message, replies: [], actions: [] };
}

function remember(state: DialogueState, entities: readonly Entity[], at: number): void {
  for (const e of entities) {
    const value = JSON.parse(JSON.stringify(e.value ?? null)) as RememberedEntity['value'];
    state.entities = [{ type: e.type, text: e.text, value, at }, ...state.entities.filter((x) => x.type !== e.type || x.text !== e.text)].slice(
      0,
      20,
    );
  }
}

function finish(ctx: Ctx): TurnDecision {
  const { state, message, input } = ctx;
  const top = message.faq?.[0];
  const intent = message.intent && !message.intent.oos ? message.intent.name : undefined;
  state.turns.push({
    role: 'customer',
    text: input.message.text.slice(0, maxTurnText),
    at: input.now,
    ...(intent ? { intent } : {}),
    ...(top && top.score >= input.config.clarifyThreshold ? { faqId: top.faqId } : {}),
    ...(message.entities.length ? { entities: message.entities.map((e) => ({ type: e.type, text: e.text })) } : {}),
    ...(ctx.rewritten ? { rewritten: ctx.rewritten } : {}),
  });
  if (ctx.replies.length) state.turns.push({ role: 'bot', text: ctx.replies.join('\n').slice(0, maxTurnText), at: input.now });
  state.turns = state.turns.slice(-Math.max(30, input.config.historyLimit));
  return { replies: ctx.replies, actions: ctx.actions, state };
}

/**
 * Decides the bot's next move for one customer message.
 *
 * @example
 * const { replies, actions, state } = decideTurn({ state, message, attachments: 0, locale: 'zh-CN', config: defaultPolicyConfig, knowledge, now: Date.now() });
 */
export function decideTurn(input: TurnInput): TurnDecision {
  const ctx = begin(input);
  handle(ctx);
  return finish(ctx);
}

function handle(ctx: Ctx): void {
  if (ctx.message.sentiment?.complaintRisk === 'high') return complain(ctx);
  if (wantsHuman(ctx)) return handOff(ctx, 'requested');
  soothe(ctx);
  if (ctx.state.pending?.kind === 'offer_human' && answerOffer(ctx)) return;
  if (acceptsEarlierOffer(ctx)) return handOff(ctx, 'low_confidence');
  if (ctx.state.flow && runFlow(ctx)) return;
  if (ctx.state.pending?.kind === 'clarify' && answerClarify(ctx)) return;
  ctx.state.pending = undefined;
  resolveReferences(ctx);
  respond(ctx);
}

function wantsHuman(ctx: Ctx): boolean {
  const i = ctx.message.intent;
  const sure = Math.max(ctx.input.config.answerThreshold, 0.6);
  return (i?.name === 'human_handoff' && !i.oos && i.confidence >= sure) || asksForHuman(ctx.message.text);
}

/** A bare "yes" after an offer of a person that a clarification or a stray message interrupted. */
function acceptsEarlierOffer(ctx: Ctx): boolean {
  const at = ctx.state.humanOfferedAt;
  if (at === undefined || ctx.state.flow || ctx.input.now - at > ctx.input.config.contextTtlMs) return false;
  return parseYesNo(ctx.message.text) === 'yes';
}

function complain(ctx: Ctx): void {
  ctx.replies.push(botLine('soothe', ctx.input.locale, ctx.state.turnCount));
  raise(ctx, 'urgent', 'complaint_risk');
  handOff(ctx, 'complaint_risk');
}

function raise(ctx: Ctx, to: 'high' | 'urgent', reason: 'negative_emotion' | 'complaint_risk'): void {
  if (ctx.state.priority === 'urgent' || ctx.state.priority === to) return;
  ctx.state.priority = to;
  ctx.actions.push({ type: 'raise_priority', to, reason });
}

function soothe(ctx: Ctx): void {
  const s = ctx.message.sentiment;
  if (!s) return;
  const upset = s.label === 'negative' && Math.max(s.emotions.anger, s.emotions.anxiety) >= ctx.input.config.emotionThreshold;
  if (!upset && s.complaintRisk !== 'low') return;
  ctx.replies.push(botLine('soothe', ctx.input.locale, ctx.state.turnCount));
  ctx.soothed = true;
  raise(ctx, 'high', s.complaintRisk === 'low' ? 'complaint_risk' : 'negative_emotion');
}

function handOff(ctx: Ctx, reason: HandoffReason, finished?: { definition: FlowDefinition; slots: FlowState['slots'] }): void {
  const { state } = ctx;
  const running = state.flow ? { definition: ctx.input.knowledge.flowFor(state.flow.intent), state: state.flow } : undefined;
  const summary = buildHandoffSummary({
    reason,
    intents: state.intents,
    entities: state.entities,
    emotion: state.emotion,
    tried: state.tried,
    flow: running ?? finished,
    lastCustomerMessage: ctx.input.message.text,
    earlierMessages: state.turns.filter((t) => t.role === 'customer').map((t) => t.text),
    intentTitles: Object.fromEntries(
      state.intents.flatMap((name) => {
        const title = ctx.input.knowledge.intent(name)?.title;
        return title ? [[name, title]] : [];
      }),
    ),
  });
  ctx.actions.push({ type: 'handoff', reason, summary });
  ctx.replies.push(botLine('handing_off', ctx.input.locale));
  Object.assign(state, { flow: undefined, pending: undefined, humanOfferedAt: undefined, lowConfidenceStreak: 0, handedOff: true });
}

function isAffirm(message: NluMessage): boolean {
  return parseYesNo(message.text) === 'yes' || (message.intent?.name === 'affirm' && message.intent.confidence >= 0.5);
}

function isDeny(message: NluMessage): boolean {
  return parseYesNo(message.text) === 'no' || (message.intent?.name === 'deny' && message.intent.confidence >= 0.5);
}

/** The reply to "shall I connect you to a person?". */
function answerOffer(ctx: Ctx): boolean {
  const pending = ctx.state.pending as Extract<PendingQuestion, { kind: 'offer_human' }>;
  ctx.state.pending = undefined;
  const flow = ctx.state.flow && ctx.input.knowledge.flowFor(ctx.state.flow.intent);
  if (flow && ctx.state.flow && pendingSlot(flow, ctx.state.flow)?.type === 'yes_no') return false;
  if (isAffirm(ctx.message)) {
    handOff(ctx, pending.inFlow ? 'flow' : 'low_confidence');
    return true;
  }
  if (!isDeny(ctx.message)) return false;
  ctx.state.lowConfidenceStreak = 0;
  ctx.state.humanOfferedAt = undefined;
  if (flow && ctx.state.flow) {
    ctx.state.flow = { ...ctx.state.flow, step: { ...ctx.state.flow.step, attempts: 0 } };
    ctx.replies.push(currentQuestion(flow, ctx.state.flow, ctx.input.locale));
  } else ctx.replies.push(botLine('offer_declined', ctx.input.locale));
  return true;
}

function runFlow(ctx: Ctx): boolean {
  const flowState = ctx.state.flow as FlowState;
  const flow = ctx.input.knowledge.flowFor(flowState.intent);
  if (!flow) {
    ctx.state.flow = undefined;
    return false;
  }
  const text = ctx.message.text;
  const slot = pendingSlot(flow, flowState);
  if (
    slot?.type === 'text' &&
    !isCancel(text) &&
    /[?？吗呢]\s*$|^(?:how|what|when|where|why|can|do|does|is|are)\b/iu.test(text) &&
    sideAnswer(ctx, flow)
  )
    return true;
  const turn = continueFlow(flow, flowState, { text, entities: ctx.message.entities, attachments: ctx.input.attachments, locale: ctx.input.locale });
  if ((turn.outcome === 'invalid' || turn.outcome === 'stuck') && sideAnswer(ctx, flow)) return true;
  applyFlowTurn(ctx, flow, turn);
  return true;
}

/** A confident question that is not part of the flow: answer it, then ask the flow's question again. */
function sideAnswer(ctx: Ctx, flow: FlowDefinition): boolean {
  const top = candidates(ctx).find((c) => !(c.kind === 'intent' && (flow.intents.includes(c.id) || reserved.has(c.id))));
  if (!top || top.score < ctx.input.config.interruptThreshold || !ctx.state.flow) return false;
  const intent = top.kind === 'intent' ? ctx.input.knowledge.intent(top.id) : undefined;
  if (top.kind === 'intent' && (intent?.action !== 'answer' || !intent.response)) return false;
  answer(ctx, top);
  ctx.replies.push(`${botLine('resume_flow', ctx.input.locale)}\n${currentQuestion(flow, ctx.state.flow, ctx.input.locale)}`);
  return true;
}

function applyFlowTurn(ctx: Ctx, flow: FlowDefinition, turn: FlowTurn): void {
  ctx.state.flow = turn.state;
  ctx.replies.push(...turn.replies);
  if (turn.outcome === 'stuck') ctx.state.pending = { kind: 'offer_human', inFlow: true, at: ctx.input.now };
  if (turn.outcome === 'cancelled' || turn.outcome === 'done') noteFlow(ctx.state, flow.name, turn.outcome);
  for (const action of turn.actions) {
    if (action.type !== 'handoff') ctx.actions.push(action);
    else handOff(ctx, 'flow', { definition: flow, slots: action.slots });
  }
}

function noteFlow(state: DialogueState, name: string, outcome: BotAttempts['flows'][number]['outcome']): void {
  state.tried.flows = [...state.tried.flows, { name, outcome }].slice(-6);
}

function beginFlow(ctx: Ctx, flow: FlowDefinition, intent: string): void {
  const remembered = ctx.state.entities.map((e) => ({ type: e.type, text: e.text, value: e.value }));
  const input = { text: ctx.message.text, entities: ctx.message.entities, attachments: ctx.input.attachments, locale: ctx.input.locale };
  noteFlow(ctx.state, flow.name, 'started');
  applyFlowTurn(ctx, flow, startFlow(flow, intent, input, remembered, ctx.input.now));
}

interface Candidate extends ClarifyOption {
  score: number;
  /** Has a label a customer can pick from a list. */
  listable: boolean;
}

function candidates(ctx: Ctx): Candidate[] {
  const { knowledge, locale } = ctx.input;
  const out: Candidate[] = [];
  for (const c of ctx.message.faq ?? []) {
    const faq = knowledge.faqAnswer(c.faqId);
    if (faq) out.push({ kind: 'faq', id: c.faqId, label: faq.question || c.question, score: c.score, listable: true });
  }
  const intent = ctx.message.intent;
  if (intent && !intent.oos) {
    const ranking = intent.ranking.length ? intent.ranking : [{ name: intent.name, confidence: intent.confidence }];
    for (const r of ranking) {
      const k = knowledge.intent(r.name);
      if (!k) continue;
      const label = k.title?.[locale] ?? (k.action === 'flow' ? knowledge.flowFor(r.name)?.title[locale] : undefined);
      out.push({ kind: 'intent', id: r.name, label: label ?? r.name, score: r.confidence, listable: !!label && !reserved.has(r.name) });
    }
  }
  return out.sort((a, b) => b.score - a.score);
}

function score(message: NluMessage): number {
  const intent = message.intent && !message.intent.oos ? message.intent.confidence : 0;
  return Math.max(intent, ...(message.faq ?? []).map((f) => f.score));
}

/** Answers one candidate: a FAQ's answer, an intent's response, its flow, or a handoff. */
function answer(ctx: Ctx, c: ClarifyOption, topicText = ctx.rewritten ?? ctx.message.text): void {
  const { knowledge, locale, now } = ctx.input;
  const k = c.kind === 'intent' ? knowledge.intent(c.id) : undefined;
  const flow = k?.action === 'flow' ? knowledge.flowFor(c.id) : undefined;
  const reply = c.kind === 'faq' ? knowledge.faqAnswer(c.id)?.answer : k?.response && fillFromMemory(k.response[locale], ctx.state.entities);
  if (k?.action !== 'handoff' && !flow && !reply) return lowConfidence(ctx);
  ctx.state.lowConfidenceStreak = 0;
  ctx.state.humanOfferedAt = undefined;
  ctx.state.tried.answers = [...ctx.state.tried.answers, { kind: c.kind, id: c.id, label: c.label }].slice(-5);
  if (k?.action === 'handoff') return handOff(ctx, 'intent');
  if (flow) return beginFlow(ctx, flow, c.id);
  ctx.replies.push(reply as string);
  if (c.kind === 'faq' || k?.title) ctx.state.topic = { text: topicText, at: now };
}

/** `{order_number}` → the latest order number the customer gave; unknown placeholders are dropped. */
function fillFromMemory(template: string, entities: readonly RememberedEntity[]): string {
  return template
    .replace(/\{([a-z][a-z0-9_]*)\}/g, (_, name: string) => entities.find((e) => e.type === name)?.text ?? '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

function lowConfidence(ctx: Ctx): void {
  const { state, input } = ctx;
  state.lowConfidenceStreak += 1;
  state.tried.rephrases += 1;
  if (state.lowConfidenceStreak >= input.config.lowConfidenceLimit) offerHuman(ctx);
  else ctx.replies.push(botLine('rephrase', input.locale, state.turnCount));
}

function offerHuman(ctx: Ctx): void {
  ctx.replies.push(botLine('offer_human', ctx.input.locale));
  ctx.state.pending = { kind: 'offer_human', inFlow: false, at: ctx.input.now };
  ctx.state.humanOfferedAt = ctx.input.now;
}

/**
 * Not understood. An upset customer ("I have waited two weeks!!!") is not
 * told "sorry, I couldn't follow" after an apology, nor is one who gave an
 * order number: a delivery intent in the classifier's top three is answered,
 * or (upset) a person is offered.
 */
function notUnderstood(ctx: Ctx): void {
  const hit = fallbackIntent(ctx);
  if (hit) return answer(ctx, { kind: 'intent', id: hit, label: hit });
  if (!ctx.soothed) return lowConfidence(ctx);
  ctx.state.tried.rephrases += 1;
  ctx.state.lowConfidenceStreak = Math.max(ctx.state.lowConfidenceStreak + 1, ctx.input.config.lowConfidenceLimit);
  offerHuman(ctx);
}

/** The delivery intent to fall back on for an upset customer or a message with an order number, if the classifier ranks one in its top three. */
function fallbackIntent(ctx: Ctx): string | undefined {
  if (!ctx.soothed && !ctx.message.entities.some((e) => e.type === 'order_number')) return undefined;
  const ranking = ctx.message.intent?.ranking.slice(0, 3) ?? [];
  return ranking.find((r) => ctx.input.config.fallbackIntents.includes(r.name) && ctx.input.knowledge.intent(r.name)?.response)?.name;
}

/**
 * Answer a strong match, or a sure one clear of the runner-up; ask "did you
 * mean" only between two or more close options; otherwise not understood.
 */
function respond(ctx: Ctx): void {
  const { answerThreshold, strongThreshold, clarifyThreshold, clarifyMargin, optionThreshold, clarifyWindow, maxClarifyOptions } = ctx.input.config;
  const all = candidates(ctx);
  const [top, second] = all;
  if (!top || top.score < clarifyThreshold) return notUnderstood(ctx);
  const clear = !second || top.score - second.score >= clarifyMargin || !second.listable;
  if (top.score >= strongThreshold || (top.score >= answerThreshold && clear)) return answer(ctx, top);
  if (top.score < answerThreshold && fallbackIntent(ctx)) return notUnderstood(ctx);
  const seen = new Set<string>();
  const floor = Math.max(optionThreshold, top.score - clarifyWindow);
  const options = all.filter((c) => c.listable && c.score >= floor && !seen.has(c.label) && seen.add(c.label)).slice(0, maxClarifyOptions);
  if (options.length < 2) return top.score >= answerThreshold ? answer(ctx, top) : notUnderstood(ctx);
  ctx.state.pending = { kind: 'clarify', options: options.map(({ kind, id, label }) => ({ kind, id, label })), at: ctx.input.now };
  ctx.state.tried.clarifications += 1;
  ctx.replies.push(
    clarifyPrompt(
      options.map((o) => o.label),
      ctx.input.locale,
    ),
  );
}

/** The reply to "did you mean: 1. … 2. …": a number, words of one option, or "none of these". */
function answerClarify(ctx: Ctx): boolean {
  const { options } = ctx.state.pending as Extract<PendingQuestion, { kind: 'clarify' }>;
  ctx.state.pending = undefined;
  const text = ctx.message.text;
  const index = parseOrdinal(text, options.length);
  const picked = index === undefined ? undefined : options[index];
  if (picked || isNoneOfThese(text)) {
    if (picked) answer(ctx, picked, picked.label);
    else lowConfidence(ctx);
    return true;
  }
  const own = candidates(ctx)[0];
  if (own && own.score >= ctx.input.config.answerThreshold && !options.some((o) => o.id === own.id)) return false;
  const chosen =
    options[
      pickByOverlap(
        text,
        options.map((o) => o.label),
      ) ?? -1
    ];
  if (!chosen) return false;
  answer(ctx, chosen, chosen.label);
  return true;
}

const pronounZh = /它|这款|这个产品|该产品|这个商品|该商品/u;
const pronounEn = /\b(?:it|this one|that one|this product|this item)\b/iu;

/** Pronouns ("它", "this one") → the last product; elliptical follow-ups ("那退款呢?") → rewritten against the last topic. */
function resolveReferences(ctx: Ctx): void {
  const { message } = ctx;
  const product = ctx.state.entities.find((e) => e.type === 'product');
  const pronoun = message.lang === 'zh' ? pronounZh : pronounEn;
  if (product && !message.entities.some((e) => e.type === 'product') && pronoun.test(message.text)) {
    const extra: Entity = { type: 'product', text: product.text, value: product.value, start: 0, end: 0 };
    return adopt(ctx, message.text.replace(pronoun, product.text), 0, extra);
  }
  const topic = ctx.state.topic;
  const key = topic && followUpKey(message.text, message.lang);
  if (!topic || !key || !ctx.input.understand) return;
  const previous = ctx.input.understand(topic.text);
  const before = topAnswer(previous);
  let best: { text: string; score: number } | undefined;
  for (const text of rewrites(previous.tokens, key, message.lang)) {
    const again = ctx.input.understand(text);
    const s = score(again);
    if (onNewTopic(ctx, again, key, before) && (!best || s > best.score)) best = { text, score: s };
  }
  if (best) adopt(ctx, best.text, 0.05);
}

/** The FAQ or intent a message would be answered with, if any. */
function topAnswer(message: NluMessage): string | undefined {
  const faq = message.faq?.[0];
  const intent = message.intent && !message.intent.oos ? message.intent : undefined;
  return faq && (!intent || faq.score >= intent.confidence) ? `faq:${faq.faqId}` : intent && intent.name;
}

/** A re-reading of "what about X?" must be about X, not the question already answered. */
function onNewTopic(ctx: Ctx, again: NluMessage, key: string, before: string | undefined): boolean {
  const top = topAnswer(again);
  if (!top || top === before) return false;
  const label = top.startsWith('faq:') ? ctx.input.knowledge.faqAnswer(top.slice(4))?.question : undefined;
  return label === undefined || sharedTerms(key, label) > 0;
}

/** Re-understands `text` and keeps it when it scores better than the message as written. */
function adopt(ctx: Ctx, text: string, margin: number, extra?: Entity): void {
  const again = ctx.input.understand?.(text);
  const message =
    again && score(again) >= score(ctx.message) + margin ? { ...again, text: ctx.message.text, sentiment: ctx.message.sentiment } : ctx.message;
  if (message !== ctx.message) ctx.rewritten = text;
  ctx.message = extra ? { ...message, entities: [...message.entities, extra] } : message;
}

/**
 * The new key phrase of an elliptical follow-up, if the message is one:
 * "那退款呢？" → "退款", "运费呢" → "运费", "what about refunds?" → "refunds", "and for the S20?" → "s20".
 */
export function followUpKey(text: string, lang: NluMessage['lang']): string | undefined {
  const s = cleanAnswer(text);
  if (lang === 'zh') {
    const m = /^(?:那如果是|如果是|那么?|还有|另外)(.{1,12}?)(?:的话)?(?:呢|怎么样|怎么办|如何)?$/u.exec(s) ?? /^(.{1,12}?)(?:的话)?呢$/u.exec(s);
    const key = m?.[1]?.replace(/的$/u, '').trim();
    return key && !/[吗?]/u.test(key) ? key : undefined;
  }
  const m = /^(?:and |but |so )?(?:what|how) about (.+)$/u.exec(s) ?? /^and (?:for |with |in |on |if )?(.+)$/u.exec(s);
  const key = m?.[1]?.replace(/^(?:the|a|an|my|your) /u, '').trim();
  return key && key.split(' ').length <= 4 ? key : undefined;
}

/** Candidate re-readings: each content word of the previous question replaced by the key, the key prepended, the key alone. */
function rewrites(previous: readonly string[], key: string, lang: NluMessage['lang']): string[] {
  const join = lang === 'zh' ? '' : ' ';
  const out = new Set<string>([`${key}${join}${previous.join(join)}`, key]);
  previous.forEach((token, i) => {
    if (out.size > 12 || terms(token).size === 0 || (lang === 'zh' && token.length < 2 && !/[a-z0-9]/iu.test(token))) return;
    out.add(previous.map((t, j) => (j === i ? key : t)).join(join));
  });
  return [...out];
}
