import { appError } from '../../lib/errors.ts';
import type { Access } from '../../lib/http.ts';
import type { Permission } from '../../lib/permissions.ts';
import type { Principal } from '../../lib/principal.ts';
import type { CannedScope } from './schema.ts';

/**
 * Reading needs `knowledge.read`; rendering into a conversation needs
 * `conversations.read`. Writes are open to any caller at the route and
 * decided per scope by {@link assertCanWrite}: the workspace's responses
 * need `knowledge.manage`, personal ones `messages.send` and a person.
 */
export const cannedPolicy = {
  list: 'knowledge.read',
  render: 'conversations.read',
  write: 'authenticated',
} as const satisfies Record<string, Access>;

const WRITE_PERMISSION: Record<CannedScope, Permission> = {
  workspace: 'knowledge.manage',
  personal: 'messages.send',
};

/** Throws `forbidden` unless the principal may create, change or delete responses of this scope. */
export function assertCanWrite(principal: Principal, scope: CannedScope): void {
  if (!principal.permissions.has(WRITE_PERMISSION[scope])) throw appError('forbidden');
  if (scope === 'personal' && principal.kind !== 'user') throw appError('forbidden');
}
