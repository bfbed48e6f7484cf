import type { Access } from '../../lib/http.ts';

/**
 * Tasks are staff to-dos: whoever holds `tasks.read` (agents, operators,
 * admins — the supervisors who follow up bad ratings) sees the workspace's
 * tasks; `tasks.manage` creates, completes and reassigns them.
 */
export const tasksPolicy = {
  list: 'tasks.read',
  read: 'tasks.read',
  create: 'tasks.manage',
  complete: 'tasks.manage',
  reassign: 'tasks.manage',
} as const satisfies Record<string, Access>;
