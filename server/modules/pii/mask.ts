import { addressHeadLength } from './detect-address.ts';
import { detectPii, type DetectOptions, type PiiSpan } from './detect.ts';
import { foldWidth } from './detect-text.ts';
import { maskIntlPhone, maskLandline, maskMobile, starDigits } from './mask-phone.ts';

/**
 * How values are shown masked, per kind, so a masked text still reads
 * naturally: 138****5678, 010-****5678, 1101**********002X,
 * 6222 **** **** 0006, ***@x.com, 192.*.*.*, E******78, 京A***45,
 * 广东省深圳市****; anything else becomes stars of the same length.
 */

const stars = (n: number) => '*'.repeat(Math.max(n, 4));

/** `6222020000000006` → `6222 **** **** 0006`; grouped input keeps its own grouping. */
function maskCard(value: string): string {
  if (/[\s-]/.test(value)) return starDigits(value, 4, 4);
  const masked = starDigits(value, 4, 4);
  return value.length === 16 ? masked.replace(/(.{4})(?=.)/g, '$1 ') : masked;
}

/** `192.168.1.20` → `192.*.*.*`; `2001:db8::1` → `2001:****`. */
function maskIp(value: string): string {
  if (value.includes('.')) return `${value.split('.')[0]}.*.*.*`;
  return `${value.split(':')[0]}:****`;
}

/** Chinese addresses keep province and city; English ones keep city and state, with the street and postcode hidden. */
function maskAddress(value: string): string {
  if (/[\p{Script=Han}]/u.test(value)) return `${value.slice(0, addressHeadLength(value))}****`;
  const [, ...rest] = value.split(',');
  const unitFirst = /^\s*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|#)/i.test(value);
  const kept = (unitFirst ? rest.slice(1) : rest).filter((part) => !/^\s*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|#)\b/i.test(part));
  return ['****', ...kept.map((part) => part.replace(/\b(?=\w*\d)\w+/g, (w) => '*'.repeat(w.length)))].join(',');
}

/** `京A12345` → `京A***45`; `粤B·D12345` → `粤B·****45`. */
function maskPlate(value: string): string {
  const head = /^[^\d]*?[A-Z][·•・.\s-]?/u.exec(value)?.[0] ?? value.slice(0, 1);
  return `${head}${'*'.repeat(Math.max(value.length - head.length - 2, 1))}${value.slice(-2)}`;
}

/** How one value is shown masked. */
export function maskValue(span: Pick<PiiSpan, 'kind' | 'value'>): string {
  const value = foldWidth(span.value);
  switch (span.kind) {
    case 'mobile':
      return maskMobile(value);
    case 'landline':
      return maskLandline(value);
    case 'intl_phone':
      return maskIntlPhone(value);
    case 'cn_id': {
      const chars = value.replace(/[-\s]/g, '');
      return `${chars.slice(0, 4)}${stars(chars.length - 8)}${chars.slice(-4)}`;
    }
    case 'bank_card':
      return maskCard(value);
    case 'email':
      return `***@${value.split(/@|%40/)[1] ?? ''}`;
    case 'ip':
      return maskIp(value);
    case 'passport':
      return `${value.slice(0, 1)}${'*'.repeat(Math.max(value.length - 3, 4))}${value.slice(-2)}`;
    case 'plate':
      return maskPlate(value);
    case 'address':
      return maskAddress(value);
    default:
      return stars(value.length);
  }
}

/** Replace the given spans of `text` by their masked form. */
export function maskSpans(text: string, spans: readonly PiiSpan[]): string {
  let out = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, span.start) + maskValue(span);
    at = span.end;
  }
  return out + text.slice(at);
}

/**
 * Detect and mask in one step.
 * @example maskPii('我的手机13812345678') // '我的手机138****5678'
 */
export function maskPii(text: string, options: DetectOptions = {}): string {
  return maskSpans(text, detectPii(text, options));
}

/**
 * What a log line may show of a text: every built-in kind masked, except
 * loopback addresses (Kefu's own `http://127.0.0.1:3000`). Kefu's logger
 * passes each line's strings through this (server/boot.ts), so a customer's
 * message, a contact field or an error quoting either never reaches the logs raw.
 * @example maskForLog('send failed for 13812345678') // 'send failed for 138****5678'
 */
export function maskForLog(text: string): string {
  return maskSpans(text, detectPii(text));
}
