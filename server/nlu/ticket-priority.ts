import { analyzeSentiment } from './sentiment.ts';
import { maxPriority, type TicketPriority } from './ticket-categories.ts';
import type { NluMessage } from './types.ts';

/** One signal that raises a ticket's priority, with why (shown to agents). */
export interface PrioritySignal {
  value: TicketPriority;
  reason: string;
  /** How sure the signal is (a keyword 0.9, an emotion 0.7). */
  confidence: number;
}

interface Rule {
  value: TicketPriority;
  pattern: RegExp;
}

/**
 * Urgency keywords (zh + en), matched on normalised text (lower case,
 * half-width, simplified). Urgent: safety, fraud, legal or regulator
 * threats, going public, chargebacks, account takeover. High: money charged
 * twice, repeat contacts.
 */
const RULES: Rule[] = [
  { value: 'urgent', pattern: /12315|12345热线|消协|消费者协会|工商|市场监管|律师|起诉|法院|仲裁|报警|警察|曝光|媒体|微博|黑猫投诉/g },
  { value: 'urgent', pattern: /诈骗|骗子|冒充|被盗|盗号|盗刷|异地登录|不是我本人|冒烟|起火|着火|爆炸|鼓包|漏电|触电|烫伤|烧焦|焦味/g },
  {
    value: 'urgent',
    pattern:
      /chargeback|dispute the charge|lawyer|attorney|legal action|\bsue\b|\bcourt\b|\bbbb\b|\bftc\b|consumer protection|trading standards|police|social media|\bscam|fraud|hacked|unauthori[sz]ed|pretending to be|fake (agent|support)|smok(e|ing)|caught fire|\bfire\b|explode|electric shock|burn(ed|t)?\b|swollen/g,
  },
  { value: 'high', pattern: /扣了两次|两笔|重复扣款|多扣|第[二三四五2-5]次|好几次|好多次|又一次|还是没人|没人处理|没人解决|太离谱|气死/g },
  {
    value: 'high',
    pattern:
      /charged twice|double charged|duplicate (charge|payment)|(second|third|fourth|2nd|3rd) (time|ticket|email)|again and again|still no answer|fed up|ridiculous|unacceptable|for weeks/g,
  },
];

/** The keyword rules that fire on a normalised text, each with the phrase that fired it. */
export function keywordSignals(normalized: string, lang: 'zh' | 'en'): PrioritySignal[] {
  const out: PrioritySignal[] = [];
  for (const rule of RULES) {
    const hits = [...new Set([...normalized.matchAll(rule.pattern)].map((m) => m[0]))];
    if (hits.length)
      out.push({ value: rule.value, reason: `${lang === 'zh' ? '关键词' : 'keyword'}: ${hits.slice(0, 3).join(', ')}`, confidence: 0.9 });
  }
  return out;
}

/** Emotion and complaint risk from the sentiment module: an angry customer or a threat to complain goes up to high. */
export function emotionSignals(message: Pick<NluMessage, 'text' | 'normalized' | 'tokens' | 'lang'>): PrioritySignal[] {
  const sentiment = analyzeSentiment(message);
  const zh = message.lang === 'zh';
  const out: PrioritySignal[] = [];
  if (sentiment.complaintRisk === 'high') {
    out.push({ value: 'high', reason: `${zh ? '投诉风险' : 'complaint risk'}: ${sentiment.riskTerms.slice(0, 3).join(', ')}`, confidence: 0.7 });
  }
  if (sentiment.emotions.anger >= 0.6) out.push({ value: 'high', reason: zh ? '情绪: 愤怒' : 'emotion: angry', confidence: 0.7 });
  return out;
}

/** The highest value among signals (`low` when there are none). */
export function strongest(signals: PrioritySignal[]): TicketPriority {
  return signals.reduce<TicketPriority>((best, s) => maxPriority(best, s.value), 'low');
}
