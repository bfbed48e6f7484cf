import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { portalGrants, portalSessions } from './schema.ts';

/** End every help center sign-in link, ticket link and session of these contacts. Returns rows deleted. */
export async function deletePortalAccessOf(db: DbOrTx, workspaceId: string, contactIds: string[]): Promise<number> {
  if (contactIds.length === 0) return 0;
  const grants = await db
    .delete(portalGrants)
    .where(and(eq(portalGrants.workspaceId, workspaceId), inArray(portalGrants.contactId, contactIds)))
    .returning({ id: portalGrants.tokenHash });
  const sessions = await db
    .delete(portalSessions)
    .where(and(eq(portalSessions.workspaceId, workspaceId), inArray(portalSessions.contactId, contactIds)))
    .returning({ id: portalSessions.tokenHash });
  return grants.length + sessions.length;
}
