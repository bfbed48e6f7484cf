import type { Access } from '../../lib/http.ts';

export const authPolicy = {
  login: 'public',
  me: 'authenticated',
  logout: 'authenticated',
  changePassword: 'authenticated',
  manageApiKeys: 'api_keys.manage',
} as const satisfies Record<string, Access>;
