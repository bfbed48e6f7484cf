import type { EvalOptions } from './eval-types.ts';

/** Placeholder until the intent evaluator lands (being written now). */
export function evalIntent(options: EvalOptions): Promise<Record<string, unknown>> {
  return Promise.reject(new Error(`eval intent is not built yet (${options.lang})`));
}
