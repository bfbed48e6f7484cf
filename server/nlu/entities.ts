import { assertTimezone, extractDates, parseZhNumber, ZH_NUMERAL } from './dates.ts';
import { createPhraseMatcher, foldText } from './text.ts';
import type { Entity, NluComponent } from './types.ts';

export interface EntityExtractorConfig {
  /**
   * The workspace's order numbers as a regex source, matched case-insensitively
   * on whole alphanumeric runs. Default: 1–4 letters and 6–20 digits
   * (DS20261120001, JD-12345678), a run of 12–20 digits that is not a +86
   * mobile, or 5+ digits right after 订单/订单号/order (no./number/#).
   */
  orderNumberPattern?: string;
  /** Product names; found case-insensitively, longest first; value is the name as given here. */
  products?: string[];
  /** IANA timezone relative dates resolve in. Default Asia/Shanghai. */
  timezone?: string;
}

export interface EntityExtractor {
  /** Entities of `text`, no two overlapping, in text order; offsets are into `text`. */
  extract(text: string, now?: Date): Entity[];
}

type Candidate = Omit<Entity, 'text'>;

const DEFAULT_ORDER =
  /(?<![a-z0-9])(?:(?!(?:rmb|cny|usd|eur|gbp|hkd|jpy)\d)[a-z]{1,4}-?\d{6,20}|(?!(?:00)?861[3-9]\d{9}(?!\d))\d{12,20})(?![a-z0-9])/g;
const ORDER_CUE = /(?:订单编号|订单号|订单|order\s*(?:number|no\.?|id)?\s*#?)\s*[:#]?\s*([a-z0-9][a-z0-9-]{3,30}[a-z0-9])(?![a-z0-9])/g;
/** A group whose body ends in a quantifier, itself quantified: (a+)+, (\d*)*, (x+){2,}. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}]\)[+*{]/;

/** Compiles a workspace's order-number pattern, or throws an Error saying what is wrong with it. */
function compileOrderPattern(source: string): RegExp {
  const fail = (why: string) => new Error(`Invalid orderNumberPattern ${JSON.stringify(source)}: ${why}`);
  if (!source.trim() || source.length > 200) throw fail('give a regular expression of 1–200 characters');
  try {
    new RegExp(source);
  } catch (error) {
    throw fail((error as Error).message);
  }
  if (new RegExp(`^(?:${source})$`).test('')) throw fail('it matches the empty string');
  if (NESTED_QUANTIFIER.test(source)) throw fail('nested quantifiers such as (a+)+ can take exponential time');
  return new RegExp(`(?<![a-z0-9])(?:${source})(?![a-z0-9])`, 'gi');
}

/** Luhn checksum over a digit string. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * A bank card number (UnionPay, Visa, Mastercard, Amex, JCB, Discover
 * prefixes, with a valid Luhn digit): the default order pattern must not
 * take one for an order number and repeat it back to the customer (after
 * 订单号/order no. the customer has said what it is, and it is taken).
 */
function looksLikeBankCard(digits: string): boolean {
  return /^\d{15,19}$/.test(digits) && /^(?:62|4|5[1-5]|2[2-7]|3[47]|35|6011|65)/.test(digits) && passesLuhn(digits);
}

function findOrders(folded: string, pattern: RegExp, useCues: boolean, out: Candidate[]): void {
  const value = (start: number, end: number) => folded.slice(start, end).toUpperCase();
  for (const m of folded.matchAll(pattern)) {
    if (useCues && looksLikeBankCard(m[0])) continue;
    if (m[0]) out.push({ type: 'order_number', start: m.index, end: m.index + m[0].length, value: value(m.index, m.index + m[0].length) });
  }
  if (!useCues) return;
  for (const m of folded.matchAll(ORDER_CUE)) {
    const id = m[1]!;
    const start = m.index + m[0].length - id.length;
    if ((id.match(/\d/g)?.length ?? 0) >= 5)
      out.push({ type: 'order_number', start, end: start + id.length, value: value(start, start + id.length) });
  }
}

const SEP = '[\\s-]?';
const PHONE_RULES: [RegExp, (m: RegExpMatchArray) => string | undefined][] = [
  [new RegExp(`(?<![\\d+])(?:(?:\\+|00)?86${SEP})?(1[3-9]\\d)${SEP}(\\d{4})${SEP}(\\d{4})(?!\\d)`, 'g'), (m) => `+86${m[1]}${m[2]}${m[3]}`],
  [
    new RegExp(`(?<![\\d+])(?:(?:\\+|00)86${SEP}\\(?0?|\\(?0)(10|2\\d|[3-9]\\d{2})\\)?${SEP}(\\d{3,4})${SEP}(\\d{4})(?!\\d)`, 'g'),
    (m) => `+86${m[1]}${m[2]}${m[3]}`,
  ],
  [new RegExp(`(?<![\\d+])([48]00)${SEP}(\\d{3})${SEP}(\\d{4})(?!\\d)`, 'g'), (m) => `+86${m[1]}${m[2]}${m[3]}`],
  [
    /(?<![\d+])\+(?!86)[1-9]\d{0,2}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?!\d)/g,
    (m) => {
      const digits = m[0].replace(/\D/g, '');
      return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : undefined;
    },
  ],
];

function findPhones(folded: string, out: Candidate[]): void {
  for (const [pattern, toValue] of PHONE_RULES) {
    for (const m of folded.matchAll(pattern)) {
      const value = toValue(m);
      if (value) out.push({ type: 'phone', start: m.index, end: m.index + m[0].length, value });
    }
  }
}

const EMAIL = /(?<![\w.+-])[a-z0-9](?:[\w.%+-]*[\w%+-])?@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}(?![a-z0-9-])/g;
const ID_NUMBER = /(?<![\da-z])[1-8]\d{5}(?:18|19|20)\d{9}[\dx](?![\da-z])/g;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * A mainland resident ID (18 characters): ISO 7064 MOD 11-2 check character
 * and a real birth date between 1900 and `now`.
 */
function isResidentId(id: string, now: Date): boolean {
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  if ('10x98765432'[sum % 11] !== id[17]) return false;
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d && birth.getTime() <= now.getTime();
}

function findContacts(folded: string, now: Date, out: Candidate[]): void {
  for (const m of folded.matchAll(EMAIL)) out.push({ type: 'email', start: m.index, end: m.index + m[0].length, value: m[0] });
  for (const m of folded.matchAll(ID_NUMBER)) {
    if (isResidentId(m[0], now)) out.push({ type: 'id_number', start: m.index, end: m.index + m[0].length, value: m[0].toUpperCase() });
  }
}

const CURRENCY: Record<string, string> = {
  ...{ '¥': 'CNY', rmb: 'CNY', cny: 'CNY', 元: 'CNY', 块: 'CNY', 块钱: 'CNY', 人民币: 'CNY', yuan: 'CNY' },
  ...{ $: 'USD', us$: 'USD', usd: 'USD', 美元: 'USD', 美金: 'USD', dollar: 'USD', dollars: 'USD', bucks: 'USD' },
  ...{ '€': 'EUR', eur: 'EUR', 欧元: 'EUR', euro: 'EUR', euros: 'EUR', '£': 'GBP', gbp: 'GBP', 英镑: 'GBP' },
  ...{ hk$: 'HKD', hkd: 'HKD', 港币: 'HKD', 港元: 'HKD', jpy: 'JPY', 日元: 'JPY', yen: 'JPY' },
};
const DIGITS = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const ZH_DIGIT = '一二三四五六七八九';
/** 块 as money, not a piece (两块蛋糕) or together (一块去): followed by nothing Chinese but a particle. */
const KUAI = `块钱|块(?=$|[^\\p{Script=Han}]|[了吗吧呢啊的呀哦啦嘛左多])`;
const UNIT = `元|${KUAI}|人民币|美元|美金|欧元|英镑|港币|港元|日元|(?:yuan|rmb|cny|dollars?|bucks|usd|euros?|eur|gbp|hkd|yen|jpy)(?![a-z])`;
const AMOUNT_RULES: RegExp[] = [
  new RegExp(`(?<![a-z])(us\\$|hk\\$|¥|\\$|€|£|rmb|cny|usd|eur|gbp|hkd|jpy)\\s?(${DIGITS})([万千])?(?:\\s?(?:元|块钱?))?`, 'gu'),
  new RegExp(
    `(?<![\\d.,${ZH_NUMERAL}])(${DIGITS}|(?:\\d+(?:\\.\\d+)?)?[${ZH_NUMERAL}]+)\\s?多?\\s?(${UNIT})(?:([\\d${ZH_DIGIT}])(?:[毛角]|(?![\\d\\p{Script=Han}])))?`,
    'gu',
  ),
];

function findAmounts(folded: string, out: Candidate[]): void {
  for (const [i, pattern] of AMOUNT_RULES.entries()) {
    for (const m of folded.matchAll(pattern)) {
      const [unit, number] = i === 0 ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
      let amount = parseZhNumber(number.replace(/,/g, ''));
      if (amount === undefined) continue;
      if (i === 0 && m[3]) amount *= m[3] === '万' ? 1e4 : 1e3;
      if (i === 1 && m[3]) amount += parseZhNumber(m[3])! / 10;
      const currency = CURRENCY[unit];
      if (currency)
        out.push({ type: 'amount', start: m.index, end: m.index + m[0].length, value: { amount: Math.round(amount * 100) / 100, currency } });
    }
  }
}

/** Validated identifiers and the workspace's order numbers win over anything they overlap; the rest: longer wins, then this order. */
const STRONG: Record<string, number> = { id_number: 0, email: 0, order_number: 1 };
const WEAK: Record<string, number> = { phone: 0, amount: 1, date: 2, product: 3 };

function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  const ranked = candidates.sort(
    (a, b) =>
      (STRONG[a.type] ?? 9) - (STRONG[b.type] ?? 9) ||
      b.end - b.start - (a.end - a.start) ||
      (WEAK[a.type] ?? 9) - (WEAK[b.type] ?? 9) ||
      a.start - b.start,
  );
  const kept: Candidate[] = [];
  for (const c of ranked) if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Builds a workspace's entity extractor: order numbers, phones, emails,
 * resident IDs, amounts, dates and product names, zh and en. Throws at
 * creation for a bad order-number pattern or timezone, never per message.
 *
 * @example createEntityExtractor({ products: ['X3耳机'] }).extract('X3耳機明天能到嗎') // product X3耳机, date tomorrow
 */
export function createEntityExtractor(config: EntityExtractorConfig = {}): EntityExtractor {
  const { orderNumberPattern, products = [], timezone = 'Asia/Shanghai' } = config;
  const orders = orderNumberPattern === undefined ? DEFAULT_ORDER : compileOrderPattern(orderNumberPattern);
  assertTimezone(timezone);
  const catalogue = createPhraseMatcher(products.map((p) => [p, p] as const));
  return {
    extract(text, now = new Date()) {
      const folded = foldText(text);
      const candidates: Candidate[] = [];
      findOrders(folded, orders, orders === DEFAULT_ORDER, candidates);
      findContacts(folded, now, candidates);
      findPhones(folded, candidates);
      findAmounts(folded, candidates);
      for (const d of extractDates(folded, now, timezone)) candidates.push({ type: 'date', ...d });
      for (const p of catalogue.size ? catalogue.find(folded) : []) candidates.push({ type: 'product', ...p });
      return resolveOverlaps(candidates).map((c) => ({ type: c.type, text: text.slice(c.start, c.end), value: c.value, start: c.start, end: c.end }));
    },
  };
}

/**
 * The pipeline step: adds the extractor's entities to `message.entities`,
 * skipping any that overlap an entity an earlier step already found.
 *
 * @example const step = entityComponent(createEntityExtractor({ timezone: 'Asia/Shanghai' }));
 */
export function entityComponent(extractor: EntityExtractor, clock: () => Date = () => new Date()): NluComponent {
  return {
    name: 'entities',
    process(message) {
      const existing = message.entities;
      const found = extractor.extract(message.text, clock()).filter((e) => !existing.some((x) => e.start < x.end && x.start < e.end));
      return { ...message, entities: [...existing, ...found].sort((a, b) => a.start - b.start) };
    },
  };
}
