import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { automationRuns } from './schema.ts';

/** Clear what the rule log recorded of these conversations or tickets (condition values, action results); the runs stay. */
export async function stripRunsOf(db: DbOrTx, workspaceId: string, subjectIds: string[]): Promise<number> {
  if (subjectIds.length === 0) return 0;
  const rows = await db
    .update(automationRuns)
    .set({ conditions: [], actions: [] })
    .where(and(eq(automationRuns.workspaceId, workspaceId), inArray(automationRuns.subjectId, subjectIds)))
    .returning({ id: automationRuns.id });
  return rows.length;
}
