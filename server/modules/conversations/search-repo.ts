import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { openMessages, searchTermsFor } from './message-crypto.ts';
import { conversations, messages, messageSearch, type ConversationRow, type ConversationStatus, type MessageRow } from './schema.ts';

export interface MessageSearch {
  /** Words as `searchTerms()` makes them; every one must occur. */
  terms: string;
  status?: ConversationStatus;
  inboxId?: string;
  /** Keyset: only messages older than this one. */
  before?: { createdAt: Date; messageId: string };
  limit: number;
  /** Messages the first pass walks (default RECENT_WINDOW). */
  recentWindow?: number;
}

/** How many of the newest messages the first pass walks in time order before asking the word index. */
const RECENT_WINDOW = 20_000;

type Hit = { message: MessageRow; conversation: ConversationRow };

/**
 * Messages of the workspace that contain every search word, newest first,
 * each with its conversation, in two passes so that neither a common word
 * nor a rare one is slow:
 * 1. walk the newest RECENT_WINDOW messages in time order (the
 *    (workspace, created_at, message_id) index) and keep the matches — a
 *    common word fills the page at once;
 * 2. if the page is not full, take the older matches from the GIN word index
 *    (materialised, so PostgreSQL cannot turn it back into a walk of the whole
 *    history — which is what a pair of common words that never meet would cost).
 */
export async function searchMessages(db: DbOrTx, workspaceId: string, query: MessageSearch): Promise<Hit[]> {
  // Encrypted messages are indexed by keyed hashes of their words: look for either form.
  const terms = await searchTermsFor(db, workspaceId, query.terms);
  const matches = sql`${messageSearch.terms} @@ (plainto_tsquery('simple', ${terms.plain}) || plainto_tsquery('simple', ${terms.hashed}))`;
  const keyset = query.before
    ? sql`(${messageSearch.createdAt}, ${messageSearch.messageId}) < (${query.before.createdAt}, ${query.before.messageId})`
    : undefined;
  const [edge] = await db
    .select({ createdAt: messageSearch.createdAt })
    .from(messageSearch)
    .where(and(eq(messageSearch.workspaceId, workspaceId), keyset))
    .orderBy(desc(messageSearch.createdAt), desc(messageSearch.messageId))
    .offset(query.recentWindow ?? RECENT_WINDOW)
    .limit(1);
  const recent = await selectHits(
    db,
    workspaceId,
    query,
    and(matches, keyset, edge ? gte(messageSearch.createdAt, edge.createdAt) : undefined),
    query.limit,
  );
  if (recent.length >= query.limit || !edge) return recent;
  // `offset 0` fences the subquery: PostgreSQL finds all its rows through the word index, then sorts them.
  const older = await db.execute<{ message_id: string }>(sql`
    select message_id from (
      select ${messageSearch.messageId} as message_id, ${messageSearch.createdAt} as created_at
      from ${messageSearch} join ${conversations}
        on ${conversations.workspaceId} = ${messageSearch.workspaceId} and ${conversations.id} = ${messageSearch.conversationId}
      where ${and(eq(messageSearch.workspaceId, workspaceId), matches, keyset, lt(messageSearch.createdAt, edge.createdAt), ...filters(query))}
      offset 0
    ) found order by created_at desc, message_id desc limit ${query.limit - recent.length}`);
  const ids = older.rows.map((r) => r.message_id);
  const rest = ids.length ? await selectHits(db, workspaceId, query, inArray(messageSearch.messageId, ids), query.limit - recent.length) : [];
  return [...recent, ...rest];
}

async function selectHits(db: DbOrTx, workspaceId: string, query: MessageSearch, condition: SQL | undefined, limit: number): Promise<Hit[]> {
  const hits = await db
    .select({ message: messages, conversation: conversations })
    .from(messageSearch)
    .innerJoin(messages, and(eq(messages.workspaceId, messageSearch.workspaceId), eq(messages.id, messageSearch.messageId)))
    .innerJoin(conversations, and(eq(conversations.workspaceId, messageSearch.workspaceId), eq(conversations.id, messageSearch.conversationId)))
    .where(and(eq(messageSearch.workspaceId, workspaceId), condition, ...filters(query)))
    .orderBy(desc(messageSearch.createdAt), desc(messageSearch.messageId))
    .limit(limit);
  const opened = await openMessages(
    db,
    workspaceId,
    hits.map((h) => h.message),
  );
  return hits.map((h, i) => ({ ...h, message: opened[i]! }));
}

const filters = (query: MessageSearch) => [
  query.status ? eq(conversations.status, query.status) : undefined,
  query.inboxId ? eq(conversations.inboxId, query.inboxId) : undefined,
];
