import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../lib/ids.ts';
import { conversations, messages, type ConversationRow, type MessageRow } from './schema.ts';

/** One timeline line (`activity`) for a conversation; see `insertActivities`. */
export interface ActivityLine {
  conversationId: string;
  senderType: MessageRow['senderType'];
  senderId: string | null;
  contentAttributes: Record<string, unknown>;
}

/**
 * Append one timeline line to each of many conversations in two statements —
 * the sequence bump of all of them, then one multi-row insert — instead of
 * two per conversation (a routing pass writes up to 50 at once). The
 * conversations must be distinct and locked, or written only under a lock
 * that orders their writers (routing's workspace lock). Returns the lines in
 * input order with each conversation as it is after the bump.
 */
export async function insertActivities(
  db: DbOrTx,
  workspaceId: string,
  lines: ActivityLine[],
): Promise<{ message: MessageRow; conversation: ConversationRow }[]> {
  if (lines.length === 0) return [];
  const bumped = await db
    .update(conversations)
    .set({ lastSeq: sql`${conversations.lastSeq} + 1` })
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        inArray(
          conversations.id,
          lines.map((l) => l.conversationId),
        ),
      ),
    )
    .returning();
  const byId = new Map(bumped.map((c) => [c.id, c]));
  const rows = lines.map((line) => {
    const conversation = byId.get(line.conversationId);
    if (!conversation) throw new Error(`conversation ${line.conversationId} not found for its timeline line`);
    return {
      workspaceId,
      id: newId('message'),
      conversationId: conversation.id,
      inboxId: conversation.inboxId,
      seq: conversation.lastSeq,
      type: 'activity' as const,
      senderType: line.senderType,
      senderId: line.senderId,
      content: '',
      contentAttributes: line.contentAttributes,
      status: 'sent' as const,
    };
  });
  const inserted = new Map((await db.insert(messages).values(rows).returning()).map((m) => [m.id, m]));
  return rows.map((row) => ({ message: inserted.get(row.id)!, conversation: byId.get(row.conversationId)! }));
}
