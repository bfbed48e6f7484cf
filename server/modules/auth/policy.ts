import type { Access } from '../../lib/http.ts';

export const authPolicy = {
  login: 'public',
  me: 'authenticated',
  updateProfile: 'user',
  logout: 'user',
  changePassword: 'user',
  /** The second sign-in step: the challenge token is the capability. */
  secondStep: 'public',
  /** One's own two-factor authentication. */
  twoFactor: 'user',
  readSettings: 'workspace.read',
  manageSettings: 'workspace.manage',
  lockout: 'users.manage',
} as const satisfies Record<string, Access>;
