import { and, desc, eq, inArray, min, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { contactIdentities, identityHash } from '../../modules/contacts/index.ts';
import { conversations, messages } from '../../modules/conversations/index.ts';

/** The contact a widget visitor became when they first wrote (or filled in the pre-chat form). */
export async function findVisitorContactId(db: DbOrTx, workspaceId: string, visitorId: string): Promise<string | undefined> {
  const hash = await identityHash(db, workspaceId, 'widget', visitorId);
  const [row] = await db
    .select({ contactId: contactIdentities.contactId })
    .from(contactIdentities)
    .where(and(eq(contactIdentities.workspaceId, workspaceId), eq(contactIdentities.kind, 'widget'), eq(contactIdentities.valueHash, hash)));
  return row?.contactId;
}

export interface VisitorConversation {
  conversationId: string;
  /** Seq of the visitor's first message in it: what came before is not theirs to see. */
  firstSeq: number;
  lastSeq: number;
}

/**
 * The latest conversation of the contact in this inbox that holds a message
 * of this visitor (their messages' sourceIds start with `prefix`). Walks the
 * contact's conversations by index, never the whole inbox.
 */
export async function findVisitorConversation(
  db: DbOrTx,
  workspaceId: string,
  inboxId: string,
  contactId: string,
  prefix: string,
): Promise<VisitorConversation | undefined> {
  const [row] = await db
    .select({ conversationId: messages.conversationId, firstSeq: min(messages.seq), lastSeq: conversations.lastSeq })
    .from(conversations)
    .innerJoin(messages, and(eq(messages.workspaceId, conversations.workspaceId), eq(messages.conversationId, conversations.id)))
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        eq(conversations.contactId, contactId),
        eq(conversations.inboxId, inboxId),
        eq(messages.type, 'incoming'),
        sql`starts_with(${messages.sourceId}, ${prefix})`,
      ),
    )
    .groupBy(messages.conversationId, conversations.lastSeq)
    .orderBy(desc(messages.conversationId))
    .limit(1);
  return row && row.firstSeq !== null ? { conversationId: row.conversationId, firstSeq: Number(row.firstSeq), lastSeq: row.lastSeq } : undefined;
}

/** True when a message the visitor may see (in their conversation, from their first message on) carries the attachment. */
export async function visitorSeesAttachment(db: DbOrTx, workspaceId: string, visible: VisitorConversation, attachmentId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        eq(messages.conversationId, visible.conversationId),
        inArray(messages.type, ['incoming', 'outgoing']),
        sql`${messages.seq} >= ${visible.firstSeq}`,
        sql`${messages.attachments} @> ${JSON.stringify([{ id: attachmentId }])}::jsonb`,
      ),
    )
    .limit(1);
  return Boolean(row);
}
