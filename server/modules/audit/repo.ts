import { and, desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { auditEvents, type AuditEventRow } from './schema.ts';

export async function insertAuditEvent(db: DbOrTx, row: typeof auditEvents.$inferInsert): Promise<void> {
  await db.insert(auditEvents).values(row);
}

export async function listAuditEvents(
  db: DbOrTx,
  workspaceId: string,
  filter: { before?: string; limit: number; targetId?: string; action?: string },
): Promise<AuditEventRow[]> {
  return db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.workspaceId, workspaceId),
        filter.before ? lt(auditEvents.id, filter.before) : undefined,
        filter.targetId ? eq(auditEvents.targetId, filter.targetId) : undefined,
        filter.action ? eq(auditEvents.action, filter.action) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(filter.limit);
}
