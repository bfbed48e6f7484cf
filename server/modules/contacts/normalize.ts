import { z } from 'zod';

/** Lower-case, trimmed email; null when it is not one. */
export function normalizeEmail(value: string | null | undefined): string | null {
  const email = value?.trim().toLowerCase();
  return email && z.email().safeParse(email).success ? email : null;
}

/**
 * Digits with a leading + for international numbers; mainland mobiles
 * (11 digits starting with 1) become +86…, so the same phone from SMS and a
 * form matches. Null when fewer than 5 digits remain.
 *
 * @example normalizePhone('138 0013 8000') // '+8613800138000'
 */
export function normalizePhone(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  const digits = trimmed.replace(/[^\d]/g, '');
  if (digits.length < 5 || digits.length > 16) return null;
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (trimmed.startsWith('00')) return `+${digits.slice(2)}`;
  if (/^1[3-9]\d{9}$/.test(digits)) return `+86${digits}`;
  if (/^861[3-9]\d{9}$/.test(digits)) return `+${digits}`;
  return digits;
}
