import type { RememberedEntity } from './summary.ts';

const SECTION = /\{([#^])([a-z][a-z0-9_]*)\}([\s\S]*?)\{\/\2\}/g;
const VALUE = /\{([a-z][a-z0-9_]*)\}/g;

/**
 * Fill an intent's response from what the customer has said so far: `{type}`
 * is the latest entity of that type (empty when none), `{#type}…{/type}` is
 * kept only when one is known and `{^type}…{/type}` only when none is — so
 * an answer need not ask for an order number the customer already gave.
 * Sections do not nest.
 *
 * @example
 * fillResponse('{#order_number}Order {order_number}.{/order_number}{^order_number}Which order?{/order_number}', [])
 * // → 'Which order?'
 */
export function fillResponse(template: string, entities: readonly RememberedEntity[]): string {
  const known = (type: string) => entities.find((e) => e.type === type)?.text;
  return template
    .replace(SECTION, (_, mark: string, type: string, body: string) => ((known(type) !== undefined) === (mark === '#') ? body : ''))
    .replace(VALUE, (_, type: string) => known(type) ?? '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}
