import type { Access } from '../../lib/http.ts';

export const contactsPolicy = {
  list: 'contacts.read',
  read: 'contacts.read',
  update: 'contacts.manage',
  merge: 'contacts.manage',
} as const satisfies Record<string, Access>;
