import type { Access } from '../../lib/http.ts';

/** What each workspace action requires. */
export const workspacePolicy = {
  read: 'workspace.read',
  update: 'workspace.manage',
} as const satisfies Record<string, Access>;
