import type { Access } from '../../lib/http.ts';

/** Rules change what happens to every conversation: only those who may manage automation see or touch them. */
export const automationPolicy = {
  list: 'automation.manage',
  read: 'automation.manage',
  create: 'automation.manage',
  update: 'automation.manage',
  delete: 'automation.manage',
  reorder: 'automation.manage',
  test: 'automation.manage',
  runs: 'automation.manage',
} as const satisfies Record<string, Access>;
