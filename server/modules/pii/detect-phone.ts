import { hasNonPersonalCue, scan, type Detector } from './detect-text.ts';

/**
 * Phone numbers: mainland mobiles, mainland landlines (with area code, 400/800
 * service numbers, extensions) and international numbers (a `+`/`00`
 * country code, or the North American `(415) 555-0100` shape). Numbers named
 * as something else just before ("订单号", "tracking", "¥") are left alone.
 */

const SEP = String.raw`[\s-]?`;

/** 138 1234 5678, +86 138-1234-5678, 0086 13812345678, 8613812345678. */
const MOBILE = new RegExp(
  String.raw`(?<![\w+])(?:(?:\+|00)86${SEP}|86${SEP}(?=1[3-9]\d${SEP}\d{4}${SEP}\d{4}(?!\d)))?1[3-9]\d${SEP}\d{4}${SEP}\d{4}(?![\w])`,
  'g',
);

const AREA = String.raw`(?:010|02\d|0[3-9]\d\d)`;
/** Not the tail or head of a longer grouped number (a card's last groups are not a landline). */
const ALONE_BEFORE = String.raw`(?<![\w+]|\d[\s-])`;
const ALONE_AFTER = String.raw`(?![\w]|[\s-]\d)`;
const EXT = String.raw`(?:\s?(?:转|分机|ext\.?|x)\s?\d{1,5})?`;
/** 010-12345678, (0755)1234567, （0755）1234567, 021 6123 4567 转 123, 02161234567, 400-820-8820. */
const LANDLINE = new RegExp(
  [
    String.raw`${ALONE_BEFORE}(?:(?:\+|00)86${SEP})?(?:(?:\(${AREA}\)|（${AREA}）)\s?|${AREA}[\s-])[1-9]\d{2,3}[\s-]?\d{4}${EXT}${ALONE_AFTER}`,
    String.raw`${ALONE_BEFORE}(?:(?:\+|00)86${SEP})?${AREA}[2-8]\d{2,3}[\s-]?\d{4}${EXT}${ALONE_AFTER}`,
    String.raw`${ALONE_BEFORE}[48]00[\s-]?\d{3}[\s-]?\d{4}${ALONE_AFTER}`,
  ].join('|'),
  'g',
);

/** +1 415 555 0100, +44 20 7946 0958, 0044 20 7946 0958, (415) 555-0100, 415-555-0100, 1-800-555-0199, UK mobiles 07700 900123. */
const INTL = new RegExp(
  [
    String.raw`${ALONE_BEFORE}(?:\+|00)[1-9](?:[\s.-]?\(?\d\)?){7,14}${ALONE_AFTER}`,
    String.raw`${ALONE_BEFORE}(?:1[\s.-])?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[\s.-])[2-9]\d{2}[\s.-]\d{4}${ALONE_AFTER}`,
    String.raw`${ALONE_BEFORE}07\d{3}\s\d{6}${ALONE_AFTER}`,
  ].join('|'),
  'g',
);

const digitCount = (s: string) => s.replace(/\D/g, '').length;

export const detectMobile: Detector = (text, norm) => scan(text, norm, MOBILE, (m) => !hasNonPersonalCue(norm, m.index));

export const detectLandline: Detector = (text, norm) => scan(text, norm, LANDLINE, (m) => !hasNonPersonalCue(norm, m.index));

export const detectIntlPhone: Detector = (text, norm) =>
  scan(text, norm, INTL, (m) => {
    const n = digitCount(m[0]);
    return n >= 8 && n <= 15 && !hasNonPersonalCue(norm, m.index);
  });
