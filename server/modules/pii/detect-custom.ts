import type { Found } from './detect-text.ts';

/**
 * Workspaces' own patterns (a membership number, an internal account id).
 * A pattern is checked before it is saved — it must compile, be short, not
 * match the empty string, and not nest unbounded quantifiers (`(a+)+`, the
 * shape that backtracks catastrophically) — and it only ever reads the first
 * `CUSTOM_INPUT_CAP` characters of a text.
 */

/** Longest pattern a workspace may save. */
export const CUSTOM_PATTERN_MAX_LENGTH = 200;
/** Custom patterns read at most this many characters of a text. */
export const CUSTOM_INPUT_CAP = 4000;

/** Why a custom pattern was refused; stable codes the policy layer maps to a 400. */
export type CustomPatternProblem =
  'empty' | 'too_long' | 'invalid_syntax' | 'matches_empty' | 'nested_quantifier' | 'adjacent_quantifiers' | 'backreference';

export type CustomPatternCheck = { ok: true } | { ok: false; reason: CustomPatternProblem; message: string };

const MESSAGES: Record<CustomPatternProblem, string> = {
  empty: 'The pattern is empty.',
  too_long: `The pattern is longer than ${CUSTOM_PATTERN_MAX_LENGTH} characters.`,
  invalid_syntax: 'The pattern is not a valid regular expression.',
  matches_empty: 'The pattern matches an empty string; it must match at least one character.',
  nested_quantifier: 'The pattern repeats a group that itself repeats (like (a+)+), which can take exponential time.',
  adjacent_quantifiers:
    'Two repeated parts that can match the same characters follow each other (like \\d+\\d*); separate them or bound them ({1,20}).',
  backreference: 'Backreferences (\\1, \\k<name>) are not allowed.',
};

/** What characters an atom can match, coarsely: digits, letters, word characters, spaces, one literal, or anything. */
type Reach = 'digit' | 'alpha' | 'word' | 'space' | 'any' | { literal: string };
const ATOM = /\\[dDwWsS]|\\.|\[(?:\\.|[^\]\\])*\]|\((?:\?(?:[:=!]|<[=!]))?|\)|[^\\[()]/gu;
const QUANT = /^(?:[*+]|\{\d+,\})\??/;

function reach(atom: string): Reach {
  if (atom === '\\d' || /^\[(?:0-9)+\]$/.test(atom)) return 'digit';
  if (/^\[(?:A-Z|a-z)+\]$/.test(atom)) return 'alpha';
  if (atom === '\\w' || /^\[(?:A-Z|a-z|0-9|_)+\]$/.test(atom)) return 'word';
  if (atom === '\\s') return 'space';
  if (/^(?:\\[^dDwWsSbB]|[^.\\])$/u.test(atom)) return { literal: atom.replace(/^\\/, '') };
  return 'any';
}

const CLASS: Record<'digit' | 'alpha' | 'word' | 'space', RegExp> = { digit: /\d/, alpha: /[A-Za-z]/, word: /\w/, space: /\s/ };

function overlap(a: Reach, b: Reach): boolean {
  if (a === 'any' || b === 'any') return true;
  if (typeof a === 'object' && typeof b === 'object') return a.literal === b.literal;
  if (typeof a === 'object') return CLASS[b as keyof typeof CLASS].test(a.literal);
  if (typeof b === 'object') return CLASS[a].test(b.literal);
  if (a === b) return true;
  const pair = new Set([a, b]);
  return pair.has('word') && !pair.has('space');
}

/** Two unbounded repeats in a row that can match the same text (`\d*\d*x`) backtrack polynomially. */
function hasAdjacentQuantifiers(source: string): boolean {
  const atoms = new RegExp(ATOM.source, 'gu');
  let previous: Reach | null = null;
  for (let m = atoms.exec(source); m; m = atoms.exec(source)) {
    const quant = QUANT.exec(source.slice(atoms.lastIndex));
    const here = m[0].startsWith('(') || m[0] === ')' ? null : reach(m[0]);
    if (quant && here && previous && overlap(previous, here)) return true;
    previous = quant ? here : null;
    if (quant) atoms.lastIndex += quant[0].length;
  }
  return false;
}

const fail = (reason: CustomPatternProblem): CustomPatternCheck => ({ ok: false, reason, message: MESSAGES[reason] });

/** Whether a group body repeats (*, +, {n,m}) or alternates, outside escapes and character classes. */
function repeatsInside(body: string): boolean {
  const plain = body.replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'x');
  return /[*+|]|\{\d+,\d*\}/.test(plain);
}

/** Find a quantified group whose body repeats, walking the pattern's parentheses once. */
function hasNestedQuantifier(source: string): boolean {
  const opens: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
    else if (c === '(') opens.push(i);
    else if (c === ')') {
      const open = opens.pop() ?? 0;
      if (/^(?:[*+]|\{\d+,\d*\})/.test(source.slice(i + 1)) && repeatsInside(source.slice(open + 1, i))) return true;
    }
  }
  return false;
}

/**
 * Check a workspace's custom pattern before it is saved.
 * @example validateCustomPattern('VIP\\d{8}') // { ok: true }
 * @example validateCustomPattern('(a+)+$').ok // false
 */
export function validateCustomPattern(p: string | { pattern: string }): CustomPatternCheck {
  const source = typeof p === 'string' ? p : p.pattern;
  if (!source) return fail('empty');
  if (source.length > CUSTOM_PATTERN_MAX_LENGTH) return fail('too_long');
  let re: RegExp;
  try {
    re = new RegExp(source, 'u');
  } catch {
    return fail('invalid_syntax');
  }
  if (/\\[1-9]|\\k</.test(source)) return fail('backreference');
  if (hasNestedQuantifier(source)) return fail('nested_quantifier');
  if (hasAdjacentQuantifiers(source)) return fail('adjacent_quantifiers');
  if (re.test('')) return fail('matches_empty');
  return { ok: true };
}

const compiled = new Map<string, RegExp | null>();

/** The compiled pattern, or null when it does not pass `validateCustomPattern` (it is then skipped, never thrown). */
function compile(source: string): RegExp | null {
  let re = compiled.get(source);
  if (re === undefined) {
    re = validateCustomPattern(source).ok ? new RegExp(source, 'gu') : null;
    if (compiled.size > 1000) compiled.clear();
    compiled.set(source, re);
  }
  return re;
}

/** Matches of one custom pattern in the first `CUSTOM_INPUT_CAP` characters of `norm`. */
export function* scanCustom(text: string, norm: string, source: string): Iterable<Found> {
  const re = compile(source);
  if (!re) return;
  for (const m of norm.slice(0, CUSTOM_INPUT_CAP).matchAll(re)) {
    if (!m[0]) continue;
    yield { start: m.index, end: m.index + m[0].length, value: text.slice(m.index, m.index + m[0].length) };
  }
}
