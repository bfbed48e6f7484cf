import type { Access } from '../../lib/http.ts';

export const inboxesPolicy = {
  list: 'conversations.read',
  read: 'conversations.read',
  create: 'inboxes.manage',
  update: 'inboxes.manage',
} as const satisfies Record<string, Access>;
