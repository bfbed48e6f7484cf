import { getJieba, normalizeText, stemEn } from './text.ts';

/** Index at most this much of a message: a pasted essay is still found by its beginning. */
const MAX_INDEXED_CHARS = 4000;
const HAN = /\p{Script=Han}/u;
const WORDLIKE = /[\p{L}\p{N}]/u;

/**
 * The words a message is found by, space-separated, for PostgreSQL's `simple`
 * text search configuration (which keeps them as they are): jieba's search
 * cut for Chinese (both "退货退款" and "退货", "退款"), English words stemmed
 * like the bot's own tokens ("refunds" → "refund"), numbers and order numbers
 * whole, all folded (full width, traditional, case). The same function turns
 * a search box's query into its words, so both sides match.
 *
 * @example searchTerms('我想退貨，訂單DS2026112000123') // '我 想 退货 订单 单号 订单号 ds2026112000123'
 */
export function searchTerms(text: string): string {
  const normalized = normalizeText(text.slice(0, MAX_INDEXED_CHARS));
  if (!normalized) return '';
  const words = HAN.test(normalized) ? getJieba().cutForSearch(normalized, false) : normalized.split(/[^\p{L}\p{N}'.-]+/u);
  const out = new Set<string>();
  for (const raw of words) {
    for (const part of HAN.test(raw) ? [raw] : raw.replace(/'/g, '').split(/[^\p{L}\p{N}]+/u)) {
      if (!WORDLIKE.test(part) || (part.length === 1 && !HAN.test(part) && !/\d/.test(part))) continue;
      out.add(HAN.test(part) || /\d/.test(part) ? part : stemEn(part));
    }
  }
  return [...out].join(' ');
}
