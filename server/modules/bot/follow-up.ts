import type { Entity, NluMessage } from '../../nlu/types.ts';
import { type Ctx, score } from './dialogue-state.ts';
import { cleanAnswer, sharedTerms, terms } from './slot-values.ts';

/** References to earlier turns: pronouns to the last product, elliptical follow-ups to the last topic. */

const pronounZh = /它|这款|这个产品|该产品|这个商品|该商品/u;
const pronounEn = /\b(?:it|this one|that one|this product|this item)\b/iu;

/** Pronouns ("它", "this one") → the last product; elliptical follow-ups ("那退款呢?") → rewritten against the last topic. */
export function resolveReferences(ctx: Ctx): void {
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
