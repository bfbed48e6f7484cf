import type { ClarifyOption, Ctx } from './dialogue-state.ts';

/** A sure FAQ answer, or a sure request to do something (a flow, a person), goes before the graph's answer. */
export function outranksGraph(ctx: Ctx, c: ClarifyOption): boolean {
  return c.kind === 'faq' || ctx.input.knowledge.intent(c.id)?.action !== 'answer';
}

/**
 * The knowledge graph's answer ("X3 耳机 · 充不进电 → 解决办法：…"), given
 * when no FAQ item answers surely and no flow or handoff is surely asked for:
 * the graph names the product and the fault, so it beats an unsure FAQ match,
 * a "did you mean" list and an intent's generic answer.
 */
export function answerFromGraph(ctx: Ctx): boolean {
  const hit = ctx.message.graph;
  if (!hit) return false;
  const reply = hit.reply[ctx.input.locale];
  ctx.state.lowConfidenceStreak = 0;
  ctx.state.humanOfferedAt = undefined;
  const label = reply.split(' → ')[0] ?? reply;
  ctx.state.tried.answers = [...ctx.state.tried.answers, { kind: 'graph' as const, id: hit.answers[0] ?? hit.kind, label }].slice(-5);
  ctx.replies.push(reply);
  ctx.state.topic = { text: ctx.rewritten ?? ctx.message.text, at: ctx.input.now };
  return true;
}
