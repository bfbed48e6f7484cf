import type { Lang } from './types.ts';

/** What `npm run kefu -- eval <kind>` hands an evaluator. Paths are as given on the command line. */
export interface EvalOptions {
  train?: string;
  test?: string;
  pairs?: string;
  lang: Lang | 'auto';
  /** Progress for a person watching (stderr); the result object is the only stdout. */
  log(line: string): void;
}
