import { and, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { tasks, type TaskRow } from './schema.ts';

function about(workspaceId: string, contactIds: string[], conversationIds: string[], ticketIds: string[]) {
  return and(
    eq(tasks.workspaceId, workspaceId),
    or(
      contactIds.length ? inArray(tasks.contactId, contactIds) : undefined,
      conversationIds.length ? inArray(tasks.conversationId, conversationIds) : undefined,
      ticketIds.length ? inArray(tasks.ticketId, ticketIds) : undefined,
    ),
  );
}

/** Tasks about a contact, one of their conversations or tickets (data-subject export). */
export async function selectTasksAbout(
  db: DbOrTx,
  workspaceId: string,
  contactIds: string[],
  conversationIds: string[],
  ticketIds: string[],
): Promise<TaskRow[]> {
  if (contactIds.length + conversationIds.length + ticketIds.length === 0) return [];
  return db
    .select()
    .from(tasks)
    .where(about(workspaceId, contactIds, conversationIds, ticketIds))
    .orderBy(tasks.id);
}

/** Clear the text of tasks about them (title, body, facts); the task, its times and who did it stay. */
export async function stripTasksAbout(
  db: DbOrTx,
  workspaceId: string,
  contactIds: string[],
  conversationIds: string[],
  ticketIds: string[],
  title: string,
): Promise<number> {
  if (contactIds.length + conversationIds.length + ticketIds.length === 0) return 0;
  const rows = await db
    .update(tasks)
    .set({ title, body: '', data: {} })
    .where(about(workspaceId, contactIds, conversationIds, ticketIds))
    .returning({ id: tasks.id });
  return rows.length;
}
