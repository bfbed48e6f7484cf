import { and, eq, inArray, isNotNull, lt, ne, notInArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { auditEvents, type AuditEventRow } from './schema.ts';

/** Audit entries about these objects (data-subject export), oldest first. */
export async function selectAuditAbout(db: DbOrTx, workspaceId: string, targetIds: string[]): Promise<AuditEventRow[]> {
  if (targetIds.length === 0) return [];
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, workspaceId), inArray(auditEvents.targetId, targetIds)))
    .orderBy(auditEvents.id);
}

/**
 * Keep who did what to these objects and when, drop the values (before/after)
 * that may hold personal data; entries of the `keep` actions (earlier erasure
 * certificates) stay whole.
 */
export async function stripAuditValues(db: DbOrTx, workspaceId: string, targetIds: string[], keep: string[]): Promise<number> {
  if (targetIds.length === 0) return 0;
  const rows = await db
    .update(auditEvents)
    .set({ before: null, after: null })
    .where(
      and(
        eq(auditEvents.workspaceId, workspaceId),
        inArray(auditEvents.targetId, targetIds),
        keep.length ? notInArray(auditEvents.action, keep) : undefined,
        or(isNotNull(auditEvents.before), isNotNull(auditEvents.after)),
      ),
    )
    .returning({ id: auditEvents.id });
  return rows.length;
}

/** Delete up to `limit` audit entries older than `cutoff`, except retention runs' own records. Returns rows deleted. */
export async function deleteAuditBefore(db: DbOrTx, workspaceId: string, cutoff: Date, limit: number): Promise<number> {
  const old = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, workspaceId), lt(auditEvents.createdAt, cutoff), ne(auditEvents.action, 'retention.applied')))
    .limit(limit);
  if (old.length === 0) return 0;
  const rows = await db
    .delete(auditEvents)
    .where(
      and(
        eq(auditEvents.workspaceId, workspaceId),
        inArray(
          auditEvents.id,
          old.map((r) => r.id),
        ),
      ),
    )
    .returning({ id: auditEvents.id });
  return rows.length;
}
