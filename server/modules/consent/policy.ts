import type { Access } from '../../lib/http.ts';

export const consentPolicy = {
  list: 'contacts.read',
  record: 'contacts.manage',
} as const satisfies Record<string, Access>;
