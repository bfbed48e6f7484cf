import { AsyncLocalStorage } from 'node:async_hooks';

/** A rule that acted, and on what: one link of the causation chain. */
export interface ChainLink {
  ruleId: string;
  subjectId: string;
}

/** The chain of rules whose actions are running now (carried to the events they cause). */
interface AutomationScope {
  chain: ChainLink[];
}

/** How many rules may follow from one another's actions before the guard stops the chain. */
export const MAX_DEPTH = 5;
/** How often one rule may act on one subject per hour. */
export const RATE_CAP_PER_HOUR = 10;

const scope = new AsyncLocalStorage<AutomationScope>();

/**
 * The causation chain of the current code: the rules whose actions led here.
 * Events emitted inside {@link withinRule} carry it to their listeners (the
 * bus runs them in promise continuations, which keep the async context), so
 * a rule's action that changes the subject is recognised when it comes back.
 */
export function currentChain(): ChainLink[] {
  return scope.getStore()?.chain ?? [];
}

/** Run `fn` (a rule's actions) with the rule added to the chain. */
export function withinRule<T>(chain: ChainLink[], link: ChainLink, fn: () => Promise<T>): Promise<T> {
  return scope.run({ chain: [...chain, link] }, fn);
}

export type LoopVerdict = { stop: false } | { stop: true; reason: 'same_rule_in_chain' | 'depth' | 'rate_cap' };

/**
 * Whether the guard stops `ruleId` on `subjectId`: it already acted on the
 * subject in this chain (the rule would undo or repeat its own effect), the
 * chain is {@link MAX_DEPTH} deep, or it acted {@link RATE_CAP_PER_HOUR} times
 * on the subject in the last hour.
 *
 * @example judgeLoop([{ ruleId: 'rule_a', subjectId: 'conv_1' }], 'rule_a', 'conv_1', 0) // { stop: true, reason: 'same_rule_in_chain' }
 */
export function judgeLoop(chain: ChainLink[], ruleId: string, subjectId: string, runsLastHour: number): LoopVerdict {
  if (chain.some((l) => l.ruleId === ruleId && l.subjectId === subjectId)) return { stop: true, reason: 'same_rule_in_chain' };
  if (chain.length >= MAX_DEPTH) return { stop: true, reason: 'depth' };
  if (runsLastHour >= RATE_CAP_PER_HOUR) return { stop: true, reason: 'rate_cap' };
  return { stop: false };
}
