import type { Entity } from '../../nlu/types.ts';
import { continueFlow, currentQuestion, pendingSlot, startFlow, type FlowState, type FlowTurn } from './flow-engine.ts';
import type { FlowDefinition } from './flow-schema.ts';
import { botLine, clarifyPrompt } from './replies.ts';
import { isCancel, isNoneOfThese, parseOrdinal, pickByOverlap } from './slot-values.ts';
import { fillResponse } from './response-template.ts';
import type { BotAttempts, RememberedEntity } from './summary.ts';
import {
  initialDialogueState,
  type ClarifyOption,
  type Ctx,
  type DialogueState,
  type GapKind,
  type PendingQuestion,
  type TurnDecision,
  type TurnInput,
} from './dialogue-state.ts';
import { resolveReferences } from './follow-up.ts';
import { acceptsEarlierOffer, complain, handOff, isAffirm, isDeny, soothe, wantsHuman } from './dialogue-moves.ts';
import { noteGap, noteHandoffGap, noteUnhelpfulAnswer } from './dialogue-gaps.ts';
import { answerFromGraph, outranksGraph } from './dialogue-graph.ts';
import { answerFromPassage } from './dialogue-passages.ts';

export {
  defaultPolicyConfig,
  initialDialogueState,
  restoreDialogueState,
  resumeAfterHuman,
  type BotAction,
  type BotKnowledge,
  type ClarifyOption,
  type DialogueState,
  type GapKind,
  type IntentKnowledge,
  type PassageKnowledge,
  type PendingQuestion,
  type PolicyConfig,
  type Turn,
  type TurnDecision,
  type TurnGap,
  type TurnInput,
} from './dialogue-state.ts';
export { followUpKey } from './follow-up.ts';

/**
 * The bot's dialogue policy: given what it remembers of the conversation and
 * one understood customer message, decide what to say and what to do (answer,
 * clarify, ask to rephrase, run a flow, hand off). Pure and synchronous; the
 * state is plain JSON the wiring layer stores per contact + conversation.
 */

/** Turn texts are cut here so a pasted essay cannot bloat the stored state (the message itself is stored whole). */
const maxTurnText = 300;
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
  noteHandoffGap(ctx);
  const top = message.faq?.[0];
  const intent = message.intent && !message.intent.oos ? message.intent.name : undefined;
  state.turns.push({
    text: input.message.text.slice(0, maxTurnText),
    at: input.now,
    ...(intent ? { intent } : {}),
    ...(top && top.score >= input.config.clarifyThreshold ? { faqId: top.faqId } : {}),
    ...(message.entities.length ? { entities: message.entities.map((e) => ({ type: e.type, text: e.text })) } : {}),
    ...(ctx.rewritten ? { rewritten: ctx.rewritten } : {}),
  });
  state.turns = state.turns.slice(-Math.max(30, input.config.historyLimit));
  return { replies: ctx.replies, actions: ctx.actions, state, ...(ctx.gap ? { gap: ctx.gap } : {}) };
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
  noteUnhelpfulAnswer(ctx);
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

/** Answers one candidate: a FAQ's answer, an intent's response, its flow, or a handoff. */
function answer(ctx: Ctx, c: ClarifyOption, topicText = ctx.rewritten ?? ctx.message.text): void {
  const { knowledge, locale, now } = ctx.input;
  const k = c.kind === 'intent' ? knowledge.intent(c.id) : undefined;
  const flow = k?.action === 'flow' ? knowledge.flowFor(c.id) : undefined;
  const reply = c.kind === 'faq' ? knowledge.faqAnswer(c.id)?.answer : k?.response && fillResponse(k.response[locale], ctx.state.entities);
  if (k?.action !== 'handoff' && !flow && !reply) return lowConfidence(ctx);
  ctx.state.lowConfidenceStreak = 0;
  ctx.state.humanOfferedAt = undefined;
  ctx.state.unanswered = undefined;
  ctx.state.tried.answers = [...ctx.state.tried.answers, { kind: c.kind, id: c.id, label: c.label }].slice(-5);
  if (k?.action === 'handoff') return handOff(ctx, 'intent');
  if (flow) return beginFlow(ctx, flow, c.id);
  ctx.replies.push(reply as string);
  if (c.kind === 'faq' || k?.title) ctx.state.topic = { text: topicText, at: now };
}

/** Not understood: ask to rephrase, or offer a person after too many; `question` is recorded as a gap. */
function lowConfidence(ctx: Ctx, question = ctx.rewritten ?? ctx.message.text): void {
  const { state, input } = ctx;
  unanswered(ctx, 'not_understood', question);
  state.lowConfidenceStreak += 1;
  state.tried.rephrases += 1;
  if (state.lowConfidenceStreak >= input.config.lowConfidenceLimit) offerHuman(ctx);
  else ctx.replies.push(botLine('rephrase', input.locale, state.turnCount));
}

function unanswered(ctx: Ctx, kind: GapKind, question: string): void {
  ctx.state.unanswered = { text: question.slice(0, maxTurnText), at: ctx.input.now };
  noteGap(ctx, kind, question);
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
  unanswered(ctx, 'not_understood', ctx.rewritten ?? ctx.message.text);
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
 * Answer a strong match, or a sure one clear of the runner-up; before any
 * other move, the knowledge graph's answer when it has one and no FAQ item
 * or action is sure; ask "did you mean" only between two or more close
 * options; otherwise not understood.
 */
function respond(ctx: Ctx): void {
  const { answerThreshold, strongThreshold, clarifyThreshold, clarifyMargin, optionThreshold, clarifyWindow, maxClarifyOptions } = ctx.input.config;
  const all = candidates(ctx);
  const [top, second] = all;
  const clear = !second || (top && top.score - second.score >= clarifyMargin) || !second.listable;
  const sure = !!top && (top.score >= strongThreshold || (top.score >= answerThreshold && clear));
  if (!(sure && outranksGraph(ctx, top)) && answerFromGraph(ctx)) return;
  if ((!top || top.score < strongThreshold) && !fallbackIntent(ctx) && answerFromPassage(ctx, top?.score ?? 0)) return;
  if (!top || top.score < clarifyThreshold) return notUnderstood(ctx);
  if (sure) return answerUnsure(ctx, top);
  if (top.score < answerThreshold && fallbackIntent(ctx)) return notUnderstood(ctx);
  const seen = new Set<string>();
  const floor = Math.max(optionThreshold, top.score - clarifyWindow);
  const options = all.filter((c) => c.listable && c.score >= floor && !seen.has(c.label) && seen.add(c.label)).slice(0, maxClarifyOptions);
  if (options.length < 2) return top.score >= answerThreshold ? answerUnsure(ctx, top) : notUnderstood(ctx);
  const question = (ctx.rewritten ?? ctx.message.text).slice(0, maxTurnText);
  ctx.state.pending = { kind: 'clarify', options: options.map(({ kind, id, label }) => ({ kind, id, label })), at: ctx.input.now, question };
  ctx.state.tried.clarifications += 1;
  ctx.replies.push(
    clarifyPrompt(
      options.map((o) => o.label),
      ctx.input.locale,
    ),
  );
}

/** Answers the best candidate; one less sure than `lowAnswerThreshold` is a low-confidence gap. */
function answerUnsure(ctx: Ctx, top: Candidate): void {
  answer(ctx, top);
  if (top.kind === 'faq' && top.score < ctx.input.config.lowAnswerThreshold) noteGap(ctx, 'low_confidence', ctx.rewritten ?? ctx.message.text);
}

/** The reply to "did you mean: 1. … 2. …": a number, words of one option, or "none of these". */
function answerClarify(ctx: Ctx): boolean {
  const { options, question } = ctx.state.pending as Extract<PendingQuestion, { kind: 'clarify' }>;
  ctx.state.pending = undefined;
  const text = ctx.message.text;
  const index = parseOrdinal(text, options.length);
  const picked = index === undefined ? undefined : options[index];
  if (picked || isNoneOfThese(text)) {
    if (picked) answer(ctx, picked, picked.label);
    else {
      noteGap(ctx, 'clarify_failed', question);
      lowConfidence(ctx, question ?? text);
    }
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
