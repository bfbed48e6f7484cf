import { sentencesOf } from '../../nlu/passages.ts';
import type { Ctx, PassageKnowledge } from './dialogue-state.ts';
import type { FlowLocale } from './flow-schema.ts';

/**
 * Answering from an article: when no FAQ item or intent is strong, the best
 * passage of a published article answers if it covers enough of the
 * customer's words (`passageThreshold`) and clearly more than they do. The reply quotes the passage (cut at
 * a sentence end) and links to its section on the help center.
 */

/** Longest quote: a chat bubble, not the article; the link has the rest. */
export const MAX_QUOTE = 300;

/**
 * Answers with the best passage if it reaches `passageThreshold` and beats
 * `rival`, the best FAQ item's or intent's score, by `passageMargin` (the
 * caller only asks when that one is not strong); false leaves the turn to
 * the usual moves.
 */
export function answerFromPassage(ctx: Ctx, rival: number): boolean {
  const best = ctx.message.passages?.[0];
  const { passageThreshold, passageMargin } = ctx.input.config;
  if (!best || best.score < passageThreshold || best.score - rival < passageMargin) return false;
  const passage = ctx.input.knowledge.passage?.(best.passageId);
  if (!passage) return false;
  const { state, input } = ctx;
  state.lowConfidenceStreak = 0;
  state.humanOfferedAt = undefined;
  const label = [passage.title, ...passage.headings].join(' › ');
  state.tried.answers = [...state.tried.answers, { kind: 'passage' as const, id: best.passageId, label }].slice(-5);
  state.topic = { text: ctx.rewritten ?? ctx.message.text, at: input.now };
  ctx.replies.push(passageReply(passage, input.locale));
  return true;
}

/**
 * The bot's words for a passage answer: the quote, then where to read on.
 * @example passageReply({ title: '退换货政策', headings: ['退货条件'], text: '签收 7 天内……', url: '/help/demo-shop/articles/return-policy#退货条件' }, 'zh-CN')
 */
export function passageReply(passage: PassageKnowledge, locale: FlowLocale): string {
  const section = passage.headings.at(-1);
  const where =
    locale === 'en'
      ? `More in “${passage.title}”${section ? ` › ${section}` : ''}: ${passage.url}`
      : `详见《${passage.title}》${section ? `「${section}」` : ''}：${passage.url}`;
  return `${quoteOf(passage.text)}\n\n${where}`;
}

/** Whole sentences up to MAX_QUOTE characters; a first sentence longer than that is cut with an ellipsis. */
export function quoteOf(text: string, max = MAX_QUOTE): string {
  if (text.length <= max) return text;
  let quote = '';
  for (const sentence of sentencesOf(text)) {
    if (quote.length + sentence.length > max) break;
    quote += sentence;
  }
  return quote.trim() || `${text.slice(0, max - 1).trimEnd()}…`;
}
