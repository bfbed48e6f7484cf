import type { Access } from '../../lib/http.ts';

/** Anyone who reads the knowledge base sees the suggestions; editors of it decide them and re-run mining. */
export const gapsPolicy = {
  list: 'knowledge.read',
  read: 'knowledge.read',
  accept: 'knowledge.manage',
  reject: 'knowledge.manage',
  mine: 'knowledge.manage',
} as const satisfies Record<string, Access>;
