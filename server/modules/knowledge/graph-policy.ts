import type { Access } from '../../lib/http.ts';

/** Reading the graph is for everyone who reads the knowledge base; changing it is for knowledge managers. */
export const graphPolicy = {
  read: 'knowledge.read',
  write: 'knowledge.manage',
} as const satisfies Record<string, Access>;
