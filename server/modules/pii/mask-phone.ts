/**
 * Phone masks. Mainland mobiles show the way Chinese services show them
 * (`138****5678`, country code dropped); other numbers keep their country
 * or area code, their last four digits and their own spacing
 * (`010-****5678`, `+44 ** **** 0958`); an extension stays readable.
 */

/** Replace every digit of `s` by `*` except the first `keepHead` and the last `keepTail` digits. */
export function starDigits(s: string, keepHead: number, keepTail: number): string {
  const total = s.replace(/\D/g, '').length;
  let seen = 0;
  return s.replace(/\d/g, (d) => {
    seen++;
    return seen <= keepHead || seen > total - keepTail ? d : '*';
  });
}

/** `+86 138-1234-5678` → `138****5678`. */
export function maskMobile(value: string): string {
  const digits = value.replace(/\D/g, '').slice(-11);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** `010-12345678` → `010-****5678`; `021 6123 4567 转 123` → `021 **** 4567 转 123`. */
export function maskLandline(value: string): string {
  const ext = /\s?(?:转|分机|ext\.?|x)\s?\d{1,5}$/i.exec(value);
  const number = ext ? value.slice(0, ext.index) : value;
  const country = /^(?:\+|00)86[\s-]?/.exec(number)?.[0] ?? '';
  const rest = number.slice(country.length);
  const digits = rest.replace(/\D/g, '');
  const head = /^[48]00/.test(digits) ? 3 : /^0(?:10|2\d)/.test(digits) ? 3 : 4;
  return country + starDigits(rest, head, 4) + (ext?.[0] ?? '');
}

/** `+1 415 555 0100` → `+1 *** *** 0100`; `(415) 555-0100` → `(***) ***-0100`. */
export function maskIntlPhone(value: string): string {
  const code = /^(?:\+|00)(\d{1,3})[\s.-]/.exec(value)?.[1]?.length ?? (/^(?:\+|00)/.test(value) ? 2 : 0);
  return starDigits(value, code, 4);
}

/**
 * A stored phone number with its middle hidden: a mainland mobile's first 3
 * and last 4 digits (`+8613812345678` → `138****5678`), any other number's
 * first 3 and last 4 (`+14155550123` → `+141****0123`); too short to keep anything: `****`.
 *
 * @example maskPhoneNumber('+8613812345678') // '138****5678'
 */
export function maskPhoneNumber(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const international = /^\s*(?:\+|00)/.test(phone);
  const digits = phone.replace(/\D/g, '').replace(international ? /^0*/ : /^$/, '');
  const chinaMobile = (international ? /^86(1[3-9]\d{9})$/ : /^(?:86)?(1[3-9]\d{9})$/).exec(digits)?.[1];
  const shown = chinaMobile ?? digits;
  if (shown.length < 8) return '****';
  const plus = international && !chinaMobile ? '+' : '';
  return `${plus}${shown.slice(0, 3)}****${shown.slice(-4)}`;
}
