import type { Access } from '../../lib/http.ts';

/** Agents read and work tickets; admins and operators also shape the categories and custom fields. */
export const ticketsPolicy = {
  list: 'tickets.read',
  read: 'tickets.read',
  create: 'tickets.manage',
  update: 'tickets.manage',
  reply: 'tickets.manage',
  merge: 'tickets.manage',
  split: 'tickets.manage',
  link: 'tickets.manage',
  readConfig: 'tickets.read',
  configure: 'tickets.configure',
} as const satisfies Record<string, Access>;
