import type { Access } from '../../lib/http.ts';

export const botPolicy = {
  read: 'knowledge.read',
  manage: 'bot.manage',
  requests: 'conversations.read',
} as const satisfies Record<string, Access>;
