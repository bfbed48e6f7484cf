import type { Access } from '../../lib/http.ts';

/** Everyone reads the knowledge base (agents answer from it); editors (knowledge.manage) change it. */
export const knowledgePolicy = {
  list: 'knowledge.read',
  read: 'knowledge.read',
  create: 'knowledge.manage',
  update: 'knowledge.manage',
  delete: 'knowledge.manage',
  history: 'knowledge.read',
  rollback: 'knowledge.manage',
  categories: 'knowledge.read',
  moveCategory: 'knowledge.manage',
  translations: 'knowledge.read',
  translate: 'knowledge.manage',
} as const satisfies Record<string, Access>;
