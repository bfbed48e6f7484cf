import type { Access } from '../../lib/http.ts';

/** Importing writes many items at once (editors only); exporting reads what listing already shows. */
export const importPolicy = {
  import: 'knowledge.manage',
  export: 'knowledge.read',
} as const satisfies Record<string, Access>;
