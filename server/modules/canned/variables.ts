import { maskPhoneNumber } from '../pii/index.ts';

/** The variables a canned response may use, filled when an agent inserts it. */
export const cannedVariables = ['contact.name', 'contact.email', 'contact.phone', 'agent.name', 'conversation.id', 'inbox.name'] as const;
export type CannedVariable = (typeof cannedVariables)[number];

/** Values for one insert; a missing value (a contact without email) fills in as empty text. */
export type VariableValues = Partial<Record<CannedVariable, string | null>>;

const KNOWN = new Set<string>(cannedVariables);
const PLACEHOLDER = /\{\{\s*([a-z_]+(?:\.[a-z_]+)*)\s*\}\}/gi;

/**
 * Fill `{{contact.name}}`-style placeholders (spaces inside the braces
 * allowed). Unknown ones (`{{order.id}}`, a typo) stay as written, so the
 * agent sees them before sending.
 *
 * @example fillVariables('您好 {{contact.name}}，{{order.id}}', { 'contact.name': '张三' }) // '您好 张三，{{order.id}}'
 */
export function fillVariables(template: string, values: VariableValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const key = name.toLowerCase();
    return KNOWN.has(key) ? (values[key as CannedVariable] ?? '') : whole;
  });
}

/**
 * A phone number with its middle hidden, the way Chinese services show it:
 * the national number's first 3 and last 4 digits (`+8613812345678` →
 * `138****5678`). Numbers too short to keep anything show as `****`.
 * The pii module owns the rule; canned replies use it for `{{contact.phone}}`.
 *
 * @example maskPhone('+8613812345678') // '138****5678'
 */
export const maskPhone: (phone: string | null | undefined) => string | null = maskPhoneNumber;
