/**
 * Personal-information detectors for zh and en text. Each detector finds spans
 * of one kind; `detectPii` runs the ones asked for and drops overlaps (the
 * longer, more specific span wins), so masking never cuts a value in half.
 */

export const piiKinds = ['mobile', 'landline', 'intl_phone', 'cn_id', 'bank_card', 'email', 'address', 'passport', 'plate', 'ip', 'custom'] as const;
export type PiiKind = (typeof piiKinds)[number];

/** One found value: `text.slice(start, end)` is the value. */
export interface PiiSpan {
  kind: PiiKind;
  start: number;
  end: number;
  value: string;
  /** The custom pattern's name when `kind` is `custom`. */
  label?: string;
}

/** A workspace's own pattern, e.g. a membership number. */
export interface CustomPiiPattern {
  name: string;
  /** A JavaScript regular expression source; matched globally. */
  pattern: string;
}

export interface DetectOptions {
  /** Only these kinds; all when unset. */
  kinds?: ReadonlySet<PiiKind>;
  custom?: readonly CustomPiiPattern[];
}

type Detector = (text: string) => Iterable<Omit<PiiSpan, 'kind'>>;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Mainland resident ID checksum (GB 11643). */
export function isValidCnId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17]!.toUpperCase();
}

/** Luhn checksum over a digit string. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function* matches(text: string, re: RegExp, accept: (m: RegExpExecArray) => boolean = () => true): Iterable<Omit<PiiSpan, 'kind'>> {
  for (const m of text.matchAll(re)) {
    if (!accept(m)) continue;
    const value = m[1] ?? m[0];
    const start = m.index + m[0].indexOf(value);
    yield { start, end: start + value.length, value };
  }
}

const detectors: Partial<Record<PiiKind, Detector>> = {
  mobile: (t) => matches(t, /(?<![\d])(?:\+?86[-\s]?)?(1[3-9]\d[-\s]?\d{4}[-\s]?\d{4})(?!\d)/g),
  cn_id: (t) => matches(t, /(?<![\dA-Za-z])(\d{17}[\dXx])(?![\dA-Za-z])/g, (m) => isValidCnId(m[1]!)),
  bank_card: (t) =>
    matches(t, /(?<![\d])(\d{4}(?:[-\s]?\d{4}){2,3}(?:[-\s]?\d{1,3})?)(?!\d)/g, (m) => {
      const digits = m[1]!.replace(/\D/g, '');
      return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);
    }),
  email: (t) => matches(t, /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g),
};

/**
 * Find personal information in `text`.
 * @example detectPii('电话13812345678').map((s) => s.kind) // ['mobile']
 */
export function detectPii(text: string, options: DetectOptions = {}): PiiSpan[] {
  const found: PiiSpan[] = [];
  for (const [kind, detect] of Object.entries(detectors) as [PiiKind, Detector][]) {
    if (options.kinds && !options.kinds.has(kind)) continue;
    for (const span of detect(text)) found.push({ kind, ...span });
  }
  if (!options.kinds || options.kinds.has('custom')) {
    for (const custom of options.custom ?? []) {
      for (const span of matches(text, new RegExp(custom.pattern, 'gu'))) found.push({ kind: 'custom', label: custom.name, ...span });
    }
  }
  return dropOverlaps(found);
}

function dropOverlaps(spans: PiiSpan[]): PiiSpan[] {
  const byLength = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: PiiSpan[] = [];
  for (const span of byLength) {
    if (kept.every((k) => span.end <= k.start || span.start >= k.end)) kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}
