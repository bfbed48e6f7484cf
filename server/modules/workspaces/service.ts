import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { findWorkspaceById, findWorkspaceBySlug, insertWorkspace, updateWorkspaceRow } from './repo.ts';
import type { WorkspaceRow } from './schema.ts';

export const locale = z.enum(['zh-CN', 'en']);

export const workspacePatch = z
  .object({
    name: z.string().trim().min(1).max(120),
    industry: z.enum(['ecommerce', 'finance', 'retail', 'public_service', 'general']),
    defaultLocale: locale,
    locales: z.array(locale).min(1).max(2),
    timezone: z.string().refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', 'unknown IANA time zone'),
  })
  .partial()
  .strict();

export type WorkspacePatch = z.infer<typeof workspacePatch>;

export async function getWorkspace(db: DbOrTx, id: string): Promise<WorkspaceRow> {
  const row = await findWorkspaceById(db, id);
  if (!row) throw appError('not_found');
  return row;
}

export { findWorkspaceBySlug };

/** Insert a workspace row inside a caller's transaction (see flows/create-workspace). */
export async function insertNewWorkspace(
  tx: DbOrTx,
  input: { name: string; slug: string; industry?: WorkspaceRow['industry']; defaultLocale?: string },
): Promise<WorkspaceRow> {
  return insertWorkspace(tx, { id: newId('workspace'), ...input });
}

/** Change workspace settings; the old and new values go to the audit log. */
export async function updateWorkspace(ctx: AppContext, actor: Actor, patch: WorkspacePatch): Promise<WorkspaceRow> {
  const workspaceId = actor.principal.workspaceId;
  if (Object.keys(patch).length === 0) return getWorkspace(ctx.db, workspaceId); // nothing to change, nothing to audit
  const merged = { ...patch };
  const row = await ctx.db.transaction(async (tx) => {
    const before = await getWorkspace(tx, workspaceId);
    const locales = merged.locales ?? before.locales;
    const defaultLocale = merged.defaultLocale ?? before.defaultLocale;
    if (!locales.includes(defaultLocale)) {
      throw appError('validation_failed', [{ path: ['defaultLocale'], message: 'must be one of locales' }]);
    }
    const after = await updateWorkspaceRow(tx, workspaceId, merged);
    const keys = Object.keys(merged) as (keyof WorkspacePatch)[];
    await recordAudit(tx, actor, {
      action: 'workspace.updated',
      targetType: 'workspace',
      targetId: workspaceId,
      ...changedFields(before, after, keys),
    });
    return after;
  });
  ctx.bus.emit('workspace.updated', { workspaceId, changes: Object.keys(patch) });
  return row;
}
