import type { Access } from '../../lib/http.ts';

/** Votes are cast on the public help center (server/portal); reading them is for whoever reads the knowledge base. */
export const helpcenterPolicy = {
  counts: 'knowledge.read',
  comments: 'knowledge.read',
} as const satisfies Record<string, Access>;
