import type { Permission } from './permissions.ts';

/** Who is calling: a signed-in user or an API key, always inside one workspace. */
export interface Principal {
  kind: 'user' | 'api_key';
  id: string;
  workspaceId: string;
  roleId: string;
  permissions: ReadonlySet<Permission>;
  /** Set for users: the session the request came with. */
  sessionId?: string;
}

/** The principal plus request facts that audit rows record. */
export interface Actor {
  principal: Principal;
  requestId: string;
  ip: string;
}

/** An actor for work Kefu does on its own (seeding, jobs): audited as `system`. */
export function systemActor(workspaceId: string): Actor {
  return {
    principal: { kind: 'api_key', id: 'system', workspaceId, roleId: 'system', permissions: new Set() },
    requestId: 'system',
    ip: '127.0.0.1',
  };
}

export function isSystemActor(actor: Actor): boolean {
  return actor.principal.id === 'system';
}
