import { and, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { conversations, messages, messageSearch, type ConversationRow, type ConversationStatus, type MessageRow } from './schema.ts';

export interface MessageSearch {
  /** Words as `searchTerms()` makes them; every one must occur. */
  terms: string;
  status?: ConversationStatus;
  inboxId?: string;
  /** Keyset: only messages older than this one. */
  before?: { createdAt: Date; messageId: string };
  limit: number;
}

/**
 * Messages of the workspace that contain every search word, newest first,
 * each with its conversation: the GIN index on `message_search.terms` finds
 * them, the keyset on (created_at, message_id) pages through them.
 */
export async function searchMessages(
  db: DbOrTx,
  workspaceId: string,
  query: MessageSearch,
): Promise<{ message: MessageRow; conversation: ConversationRow }[]> {
  const where: (SQL | undefined)[] = [
    eq(messageSearch.workspaceId, workspaceId),
    sql`${messageSearch.terms} @@ plainto_tsquery('simple', ${query.terms})`,
    query.status ? eq(conversations.status, query.status) : undefined,
    query.inboxId ? eq(conversations.inboxId, query.inboxId) : undefined,
    query.before
      ? or(
          lt(messageSearch.createdAt, query.before.createdAt),
          and(eq(messageSearch.createdAt, query.before.createdAt), lt(messageSearch.messageId, query.before.messageId)),
        )
      : undefined,
  ];
  return db
    .select({ message: messages, conversation: conversations })
    .from(messageSearch)
    .innerJoin(messages, and(eq(messages.workspaceId, messageSearch.workspaceId), eq(messages.id, messageSearch.messageId)))
    .innerJoin(conversations, and(eq(conversations.workspaceId, messageSearch.workspaceId), eq(conversations.id, messageSearch.conversationId)))
    .where(and(...where))
    .orderBy(desc(messageSearch.createdAt), desc(messageSearch.messageId))
    .limit(query.limit);
}
