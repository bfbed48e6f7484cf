import { detectPii, type DetectOptions, type PiiSpan } from './detect.ts';

/**
 * How one value is shown masked: phones keep their first 3 and last 4 digits
 * (138****5678), IDs and cards their first and last 4 characters, emails
 * their domain; anything else becomes stars of the same length.
 */
export function maskValue(span: Pick<PiiSpan, 'kind' | 'value'>): string {
  const { value } = span;
  switch (span.kind) {
    case 'mobile': {
      const digits = value.replace(/\D/g, '').slice(-11);
      return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
    }
    case 'cn_id':
    case 'bank_card': {
      const chars = value.replace(/[-\s]/g, '');
      return `${chars.slice(0, 4)}${'*'.repeat(Math.max(chars.length - 8, 4))}${chars.slice(-4)}`;
    }
    case 'email':
      return `***@${value.split('@')[1] ?? ''}`;
    default:
      return '*'.repeat(Math.max(value.length, 4));
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
