/**
 * Personal-information detectors for zh and en text. Each detector (one
 * small file per family) finds spans of one kind in a single pass over the
 * text, with full-width characters folded first; `detectPii` runs the ones
 * asked for and drops overlaps (the longer span wins; on a tie, the kind
 * listed first in `piiKinds`), so masking never cuts a value in half.
 */
import { detectAddress } from './detect-address.ts';
import { scanCustom } from './detect-custom.ts';
import { detectBankCard, detectCnId, detectPassport } from './detect-ids.ts';
import { detectEmail, detectIp } from './detect-net.ts';
import { detectIntlPhone, detectLandline, detectMobile } from './detect-phone.ts';
import { detectPlate } from './detect-plate.ts';
import { foldWidth, type Detector } from './detect-text.ts';

export { isResidentId, isValidCnId, passesLuhn } from './detect-ids.ts';

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
  /** A JavaScript regular expression source; matched globally (flag `u`). Check it with `validateCustomPattern` first. */
  pattern: string;
}

export interface DetectOptions {
  /** Only these kinds; all when unset. */
  kinds?: ReadonlySet<PiiKind>;
  custom?: readonly CustomPiiPattern[];
}

const detectors: Record<Exclude<PiiKind, 'custom'>, Detector> = {
  mobile: detectMobile,
  landline: detectLandline,
  intl_phone: detectIntlPhone,
  cn_id: detectCnId,
  bank_card: detectBankCard,
  email: detectEmail,
  address: detectAddress,
  passport: detectPassport,
  plate: detectPlate,
  ip: detectIp,
};

/**
 * What a text must contain for a detector to have anything to find: a cheap
 * test that spares most messages (which carry no digits at all) the full scan.
 */
const DIGITS = /\d{3}/;
const gates: Record<Exclude<PiiKind, 'custom'>, RegExp> = {
  mobile: DIGITS,
  landline: DIGITS,
  intl_phone: DIGITS,
  cn_id: DIGITS,
  bank_card: DIGITS,
  email: /@|%40/,
  address: /[省市区县旗镇乡街道路巷弄号栋幢座室村苑园城楼层]|\d[A-Za-z]?\s+[A-Z\d]/,
  passport: /\d{6}/,
  plate: /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使][A-Z]?\W?\w?\d/u,
  ip: /\d\.\d|[0-9a-f]:[0-9a-f]*:/i,
};

const builtIn = (Object.keys(detectors) as Exclude<PiiKind, 'custom'>[]).map((kind) => [kind, detectors[kind], gates[kind]] as const);

/** Addresses that name no one: loopback and "any" (Kefu's own `http://127.0.0.1:3000`, a refused webhook's error). */
const MACHINE_IP = /^(?:127\.|0\.0\.0\.0$|::1?$)/;

/**
 * Find personal information in `text`.
 * @example detectPii('电话13812345678').map((s) => s.kind) // ['mobile']
 */
export function detectPii(text: string, options: DetectOptions = {}): PiiSpan[] {
  const found: PiiSpan[] = [];
  const norm = foldWidth(text);
  for (const [kind, detect, gate] of builtIn) {
    if ((options.kinds && !options.kinds.has(kind)) || !gate.test(norm)) continue;
    for (const span of detect(text, norm)) if (!(kind === 'ip' && MACHINE_IP.test(span.value))) found.push({ kind, ...span });
  }
  if (!options.kinds || options.kinds.has('custom')) {
    for (const custom of options.custom ?? []) {
      for (const span of scanCustom(text, norm, custom.pattern)) found.push({ kind: 'custom', label: custom.name, ...span });
    }
  }
  return dropOverlaps(found);
}

const rank = (kind: PiiKind) => piiKinds.indexOf(kind);

function dropOverlaps(spans: PiiSpan[]): PiiSpan[] {
  if (spans.length < 2) return spans;
  const best = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || rank(a.kind) - rank(b.kind) || a.start - b.start);
  const kept: PiiSpan[] = [];
  for (const span of best) {
    if (kept.every((k) => span.end <= k.start || span.start >= k.end)) kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}
