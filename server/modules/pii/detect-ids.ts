import { hasNonPersonalCue, scan, type Detector } from './detect-text.ts';

/**
 * Identity numbers: mainland resident IDs (18 characters with the GB 11643
 * checksum and a real birth date; 15-digit IDs only after a cue word), bank
 * cards (13–19 digits, a card network's prefix and the Luhn checksum) and
 * passports / travel permits.
 */

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

/** Whether `yyyymmdd` is a real date between 1900 and 2099. */
function isBirthDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The first two digits of a region code: a province, or 71/81/82/83 (Taiwan, Hong Kong, Macau residents' permits), 91. */
const PROVINCE_CODE = /^(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3]|91)/;

/** An 18-character resident ID: a province code, a real birth date, the checksum. */
export function isResidentId(id: string): boolean {
  return PROVINCE_CODE.test(id) && isBirthDate(id.slice(6, 14)) && isValidCnId(id);
}

const CN_ID = /(?<![\w])([1-8]\d{5}[\s-]?(?:19|20)\d{6}[\s-]?\d{3}[\dXx])(?![\w])/g;
/** Pre-1999 IDs: 15 digits with a 2-digit year, only right after a cue word. */
const ID_CUE = /身份证|证件|id (?:card|no)|identity/i;
const CN_ID_15 = /(?:身份证|证件|identity card|id card|id no\.?)[^\d\n]{0,6}(?<![\w])([1-8]\d{14})(?![\w])/giu;

export const detectCnId: Detector = function* (text, norm) {
  yield* scan(text, norm, CN_ID, (m) => isResidentId(m[1]!.replace(/[\s-]/g, '')) && !hasNonPersonalCue(norm, m.index));
  if (ID_CUE.test(norm)) yield* scan(text, norm, CN_ID_15, (m) => PROVINCE_CODE.test(m[1]!) && isBirthDate(`19${m[1]!.slice(6, 12)}`));
};

/** Card networks' leading digits and lengths: UnionPay 62, Visa 4, Mastercard 51–55 / 2221–2720, Amex 34/37, JCB 3528–3589, Diners 30/36/38, Discover 60/64/65, old domestic 9. */
function hasCardPrefix(digits: string): boolean {
  const n = digits.length;
  if (/^(?:62|60|64|65|352[89]|35[3-8])/.test(digits)) return n >= 16 && n <= 19;
  if (digits.startsWith('4')) return n === 13 || n === 16 || n === 19;
  if (/^5[1-5]/.test(digits)) return n === 16;
  const two = Number(digits.slice(0, 4));
  if (two >= 2221 && two <= 2720) return n === 16;
  if (/^3[47]/.test(digits)) return n === 15;
  if (/^3[068]/.test(digits)) return n >= 14 && n <= 19;
  return /^9/.test(digits) && n === 19;
}

/** 18 digits with a province code and a birth date are an ID (perhaps mistyped), not a card. */
function looksLikeId(digits: string): boolean {
  return digits.length === 18 && PROVINCE_CODE.test(digits) && isBirthDate(digits.slice(6, 14));
}

const CARD = /(?<![\w])(\d{4}(?:[\s-]?\d{4}){2,3}(?:[\s-]?\d{1,3})?|\d{4}[\s-]?\d{6}[\s-]?\d{5}|\d{13,19})(?![\w])/g;

export const detectBankCard: Detector = (text, norm) =>
  scan(text, norm, CARD, (m) => {
    const digits = m[1]!.replace(/\D/g, '');
    return hasCardPrefix(digits) && passesLuhn(digits) && !looksLikeId(digits) && !hasNonPersonalCue(norm, m.index);
  });

const LETTER = '[A-HJ-NP-Z]';
/** Chinese passports (E12345678, EA1234567, G12345678), HK/Macau permits (C12345678, CA1234567), Taiwan permits (L12345678). */
const CN_PASSPORT = new RegExp(String.raw`(?<![\w])((?:E${LETTER}?|C${LETTER}?|G|L)\d{7,8})(?![\w])`, 'g');
/** Any other passport number, right after a cue word. */
const PASSPORT_CUE = /护照|通行证|passport/i;
const CUED_PASSPORT = /(?:护照|通行证|passport)(?:\s*(?:号码|号|no\.?|number|#))?[\s:：是为]{0,3}([A-Z]{0,2}\d{6,9}[A-Z]?)(?![\w])/giu;

export const detectPassport: Detector = function* (text, norm) {
  yield* scan(text, norm, CN_PASSPORT, (m) => m[1]!.replace(/\D/g, '').length + (/^[A-Z]{2}/.test(m[1]!) ? 2 : 1) === 9);
  if (PASSPORT_CUE.test(norm)) yield* scan(text, norm, CUED_PASSPORT, (m) => /[A-Z]/i.test(m[1]!) || m[1]!.length >= 8);
};
