/**
 * Dates in customer messages, zh and en, absolute and relative, resolved to an
 * ISO day (`YYYY-MM-DD`) in the workspace's timezone. Conventions:
 * - Weeks run Monday → Sunday. 这周五 / this Friday: Friday of the current
 *   week (even if past); 下周五 / next Friday: Friday of the following week;
 *   上周三 / last Wednesday: of the previous week; a bare 周五 / Friday: the
 *   next one, today included.
 * - A week reference (下周, next week) is that week's Monday; a month reference
 *   (下个月, next month) is its first day; 周末 / weekend is its Saturday
 *   (today when today is Sunday).
 * - A date without a year (11月20日, Nov 20, 11/20) takes the year that puts
 *   it nearest to today; a day alone (20号) takes the nearest month. Ties go
 *   to the future.
 * - m/d is read month first unless the first number cannot be a month (20/11).
 * Matching runs on folded text (see `foldText`), so offsets are the original's.
 */

const DAY_MS = 86_400_000;
/** Chinese numeral characters read by {@link parseZhNumber}. */
export const ZH_NUMERAL = '零〇一二两三四五六七八九十百千万亿';
const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 1e4, 亿: 1e8 };

/**
 * A number written in digits, Chinese numerals or both: 十五 → 15, 二十三 → 23,
 * 两百 → 200, 三千五 → 3500, 一百零五 → 105, 1.5万 → 15000, 二〇二六 → 2026.
 * Undefined for anything else.
 *
 * @example parseZhNumber('三千五百') // 3500
 */
export function parseZhNumber(text: string): number | undefined {
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  if (!text) return undefined;
  if (/^[零〇一二三四五六七八九]{2,}$/.test(text)) return Number(Array.from(text, (c) => DIGIT[c]).join(''));
  let [total, section, current, lastUnit, scale] = [0, 0, 0, 1, 1];
  for (const token of text.match(/\d+(?:\.\d+)?|./gu) ?? []) {
    const unit = UNIT[token];
    if (unit === undefined) {
      current = /^\d/.test(token) ? Number(token) : DIGIT[token]!;
      if (current === undefined) return undefined;
      // 三千五 is 3500 and 一百二 is 120: a last digit right after 百/千/万 counts in the next lower unit.
      scale = lastUnit >= 100 && token !== '零' ? lastUnit / 10 : 1;
    } else if (unit >= 1e4) {
      total = unit === 1e8 ? (total + section + current) * unit : total + (section + current) * unit;
      [section, current] = [0, 0];
    } else {
      section += (current || 1) * unit;
      current = 0;
    }
    lastUnit = unit ?? 1;
    if (unit !== undefined) scale = 1;
  }
  return total + section + current * scale;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const iso = (day: number) => new Date(day).toISOString().slice(0, 10);
/** A civil day as UTC midnight, or undefined when there is no such day (2月30日). */
const civil = (year: number, month: number, day: number) =>
  month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) ? Date.UTC(year, month - 1, day) : undefined;
const parts = (day: number) => {
  const d = new Date(day);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate(), weekday: (d.getUTCDay() + 6) % 7 };
};
const firstOfMonth = (day: number, n = 0) => Date.UTC(parts(day).year, parts(day).month - 1 + n, 1);
/** The first day of the month `n` months away, or its `date`-th day when it has one. */
const addMonths = (day: number, n: number, date?: number) => {
  const first = firstOfMonth(day, n);
  const { year, month } = parts(first);
  return date === undefined ? first : civil(year, month, date);
};
const weekStart = (day: number) => day - parts(day).weekday * DAY_MS;
const nearest = (today: number, candidates: (number | undefined)[]) =>
  candidates.reduce<number | undefined>((best, c) => {
    if (c === undefined) return best;
    if (best === undefined) return c;
    const [dc, db] = [Math.abs(c - today), Math.abs(best - today)];
    return dc < db || (dc === db && c > best) ? c : best;
  }, undefined);

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a clear Error for a timezone Intl does not know. */
export function assertTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: timezone });
  } catch {
    throw new Error(`Unknown timezone "${timezone}" (use an IANA name such as Asia/Shanghai)`);
  }
}

/** Today in `timezone` as UTC midnight of that civil day. */
export function todayIn(now: Date, timezone: string): number {
  let format = formatters.get(timezone);
  if (!format) formatters.set(timezone, (format = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, dateStyle: 'short' })));
  const [y, m, d] = format.format(now).split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!);
}

type Resolve = (m: RegExpExecArray, today: number) => number | undefined;
const N = `(?:\\d{1,2}|[${ZH_NUMERAL}]{1,3})`;
const num = (s: string | undefined) => (s === undefined ? undefined : parseZhNumber(s));
const EN_NUM: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
const EN_N = `(\\d{1,3}|${Object.keys(EN_NUM).join('|')})`;
const enNum = (s: string) => EN_NUM[s] ?? Number(s);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(january|february|march|april|may|june|july|august|september|sept|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)';
const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3)) + 1;
const WEEKDAYS_ZH = '一二三四五六日';
const WEEKDAYS_EN = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const RELATIVE_DAY: Record<string, number> = {
  ...{
    大前天: -3,
    前天: -2,
    昨天: -1,
    昨日: -1,
    昨晚: -1,
    今天: 0,
    今日: 0,
    今晚: 0,
    今早: 0,
    明天: 1,
    明日: 1,
    明早: 1,
    明晚: 1,
    后天: 2,
    大后天: 3,
  },
  ...{ today: 0, tonight: 0, tomorrow: 1, tmr: 1, tmrw: 1, yesterday: -1, 'the day after tomorrow': 2, 'day after tomorrow': 2 },
  ...{ 'the day before yesterday': -2, 'day before yesterday': -2 },
};
/** Week offset of a zh or en prefix; undefined for none (a bare weekday). */
const WEEK_SHIFT: Record<string, number> = {
  ...{ 上上: -2, 上上个: -2, 上: -1, 上个: -1, 这: 0, 这个: 0, 本: 0, 下: 1, 下个: 1, 下下: 2, 下下个: 2 },
  ...{ last: -1, this: 0, next: 1 },
};
const MONTH_SHIFT: Record<string, number> = { 上: -1, 这: 0, 本: 0, 下: 1, last: -1, this: 0, next: 1 };

/** Weekday 0..6 (Mon..Sun) or 7 for the weekend, in the week shifted by `shift`, or the next one when shift is undefined. */
function weekdayIn(today: number, weekday: number, shift: number | undefined): number {
  const base = weekStart(today) + (shift ?? 0) * 7 * DAY_MS;
  if (weekday === 7) return (shift ?? 0) === 0 && parts(today).weekday === 6 ? today : base + 5 * DAY_MS;
  if (shift !== undefined) return base + weekday * DAY_MS;
  return today + ((weekday - parts(today).weekday + 7) % 7) * DAY_MS;
}

function offset(today: number, n: number | undefined, unit: string, sign: 1 | -1): number | undefined {
  if (n === undefined) return undefined;
  if (/^(?:天|日|day)/.test(unit)) return today + sign * n * DAY_MS;
  if (/^(?:周|星期|礼拜|week)/.test(unit)) return today + sign * n * 7 * DAY_MS;
  return sameDateIn(today, sign * n * (/^(?:月|month)/.test(unit) ? 1 : 12));
}

/** The same day of the month `n` months away, clamped to that month's length (1月31日 + 1 month → 2月28日). */
function sameDateIn(today: number, n: number): number | undefined {
  const { year, month } = parts(firstOfMonth(today, n));
  return civil(year, month, Math.min(parts(today).date, daysIn(year, month)));
}

const monthDay = (today: number, month: number | undefined, day: number | undefined, year?: number) => {
  if (month === undefined || day === undefined) return undefined;
  if (year !== undefined) return civil(year, month, day);
  const y = parts(today).year;
  return nearest(today, [civil(y - 1, month, day), civil(y, month, day), civil(y + 1, month, day)]);
};
const fullYear = (s: string | undefined) => (s === undefined ? undefined : s.length === 2 ? 2000 + Number(s) : parseZhNumber(s));
const ZH_YEAR: Record<string, number> = { 去年: -1, 今年: 0, 明年: 1 };
const zhWeekday = (c: string) => (c === '末' ? 7 : c === '天' ? 6 : /\d/.test(c) ? Number(c) - 1 : WEEKDAYS_ZH.indexOf(c));
const NOT_A_DAY = '(?!线|楼|房|门|床|位|码|机|店|馆|厅|口|电池|字|台|窗|柜|车|包|箱|仓|桌|座|元|\\d)';

/** "you may 2…", "it may 3 days": may the verb, not the month. */
const mayIsAVerb = (m: RegExpExecArray) =>
  /\b(?:i|you|we|they|it|he|she|this|that|which|who|there)\s+$/.test(m.input.slice(0, m.index)) ||
  /^\s+[a-z]/.test(m.input.slice(m.index + m[0].length));

const RULES: [RegExp, Resolve][] = [
  [/(?<!\d)(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)/g, (m) => civil(Number(m[1]), Number(m[3]), Number(m[4]))],
  [new RegExp(`(\\d{4}|[零〇一二三四五六七八九]{4})年(${N})月(?:(${N})[日号]?)?`, 'g'), (m) => civil(fullYear(m[1])!, num(m[2])!, num(m[3]) ?? 1)],
  [
    new RegExp(`(?<!\\d)(去年|今年|明年)?(${N})月(${N})(?:[日号]|(?![\\d${ZH_NUMERAL}]))`, 'g'),
    (m, t) => monthDay(t, num(m[2]), num(m[3]), m[1] ? parts(t).year + ZH_YEAR[m[1]]! : undefined),
  ],
  [new RegExp(`(上|这|本|下)个?月(?!饼)(?:(${N})[日号]${NOT_A_DAY})?`, 'g'), (m, t) => addMonths(t, MONTH_SHIFT[m[1]!]!, num(m[2]))],
  [
    new RegExp(`(?<![\\d月第${ZH_NUMERAL}])(\\d{1,2}|[${ZH_NUMERAL}]{1,3})(号|日)${NOT_A_DAY}`, 'g'),
    (m, t) => {
      // 一日三餐 is not the 1st: 日 needs digits or a two-character numeral (十五日).
      const day = m[2] === '日' && !/\d|[十]/.test(m[1]!) ? undefined : num(m[1]);
      return day === undefined
        ? undefined
        : nearest(
            t,
            [-1, 0, 1].map((n) => addMonths(t, n, day)),
          );
    },
  ],
  [/大后天|大前天|前天|昨天|昨日|昨晚|今天|今日|今晚|今早|明天|明日|明早|明晚|后天/g, (m, t) => t + RELATIVE_DAY[m[0]]! * DAY_MS],
  [
    new RegExp(`(?<![\\d${ZH_NUMERAL}])(${N})(天|日|周|个?星期|个?礼拜|个?月|年)(以?后|之后|以?前|之前)`, 'g'),
    (m, t) => offset(t, num(m[1]), m[2]!.replace('个', ''), m[3]!.includes('后') ? 1 : -1),
  ],
  [
    /(上上个?|下下个?|上个?|下个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天末]|[1-7](?!\d))(?!次)/g,
    (m, t) => weekdayIn(t, zhWeekday(m[2]!), m[1] === undefined ? undefined : WEEK_SHIFT[m[1]]),
  ],
  [/(上上个?|下下个?|上个?|下个?|这个?|本)(?:周|星期|礼拜)/g, (m, t) => weekStart(t) + WEEK_SHIFT[m[1]!]! * 7 * DAY_MS],
  [
    /(?<![\d/.])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])/g,
    (m, t) => {
      const [a, b] = [Number(m[1]), Number(m[2])];
      return a > 12 ? monthDay(t, b, a, fullYear(m[3])) : monthDay(t, a, b, fullYear(m[3]));
    },
  ],
  [
    new RegExp(`\\b${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?![\\da-z])(?:,?\\s+(\\d{4})\\b)?`, 'g'),
    (m, t) => (m[1] === 'may' && !m[3] && mayIsAVerb(m) ? undefined : monthDay(t, monthOf(m[1]!), Number(m[2]), fullYear(m[3]))),
  ],
  [
    new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH.replace('may', 'may(?!\\s+[a-z])')}\\b\\.?(?:,?\\s+(\\d{4})\\b)?`, 'g'),
    (m, t) => monthDay(t, monthOf(m[2]!), Number(m[1]), fullYear(m[3])),
  ],
  [
    /\b(?:the day after tomorrow|day after tomorrow|the day before yesterday|day before yesterday|today|tonight|tomorrow|tmrw?|yesterday)\b/g,
    (m, t) => t + RELATIVE_DAY[m[0]]! * DAY_MS,
  ],
  [new RegExp(`\\bin\\s+${EN_N}\\s+(days?|weeks?|months?|years?)\\b`, 'g'), (m, t) => offset(t, enNum(m[1]!), m[2]!, 1)],
  [
    new RegExp(`\\b${EN_N}\\s+(days?|weeks?|months?|years?)\\s+(ago|later|from now)\\b`, 'g'),
    (m, t) => offset(t, enNum(m[1]!), m[2]!, m[3] === 'ago' ? -1 : 1),
  ],
  [
    new RegExp(`\\b(?:(next|last|this|coming|the)\\s+)?(${WEEKDAYS_EN.join('|')}|weekend)\\b`, 'g'),
    (m, t) => weekdayIn(t, m[2] === 'weekend' ? 7 : WEEKDAYS_EN.indexOf(m[2]!), WEEK_SHIFT[m[1] ?? '']),
  ],
  [/\b(next|last|this) week\b/g, (m, t) => weekStart(t) + WEEK_SHIFT[m[1]!]! * 7 * DAY_MS],
  [/\b(next|last|this) month\b/g, (m, t) => addMonths(t, MONTH_SHIFT[m[1]!]!)],
];

export interface DateMatch {
  start: number;
  end: number;
  /** ISO day, `YYYY-MM-DD`. */
  value: string;
}

/**
 * Every date mention in folded text, resolved against `now` in `timezone`.
 * Candidates may overlap (11月20号 and 20号); the caller keeps the longest.
 *
 * @example extractDates('下周一能到吗', new Date('2026-11-20T04:00:00Z'), 'Asia/Shanghai') // [{ start: 0, end: 3, value: '2026-11-23' }]
 */
export function extractDates(folded: string, now: Date, timezone = 'Asia/Shanghai'): DateMatch[] {
  let today: number | undefined;
  const out: DateMatch[] = [];
  for (const [pattern, resolve] of RULES) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(folded); m; m = pattern.exec(folded)) {
      today ??= todayIn(now, timezone);
      const day = resolve(m, today);
      if (day !== undefined && Number.isFinite(day)) out.push({ start: m.index, end: m.index + m[0].length, value: iso(day) });
    }
  }
  return out;
}
