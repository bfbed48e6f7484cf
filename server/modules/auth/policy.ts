import type { Access } from '../../lib/http.ts';

export const authPolicy = {
  login: 'public',
  me: 'authenticated',
  updateProfile: 'user',
  logout: 'user',
  changePassword: 'user',
} as const satisfies Record<string, Access>;
