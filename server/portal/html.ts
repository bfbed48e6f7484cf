/**
 * The help center's only way to build HTML: a tagged template that escapes
 * every interpolated value unless it is already `SafeHtml` (the output of
 * another `markup` template, or an explicit {@link trustedHtml}). Customer and
 * editor text therefore can never become markup. (Named `markup`, not `html`,
 * so Prettier leaves the templates as written instead of reformatting them.)
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/**
 * Escape text for an HTML text node or a quoted attribute value.
 *
 * @example escapeHtml('<b>"x"</b>') // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

/** A value allowed inside `markup`: text (escaped), numbers, safe fragments, lists of these; null/undefined/false print nothing. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Build HTML with every `${value}` escaped.
 *
 * @example markup`<h1>${title}</h1><ul>${items.map((i) => markup`<li>${i}</li>`)}</ul>`
 */
export function markup(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => (out += render(value) + strings[i + 1]!));
  return new SafeHtml(out);
}

/**
 * Mark markup as safe without escaping. Only for HTML a trusted renderer
 * produced (e.g. an article's Markdown rendered with raw HTML disabled) —
 * never for text a person typed.
 */
export function trustedHtml(fragment: string): SafeHtml {
  return new SafeHtml(fragment);
}

/**
 * Plain text as paragraphs: blank lines split paragraphs, single newlines become `<br>`.
 *
 * @example textParagraphs('a\nb\n\nc') // <p>a<br>b</p><p>c</p>
 */
export function textParagraphs(text: string): SafeHtml {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return markup`${paragraphs.map((p) => markup`<p>${p.split('\n').map((line, i) => (i === 0 ? markup`${line}` : markup`<br />${line}`))}</p>`)}`;
}

/** JSON for a `<script type="application/ld+json">` block: `<` is escaped so no text can close the script element. */
export function jsonScript(value: unknown): SafeHtml {
  return new SafeHtml(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}
