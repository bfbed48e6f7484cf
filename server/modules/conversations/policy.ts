import type { Access } from '../../lib/http.ts';

export const conversationsPolicy = {
  list: 'conversations.read',
  read: 'conversations.read',
  update: 'conversations.manage',
  reply: 'messages.send',
  timeline: 'contacts.read',
  /** One's own @mentions (people only). */
  mentions: 'conversations.read',
} as const satisfies Record<string, Access>;
