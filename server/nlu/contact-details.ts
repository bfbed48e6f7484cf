import type { TextAnalyzer } from './text.ts';
import type { Entity, NluComponent } from './types.ts';

/** Entity types that are the customer's contact or identity details, never what they ask about. */
const DETAIL_TYPES = new Set<Entity['type']>(['phone', 'email', 'id_number']);

/**
 * The words that introduce a detail, just before it: "我的手机号是", "身份证：",
 * "银行卡", "my phone number is". They go with the detail: "手机" in "我的手机13812345678"
 * is a phone number, not the phones the shop sells.
 */
const LABEL_BEFORE =
  /(?:(?:我的|本人|我|的)?(?:手机号码|手机号|手机|电话号码|联系电话|电话|联系方式|身份证号码|身份证号|身份证|银行卡号|银行卡|卡号|邮箱地址|邮箱|电子邮件|email)(?:是|为)?[：:]?|(?:my\s+)?(?:phone|mobile|cell|id|card|e-?mail)(?:\s+(?:number|no\.?|address))?(?:\s+is)?\s*:?)\s*$/iu;
/** What ends a detail's clause: the separator after it goes too. */
const SEPARATOR_AFTER = /^[\s，,。.;；、]*/u;
/** Card numbers: 16–19 digits, spaced or not, not glued to Latin letters or digits ("银行卡6222…" is one; "DS2026…" is an order). */
const CARD = /(?<![A-Za-z0-9])\d(?:[ -]?\d){15,18}(?![A-Za-z0-9])/g;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1 && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Spans of `text` that are contact details (with what introduces them and the separator after). */
export function contactDetailSpans(text: string, entities: readonly Entity[]): { start: number; end: number }[] {
  const spans = entities.filter((e) => DETAIL_TYPES.has(e.type)).map((e) => ({ start: e.start, end: e.end }));
  for (const m of text.matchAll(CARD)) {
    const start = m.index;
    if (passesLuhn(m[0].replace(/\D/g, '')) && !spans.some((s) => start < s.end && s.start < start + m[0].length)) {
      spans.push({ start, end: start + m[0].length });
    }
  }
  return spans
    .sort((a, b) => a.start - b.start)
    .map(({ start, end }) => ({
      start: start - (LABEL_BEFORE.exec(text.slice(Math.max(0, start - 24), start))?.[0].length ?? 0),
      end: end + (SEPARATOR_AFTER.exec(text.slice(end))?.[0].length ?? 0),
    }));
}

/**
 * The pipeline step after entities: a message that carries the customer's
 * phone, email, ID or card number ("我的手机13812345678，帮我查下退款") is
 * understood by what it asks — the classifier and retrievers read its words
 * without the details and the words that introduce them. `text` and the
 * entities are kept as written (flows fill their slots from them). A message
 * that is nothing but details is left as it is.
 *
 * @example
 * contactDetailsComponent(analyzer).process(message).normalized // '帮我查下退款'
 */
export function contactDetailsComponent(analyzer: TextAnalyzer): NluComponent {
  return {
    name: 'contact-details',
    process(message) {
      const spans = contactDetailSpans(message.text, message.entities);
      if (!spans.length) return message;
      let rest = '';
      let at = 0;
      for (const { start, end } of spans) {
        if (start > at) rest += message.text.slice(at, start) + ' ';
        at = Math.max(at, end);
      }
      rest += message.text.slice(at);
      const view = analyzer.analyze(rest.trim(), message.lang);
      if (!view.tokens.some((t) => /[\p{L}]/u.test(t))) return message;
      return { ...message, normalized: view.normalized, tokens: view.tokens };
    },
  };
}
