/** The word a picker works on: where it starts and ends in the draft, and what follows its trigger character. */
export interface CaretToken {
  start: number;
  end: number;
  query: string;
}

/**
 * The `trigger` word the caret stands in ("/" for canned responses, "@" for
 * mentions): the trigger at the start of the text or after a space, then
 * non-space characters up to the caret, and the caret at the word's end.
 *
 * @example tokenAt('hi /than', 8, '/') // { start: 3, end: 8, query: 'than' }
 */
export function tokenAt(text: string, caret: number, trigger: string): CaretToken | null {
  const before = text.slice(0, caret);
  const start = Math.max(before.lastIndexOf(' '), before.lastIndexOf('\n'), before.lastIndexOf('\t')) + 1;
  if (before[start] !== trigger) return null;
  if (caret < text.length && !/\s/.test(text[caret]!)) return null;
  return { start, end: caret, query: before.slice(start + 1) };
}

/** The draft with `token` replaced by `value`, and where the caret goes (right after the value). */
export function replaceToken(text: string, token: CaretToken, value: string): { text: string; caret: number } {
  return { text: text.slice(0, token.start) + value + text.slice(token.end), caret: token.start + value.length };
}

/** `value` inserted at the caret, with a space before it when it would otherwise join the previous word. */
export function insertAtCaret(text: string, caret: number, value: string): { text: string; caret: number } {
  const glue = caret > 0 && !/\s/.test(text[caret - 1]!) ? ' ' : '';
  const inserted = glue + value;
  return { text: text.slice(0, caret) + inserted + text.slice(caret), caret: caret + inserted.length };
}
