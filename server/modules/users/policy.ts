import type { Access } from '../../lib/http.ts';

/** What each user, role and invitation action requires. */
export const usersPolicy = {
  listUsers: 'users.read',
  readUser: 'users.read',
  updateUser: 'users.manage',
  invite: 'users.manage',
  listInvitations: 'users.manage',
  revokeInvitation: 'users.manage',
  acceptInvitation: 'public',
  listRoles: 'users.read',
  manageRoles: 'roles.manage',
  manageApiKeys: 'api_keys.manage',
} as const satisfies Record<string, Access>;
