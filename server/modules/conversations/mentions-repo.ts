import { and, count, countDistinct, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { contacts } from '../contacts/index.ts';
import { withCipher } from '../encryption/index.ts';
import { CONTENT } from './message-crypto.ts';
import { conversations, messages, noteMentions, type ConversationRow } from './schema.ts';

/** A mention as the "Mentions" list shows it: the note, its conversation and customer, read or not. */
export interface ListedMention {
  messageId: string;
  conversationId: string;
  authorId: string | null;
  /** The note's first 200 characters. */
  excerpt: string;
  createdAt: Date;
  readAt: Date | null;
  conversation: Pick<ConversationRow, 'status' | 'inboxId' | 'assigneeId'>;
  contactName: string | null;
  /** `created_at` to the microsecond, for the keyset cursor. */
  position: string;
}

/** Record who a note named (inside the note's transaction); a user named twice is one row. */
export async function insertMentions(
  tx: DbOrTx,
  note: { workspaceId: string; id: string; conversationId: string; senderId: string | null },
  userIds: string[],
): Promise<void> {
  if (userIds.length === 0) return;
  await tx
    .insert(noteMentions)
    .values(
      [...new Set(userIds)].map((userId) => ({
        workspaceId: note.workspaceId,
        userId,
        messageId: note.id,
        conversationId: note.conversationId,
        authorId: note.senderId,
      })),
    )
    .onConflictDoNothing();
}

/** One page of a person's mentions, newest first (keyset on created_at, message id). */
export async function selectMentions(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
  page: { unreadOnly: boolean; before?: { createdAt: string; messageId: string }; limit: number },
): Promise<ListedMention[]> {
  const rows = await db
    .select({
      messageId: noteMentions.messageId,
      conversationId: noteMentions.conversationId,
      authorId: noteMentions.authorId,
      excerpt: sql<string>`case when ${messages.content} like 'ENC1:%' then ${messages.content} else left(${messages.content}, 200) end`,
      createdAt: noteMentions.createdAt,
      readAt: noteMentions.readAt,
      conversation: { status: conversations.status, inboxId: conversations.inboxId, assigneeId: conversations.assigneeId },
      contactName: contacts.name,
      position: sql<string>`to_char(${noteMentions.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(noteMentions)
    .innerJoin(messages, and(eq(messages.workspaceId, noteMentions.workspaceId), eq(messages.id, noteMentions.messageId)))
    .innerJoin(conversations, and(eq(conversations.workspaceId, noteMentions.workspaceId), eq(conversations.id, noteMentions.conversationId)))
    .innerJoin(contacts, and(eq(contacts.workspaceId, conversations.workspaceId), eq(contacts.id, conversations.contactId)))
    .where(
      and(
        eq(noteMentions.workspaceId, workspaceId),
        eq(noteMentions.userId, userId),
        page.unreadOnly ? isNull(noteMentions.readAt) : undefined,
        page.before
          ? sql`(${noteMentions.createdAt}, ${noteMentions.messageId}) < (${page.before.createdAt}::timestamptz, ${page.before.messageId})`
          : undefined,
      ),
    )
    .orderBy(desc(noteMentions.createdAt), desc(noteMentions.messageId))
    .limit(page.limit);
  return withCipher(db, workspaceId, (c) => rows.map((r) => ({ ...r, excerpt: c.open(CONTENT, r.excerpt).slice(0, 200) })));
}

/** How many conversations hold a note naming this person that they have not read. */
export async function countUnreadMentions(db: DbOrTx, workspaceId: string, userId: string): Promise<{ mentions: number; conversations: number }> {
  const [row] = await db
    .select({ mentions: count(), conversations: countDistinct(noteMentions.conversationId) })
    .from(noteMentions)
    .where(and(eq(noteMentions.workspaceId, workspaceId), eq(noteMentions.userId, userId), isNull(noteMentions.readAt)));
  return { mentions: row?.mentions ?? 0, conversations: row?.conversations ?? 0 };
}

/** Mark a person's unread mentions read: those of one conversation, or all of them. */
export async function markMentionsRead(db: DbOrTx, workspaceId: string, userId: string, conversationId?: string): Promise<number> {
  const rows = await db
    .update(noteMentions)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(noteMentions.workspaceId, workspaceId),
        eq(noteMentions.userId, userId),
        isNull(noteMentions.readAt),
        conversationId ? eq(noteMentions.conversationId, conversationId) : undefined,
      ),
    )
    .returning({ messageId: noteMentions.messageId });
  return rows.length;
}
