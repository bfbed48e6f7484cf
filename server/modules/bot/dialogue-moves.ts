import type { NluMessage } from '../../nlu/types.ts';
import type { FlowState } from './flow-engine.ts';
import type { FlowDefinition } from './flow-schema.ts';
import { botLine } from './replies.ts';
import { asksForHuman, parseYesNo } from './slot-values.ts';
import { buildHandoffSummary, type HandoffReason } from './summary.ts';
import type { Ctx } from './dialogue-state.ts';

/**
 * The dialogue policy's small moves on the turn in the making (dialogue.ts
 * decides when): reading a wish for a person or a yes/no, soothing an upset
 * customer, raising the priority, handing off with the summary.
 */

export function wantsHuman(ctx: Ctx): boolean {
  const i = ctx.message.intent;
  const sure = Math.max(ctx.input.config.answerThreshold, 0.6);
  return (i?.name === 'human_handoff' && !i.oos && i.confidence >= sure) || asksForHuman(ctx.message.text);
}

/** A bare "yes" after an offer of a person that a clarification or a stray message interrupted. */
export function acceptsEarlierOffer(ctx: Ctx): boolean {
  const at = ctx.state.humanOfferedAt;
  if (at === undefined || ctx.state.flow || ctx.input.now - at > ctx.input.config.contextTtlMs) return false;
  return parseYesNo(ctx.message.text) === 'yes';
}

export function complain(ctx: Ctx): void {
  ctx.replies.push(botLine('soothe', ctx.input.locale, ctx.state.turnCount));
  raise(ctx, 'urgent', 'complaint_risk');
  handOff(ctx, 'complaint_risk');
}

export function raise(ctx: Ctx, to: 'high' | 'urgent', reason: 'negative_emotion' | 'complaint_risk'): void {
  if (ctx.state.priority === 'urgent' || ctx.state.priority === to) return;
  ctx.state.priority = to;
  ctx.actions.push({ type: 'raise_priority', to, reason });
}

export function soothe(ctx: Ctx): void {
  const s = ctx.message.sentiment;
  if (!s) return;
  const upset = s.label === 'negative' && Math.max(s.emotions.anger, s.emotions.anxiety) >= ctx.input.config.emotionThreshold;
  if (!upset && s.complaintRisk !== 'low') return;
  ctx.replies.push(botLine('soothe', ctx.input.locale, ctx.state.turnCount));
  ctx.soothed = true;
  raise(ctx, 'high', s.complaintRisk === 'low' ? 'complaint_risk' : 'negative_emotion');
}

export function handOff(ctx: Ctx, reason: HandoffReason, finished?: { definition: FlowDefinition; slots: FlowState['slots'] }): void {
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
    earlierMessages: state.turns.map((t) => t.text),
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

export function isAffirm(message: NluMessage): boolean {
  return parseYesNo(message.text) === 'yes' || (message.intent?.name === 'affirm' && message.intent.confidence >= 0.5);
}

export function isDeny(message: NluMessage): boolean {
  return parseYesNo(message.text) === 'no' || (message.intent?.name === 'deny' && message.intent.confidence >= 0.5);
}
