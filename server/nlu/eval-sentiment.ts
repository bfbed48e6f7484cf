import type { EvalOptions } from './eval-types.ts';

/** Placeholder until the sentiment evaluator lands (being written now). */
export function evalSentiment(options: EvalOptions): Promise<Record<string, unknown>> {
  return Promise.reject(new Error(`eval sentiment is not built yet (${options.lang})`));
}
