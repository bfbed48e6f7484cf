/** The word a picker works on: where it starts and ends in the draft, and what follows its trigger character. */
export interface CaretToken {
  start: number;
  end: number;
  query: string;
}

/** A trigger right after a Latin letter, digit or sign is part of a word (an email, a URL, a fraction), not a trigger. */
const joinsWord = (ch: string | undefined) => ch !== undefined && !/\s/.test(ch) && ch.charCodeAt(0) <= 0x7f;

/**
 * The `trigger` word the caret stands in ("/" for canned responses, "@" for
 * mentions): the trigger at the start, after a space or after Chinese text
 * (which has no spaces), then non-space characters up to the caret.
 *
 * @example tokenAt('hi /than', 8, '/') // { start: 3, end: 8, query: 'than' }
 * @example tokenAt('请@张', 3, '@') // { start: 1, end: 3, query: '张' }
 */
export function tokenAt(text: string, caret: number, trigger: string): CaretToken | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf(trigger);
  if (start < 0 || joinsWord(before[start - 1])) return null;
  const query = before.slice(start + 1);
  return /\s/.test(query) ? null : { start, end: caret, query };
}

/** The draft with `token` replaced by `value`, and where the caret goes (right after the value). */
export function replaceToken(text: string, token: CaretToken, value: string): { text: string; caret: number } {
  return { text: text.slice(0, token.start) + value + text.slice(token.end), caret: token.start + value.length };
}

/** `value` inserted at the caret, with a space before it when it would otherwise join a Latin word. */
export function insertAtCaret(text: string, caret: number, value: string): { text: string; caret: number } {
  const glue = joinsWord(text[caret - 1]) ? ' ' : '';
  const inserted = glue + value;
  return { text: text.slice(0, caret) + inserted + text.slice(caret), caret: caret + inserted.length };
}
