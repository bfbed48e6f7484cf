import { and, asc, desc, eq, gt, inArray, lt, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { openMessage, openMessages, sealAttributes, sealContent } from './message-crypto.ts';
import {
  attachments,
  conversations,
  messages,
  messageSearch,
  type AttachmentRef,
  type AttachmentRow,
  type ConversationRow,
  type DeliveryStatus,
  type MessageRow,
} from './schema.ts';

export async function findConversation(db: DbOrTx, workspaceId: string, id: string): Promise<ConversationRow | undefined> {
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)));
  return row;
}

export async function lockConversation(db: DbOrTx, workspaceId: string, id: string): Promise<ConversationRow | undefined> {
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)))
    .for('update');
  return row;
}

/** The contact's latest unresolved conversation in an inbox, locked: new messages join it. */
export async function lockOpenConversation(
  db: DbOrTx,
  workspaceId: string,
  inboxId: string,
  contactId: string,
): Promise<ConversationRow | undefined> {
  const [row] = await db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        eq(conversations.inboxId, inboxId),
        eq(conversations.contactId, contactId),
        ne(conversations.status, 'resolved'),
      ),
    )
    .orderBy(desc(conversations.id))
    .limit(1)
    .for('update');
  return row;
}

/** The conversation holding a message with one of these channel ids (email In-Reply-To / References). */
export async function findConversationIdBySourceIds(
  db: DbOrTx,
  workspaceId: string,
  inboxId: string,
  sourceIds: string[],
): Promise<string | undefined> {
  if (sourceIds.length === 0) return undefined;
  const [row] = await db
    .select({ conversationId: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.inboxId, inboxId), inArray(messages.sourceId, sourceIds.slice(0, 50))))
    .orderBy(desc(messages.id))
    .limit(1);
  return row?.conversationId;
}

export async function insertConversation(db: DbOrTx, row: typeof conversations.$inferInsert): Promise<ConversationRow> {
  const [created] = await db.insert(conversations).values(row).returning();
  return created!;
}

export async function updateConversationRow(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<ConversationRow, 'status' | 'assigneeId' | 'teamId' | 'priority' | 'labels' | 'snoozedUntil' | 'subject' | 'contactId'>>,
): Promise<ConversationRow> {
  const [row] = await db
    .update(conversations)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)))
    .returning();
  return row!;
}

/**
 * Take the next message position in a conversation (under its row lock, so
 * positions follow commit order); returns the conversation as it is now.
 */
export async function nextSeq(db: DbOrTx, workspaceId: string, id: string, touch: boolean): Promise<ConversationRow> {
  const [row] = await db
    .update(conversations)
    .set({ lastSeq: sql`${conversations.lastSeq} + 1`, ...(touch ? { lastMessageAt: new Date(), updatedAt: new Date() } : {}) })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)))
    .returning();
  return row!;
}

/**
 * Insert a message (nothing when its sourceId is already stored — the
 * idempotency check; then null) and its search entry, in the caller's
 * transaction. Content is encrypted when the workspace opted in.
 */
export async function insertMessage(db: DbOrTx, row: typeof messages.$inferInsert): Promise<MessageRow | null> {
  const sealed = await sealContent(db, row.workspaceId, row.content ?? '');
  const [stored] = await db
    .insert(messages)
    .values({ ...row, content: sealed.content, contentAttributes: sealAttributes(sealed.cipher, row.contentAttributes) })
    .onConflictDoNothing({ target: [messages.workspaceId, messages.inboxId, messages.sourceId], where: sql`${messages.sourceId} is not null` })
    .returning();
  const created = stored
    ? { ...stored, content: row.content ?? '', contentAttributes: row.contentAttributes ?? stored.contentAttributes }
    : undefined;
  const terms = created ? sealed.terms : '';
  if (created && terms) {
    await db.insert(messageSearch).values({
      workspaceId: created.workspaceId,
      messageId: created.id,
      conversationId: created.conversationId,
      createdAt: created.createdAt,
      terms: sql`to_tsvector('simple', ${terms})`,
    });
  }
  return created ?? null;
}

export async function findMessageBySource(db: DbOrTx, workspaceId: string, inboxId: string, sourceId: string): Promise<MessageRow | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.inboxId, inboxId), eq(messages.sourceId, sourceId)));
  return openMessage(db, workspaceId, row);
}

export async function findMessage(db: DbOrTx, workspaceId: string, id: string): Promise<MessageRow | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, id)));
  return openMessage(db, workspaceId, row);
}

const STATUS_ORDER: Record<DeliveryStatus, number> = { received: 0, pending: 1, failed: 1, sent: 2, delivered: 3, read: 4 };

/**
 * Move a message's delivery status forward (never back: a late "delivered"
 * does not undo "read"). `failed` also follows `sent`: a gateway can report
 * that a message it accepted never arrived (an SMS delivery receipt).
 */
export async function advanceMessageStatus(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  status: DeliveryStatus,
  extra: { sourceId?: string; error?: string | null } = {},
): Promise<MessageRow | undefined> {
  const lower = (Object.keys(STATUS_ORDER) as DeliveryStatus[]).filter(
    (s) => STATUS_ORDER[s] < STATUS_ORDER[status] || (status === 'failed' && (s === 'pending' || s === 'sent')),
  );
  const [row] = await db
    .update(messages)
    .set({ status, updatedAt: new Date(), ...extra })
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, id), inArray(messages.status, lower)))
    .returning();
  return openMessage(db, workspaceId, row);
}

/** Mark every outgoing message of a conversation up to `seq` with `status` (widget read receipts). */
export async function advanceOutgoingUpTo(
  db: DbOrTx,
  workspaceId: string,
  conversationId: string,
  seq: number,
  status: 'delivered' | 'read',
): Promise<MessageRow[]> {
  const lower = (Object.keys(STATUS_ORDER) as DeliveryStatus[]).filter((s) => STATUS_ORDER[s] < STATUS_ORDER[status] && s !== 'received');
  const rows = await db
    .update(messages)
    .set({ status, updatedAt: new Date() })
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        eq(messages.conversationId, conversationId),
        eq(messages.type, 'outgoing'),
        sql`${messages.seq} <= ${seq}`,
        inArray(messages.status, lower),
      ),
    )
    .returning();
  return openMessages(db, workspaceId, rows);
}

export async function selectMessages(
  db: DbOrTx,
  workspaceId: string,
  conversationId: string,
  page: { afterSeq?: number; beforeSeq?: number; limit: number; includeNotes: boolean },
): Promise<MessageRow[]> {
  const where = and(
    eq(messages.workspaceId, workspaceId),
    eq(messages.conversationId, conversationId),
    page.afterSeq !== undefined ? gt(messages.seq, page.afterSeq) : undefined,
    page.beforeSeq !== undefined ? lt(messages.seq, page.beforeSeq) : undefined,
    page.includeNotes ? undefined : ne(messages.type, 'note'),
  );
  // Backwards from the end unless paging forward from a known position.
  const rows = await db
    .select()
    .from(messages)
    .where(where)
    .orderBy(page.afterSeq !== undefined ? asc(messages.seq) : desc(messages.seq))
    .limit(page.limit);
  return openMessages(db, workspaceId, page.afterSeq !== undefined ? rows : rows.reverse());
}

/** Every message of a contact across channels, newest last (one timeline). */
export async function selectContactTimeline(db: DbOrTx, workspaceId: string, contactId: string, limit: number): Promise<MessageRow[]> {
  const rows = await db
    .select({ message: messages })
    .from(messages)
    .innerJoin(conversations, and(eq(conversations.workspaceId, messages.workspaceId), eq(conversations.id, messages.conversationId)))
    .where(and(eq(messages.workspaceId, workspaceId), eq(conversations.contactId, contactId), ne(messages.type, 'note')))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit);
  return openMessages(db, workspaceId, rows.map((r) => r.message).reverse());
}

/**
 * Replies still `pending` long after they were stored: their delivery job was
 * never queued (the process died right after the commit). All workspaces.
 */
export async function selectStuckOutgoing(db: DbOrTx, olderThanSeconds: number, limit: number): Promise<{ workspaceId: string; id: string }[]> {
  return db
    .select({ workspaceId: messages.workspaceId, id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.type, 'outgoing'),
        eq(messages.status, 'pending'),
        lt(messages.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`),
      ),
    )
    .limit(limit);
}

export async function moveConversationsToContact(db: DbOrTx, workspaceId: string, fromContactId: string, toContactId: string): Promise<number> {
  const rows = await db
    .update(conversations)
    .set({ contactId: toContactId, updatedAt: new Date() })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.contactId, fromContactId)))
    .returning({ id: conversations.id });
  return rows.length;
}

export async function insertAttachment(db: DbOrTx, row: typeof attachments.$inferInsert): Promise<void> {
  await db.insert(attachments).values(row);
}

export async function findAttachment(db: DbOrTx, workspaceId: string, id: string): Promise<AttachmentRow | undefined> {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.workspaceId, workspaceId), eq(attachments.id, id)));
  return row;
}

/** The references a message carries, for the attachments of this workspace among `ids`. */
export async function selectAttachmentRefs(db: DbOrTx, workspaceId: string, ids: string[]): Promise<AttachmentRef[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: attachments.id, filename: attachments.filename, contentType: attachments.contentType, size: attachments.size })
    .from(attachments)
    .where(and(eq(attachments.workspaceId, workspaceId), inArray(attachments.id, ids)));
}
