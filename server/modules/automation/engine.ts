import type { Condition, ConditionSet } from './rules.ts';
import type { ConditionResult, SubjectType } from './schema.ts';

/** What a rule sees of a conversation or ticket at one event: field values by condition field name. */
export interface SubjectFacts {
  type: SubjectType;
  id: string;
  workspaceId: string;
  /** `status`, `priority`, `labels`, `message.text`, `emotion`, `custom.<key>`… (see rules.ts `conditionFields`). */
  fields: Record<string, unknown>;
  /** Condition field names this event changed (for `changed`, `changed_to`). */
  changes: string[];
}

const PRIORITY_RANK: Record<string, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

const lower = (v: unknown) => (v === null || v === undefined ? '' : String(v).toLowerCase());
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** Equal as a person means it: `'3' = 3`, case-insensitive text, a list field equals a value it holds. */
function equals(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((a) => equals(a, expected));
  if (typeof expected === 'boolean' || typeof actual === 'boolean') return actual === expected || lower(actual) === lower(expected);
  if (expected === null || actual === null || actual === undefined) return (actual ?? null) === expected;
  return lower(actual) === lower(expected);
}

/** A number to compare: priorities by rank, dates by time, otherwise the number itself. */
function rank(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' && v in PRIORITY_RANK) return PRIORITY_RANK[v]!;
  return Number(v);
}

/** Text contains any of the given words (case-insensitive; Chinese works as substring search needs no tokens). */
function contains(actual: unknown, expected: unknown): boolean {
  const words = list(expected).map(lower).filter(Boolean);
  if (Array.isArray(actual)) return actual.some((a) => words.some((w) => lower(a) === w));
  const text = lower(actual);
  return words.some((w) => text.includes(w));
}

function hoursSince(actual: unknown, now: number): number {
  const t = actual instanceof Date ? actual.getTime() : typeof actual === 'string' ? Date.parse(actual) : NaN;
  return Number.isNaN(t) ? -1 : (now - t) / 3_600_000;
}

/**
 * One condition against the facts.
 *
 * @example testCondition({ field: 'message.text', op: 'contains', value: '投诉' }, facts, Date.now()) // true when the message says 投诉
 */
export function testCondition(condition: Condition, facts: SubjectFacts, now: number): boolean {
  const actual = facts.fields[condition.field];
  const { value } = condition;
  switch (condition.op) {
    case 'eq':
      return equals(actual, value);
    case 'neq':
      return !equals(actual, value);
    case 'in':
      return list(value).some((v) => equals(actual, v));
    case 'not_in':
      return !list(value).some((v) => equals(actual, v));
    case 'contains':
      return contains(actual, value);
    case 'not_contains':
      return !contains(actual, value);
    case 'gt':
      return rank(actual) > rank(value);
    case 'lt':
      return rank(actual) < rank(value);
    case 'changed':
      return facts.changes.includes(condition.field);
    case 'changed_to':
      return facts.changes.includes(condition.field) && equals(actual, value);
    case 'hours_since': {
      const hours = hoursSince(actual, now);
      return hours >= 0 && hours >= Number(value);
    }
  }
}

/**
 * Evaluate a rule's conditions: every `all` holds and, when there are `any`
 * conditions, at least one of them. No conditions at all always matches.
 * Returns each condition's verdict and the value it saw, for the log and dry runs.
 */
export function evaluateConditions(set: ConditionSet, facts: SubjectFacts, now: number): { matched: boolean; results: ConditionResult[] } {
  const judge = (group: 'all' | 'any') => (c: Condition) => ({
    group,
    field: c.field,
    op: c.op,
    value: c.value ?? null,
    actual: present(facts.fields[c.field]),
    matched: testCondition(c, facts, now),
  });
  const all = set.all.map(judge('all'));
  const any = set.any.map(judge('any'));
  const matched = all.every((r) => r.matched) && (any.length === 0 || any.some((r) => r.matched));
  return { matched, results: [...all, ...any] };
}

/** A value as the log shows it: dates as ISO text, long texts cut. */
function present(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' && v.length > 200) return `${v.slice(0, 200)}…`;
  return v ?? null;
}
