/**
 * Shared helpers for the detectors: full-width folding (so `１３８…` is read
 * as `138…` without moving any offset), one-pass regex scanning, and the
 * context check that tells an order or tracking number from a phone.
 */

/** A found value before its kind is attached: `text.slice(start, end)` is `value`. */
export interface Found {
  start: number;
  end: number;
  value: string;
}

/** Reads `text` (the original) and `norm` (its folded copy, same length). */
export type Detector = (text: string, norm: string) => Iterable<Found>;

/**
 * Fold full-width ASCII (U+FF01–U+FF5E) and the ideographic space to ASCII.
 * Every folded character is one UTF-16 unit, so offsets stay valid for the original.
 */
const WIDE = /[\uFF01-\uFF5E\u3000]/;

export function foldWidth(text: string): string {
  if (!WIDE.test(text)) return text;
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/**
 * Every match of a global `re` over `norm`, kept when `accept` says so; the
 * value is group 1 when the pattern has one, else the whole match.
 */
export function* scan(text: string, norm: string, re: RegExp, accept: (m: RegExpExecArray) => boolean = () => true): Iterable<Found> {
  for (const m of norm.matchAll(re)) {
    if (!accept(m)) continue;
    const inner = m[1] ?? m[0];
    const start = m.index + m[0].indexOf(inner);
    const end = start + inner.length;
    yield { start, end, value: text.slice(start, end) };
  }
}

/**
 * A word naming what follows as an order, tracking number, amount or code,
 * then only filler ("号", "：", "#", "number", "is") up to the number.
 */
const NOT_PERSONAL =
  /(?:订单|单号|运单|快递|物流|包裹|工单|编号|流水|交易号|批次|发票|验证码|校验码|动态码|取件码|金额|价格|合计|共计|总计|余额|¥|￥|\$|€|£|rmb|usd|cny|order|tracking|ticket|invoice|ref(?:erence)?|code|otp|amount|total|price|sku|serial|#)(?:号码|号|码|是|为|[:：#=\s]|no\.?|number|num|is|was|id)*$/iu;

/**
 * Whether the words right before `start` name the number as something else
 * (an order, a tracking number, an amount, a code) rather than a phone, card or ID.
 * @example hasNonPersonalCue('订单号 13812345678', 4) // true
 * @example hasNonPersonalCue('订单号 2026112112，手机13812345678', 18) // false
 */
export function hasNonPersonalCue(norm: string, start: number, window = 24): boolean {
  return NOT_PERSONAL.test(norm.slice(Math.max(0, start - window), start));
}
