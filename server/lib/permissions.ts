/**
 * Every permission a role can hold. Roles are rows holding a list of these;
 * each module's `policy.ts` says which permission each of its actions needs.
 */
export const permissions = [
  'workspace.read',
  'workspace.manage',
  'users.read',
  'users.manage',
  'roles.manage',
  'api_keys.manage',
  'audit.read',
  'inboxes.manage',
  'contacts.read',
  'contacts.manage',
  'conversations.read',
  'conversations.manage',
  'messages.send',
  'knowledge.read',
  'knowledge.manage',
  'bot.manage',
  'routing.read',
  'routing.manage',
  'tickets.read',
  'tickets.manage',
  'tickets.configure',
  'sla.manage',
  'automation.manage',
  'feedback.read',
  'feedback.manage',
  'tasks.read',
  'tasks.manage',
  'privacy.manage',
  'pii.reveal',
] as const;

export type Permission = (typeof permissions)[number];

export type BuiltinRoleKey = 'admin' | 'agent' | 'operator';

/** The three roles every workspace starts with (管理员 / 客服 / 运营). */
export const builtinRoles: Record<BuiltinRoleKey, { name: string; permissions: readonly Permission[] }> = {
  admin: { name: 'Admin', permissions },
  agent: {
    name: 'Agent',
    permissions: [
      'workspace.read',
      'users.read',
      'contacts.read',
      'contacts.manage',
      'conversations.read',
      'conversations.manage',
      'messages.send',
      'knowledge.read',
      'routing.read',
      'tickets.read',
      'tickets.manage',
      'feedback.read',
      'tasks.read',
      'tasks.manage',
    ],
  },
  operator: {
    name: 'Operator',
    permissions: [
      'workspace.read',
      'users.read',
      'contacts.read',
      'conversations.read',
      'knowledge.read',
      'knowledge.manage',
      'bot.manage',
      'routing.read',
      'routing.manage',
      'tickets.read',
      'tickets.configure',
      'sla.manage',
      'automation.manage',
      'feedback.read',
      'feedback.manage',
      'tasks.read',
    ],
  },
};

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}
