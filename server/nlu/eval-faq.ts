import type { EvalOptions } from './eval-types.ts';

/** Placeholder until the faq evaluator lands (being written now). */
export function evalFaq(options: EvalOptions): Promise<Record<string, unknown>> {
  return Promise.reject(new Error(`eval faq is not built yet (${options.lang})`));
}
