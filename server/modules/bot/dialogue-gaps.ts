import type { Ctx, GapKind } from './dialogue-state.ts';

/**
 * Knowledge-gap signals noted while the dialogue policy decides a turn. One
 * gap per turn: the strongest evidence wins (a handoff after failing says
 * more than a rephrase request). The wiring stores it on the bot's reply,
 * inside the turn's one batched write, and gap mining reads it from there.
 */

const strength: Record<GapKind, number> = { low_confidence: 1, not_understood: 2, clarify_failed: 3, not_helpful: 4, handoff: 5 };
const maxQuestion = 300;

/**
 * "That didn't help" right after an answer. Kept narrow on purpose: a bare
 * "no" is an answer to a yes/no question, not a verdict on the last answer.
 */
const NOT_HELPFUL =
  /没用|没有用|没帮助|没有帮助|没解决|没有解决|答非所问|不是我(?:要|想)?问的|说的不对|还是不行|还是没用|didn'?t help|did not help|doesn'?t help|not helpful|not what i (?:asked|meant)|that'?s not (?:it|my question)|useless answer|still (?:doesn'?t|does not|not) work/iu;

/** Note a gap on `question` for this turn unless a stronger one is already noted. */
export function noteGap(ctx: Ctx, kind: GapKind, question: string | undefined): void {
  const text = question?.trim();
  if (!text) return;
  if (ctx.gap && strength[ctx.gap.kind] >= strength[kind]) return;
  ctx.gap = { kind, question: text.slice(0, maxQuestion) };
}

/** The customer says the answer they just got did not help: a gap on the question it answered. */
export function noteUnhelpfulAnswer(ctx: Ctx): void {
  const topic = ctx.state.topic;
  if (topic && NOT_HELPFUL.test(ctx.message.text)) noteGap(ctx, 'not_helpful', topic.text);
}

/** A handoff this turn after the bot failed on a question (still fresh): a gap on that question. */
export function noteHandoffGap(ctx: Ctx): void {
  const unanswered = ctx.state.unanswered;
  if (!ctx.actions.some((a) => a.type === 'handoff')) return;
  if (unanswered && ctx.input.now - unanswered.at <= ctx.input.config.contextTtlMs) noteGap(ctx, 'handoff', unanswered.text);
  ctx.state.unanswered = undefined;
}
