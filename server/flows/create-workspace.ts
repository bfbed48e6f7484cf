import type { AppContext } from '../context.ts';
import type { Actor } from '../lib/principal.ts';
import { systemActor } from '../lib/principal.ts';
import { recordAudit } from '../modules/audit/index.ts';
import { createBuiltinRoles, createUserWithPassword, type RoleRow, type UserRow } from '../modules/users/index.ts';
import { insertNewWorkspace, type WorkspaceRow } from '../modules/workspaces/index.ts';

export interface NewWorkspace {
  name: string;
  slug: string;
  industry?: WorkspaceRow['industry'];
  defaultLocale?: 'zh-CN' | 'en';
  admin: { email: string; name: string; password: string };
  /** More people to add with their built-in role (the demo seed adds an agent and an operator). */
  members?: { email: string; name: string; password: string; role: 'agent' | 'operator' | 'admin' }[];
}

/**
 * Create a tenant with its built-in roles and first admin, all in one
 * transaction: a crash leaves either the whole workspace or nothing.
 *
 * Steps: workspace row → roles admin/agent/operator → admin user → audit.
 */
export async function createWorkspace(
  ctx: AppContext,
  input: NewWorkspace,
): Promise<{ workspace: WorkspaceRow; roles: Record<'admin' | 'agent' | 'operator', RoleRow>; admin: UserRow }> {
  const result = await ctx.db.transaction(async (tx) => {
    const workspace = await insertNewWorkspace(tx, {
      name: input.name,
      slug: input.slug,
      industry: input.industry,
      defaultLocale: input.defaultLocale,
    });
    const actor: Actor = systemActor(workspace.id);
    await recordAudit(tx, actor, {
      action: 'workspace.created',
      targetType: 'workspace',
      targetId: workspace.id,
      after: { name: input.name, slug: input.slug },
    });
    const roles = await createBuiltinRoles(tx, workspace.id);
    const admin = await createUserWithPassword(tx, actor, { ...input.admin, roleId: roles.admin.id, locale: workspace.defaultLocale });
    for (const member of input.members ?? []) {
      await createUserWithPassword(tx, actor, { ...member, roleId: roles[member.role].id, locale: workspace.defaultLocale });
    }
    return { workspace, roles, admin };
  });
  ctx.bus.emit('workspace.created', { workspaceId: result.workspace.id, name: result.workspace.name });
  return result;
}
