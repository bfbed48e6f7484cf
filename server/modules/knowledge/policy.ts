import type { Access } from '../../lib/http.ts';

export const knowledgePolicy = {
  list: 'knowledge.read',
  read: 'knowledge.read',
  create: 'knowledge.manage',
  update: 'knowledge.manage',
  delete: 'knowledge.manage',
} as const satisfies Record<string, Access>;
