import type { Access } from '../../lib/http.ts';

/** Who may do what in routing: everyone who works conversations reads; admins and operators configure. */
export const routingPolicy = {
  /** Own profile and presence (people only, checked before the body). */
  me: 'routing.read',
  read: 'routing.read',
  manage: 'routing.manage',
  /** Claiming and transferring are conversation work (agents, admins). */
  claim: 'conversations.manage',
  transfer: 'conversations.manage',
} as const satisfies Record<string, Access>;
