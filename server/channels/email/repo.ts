import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { messages } from '../../modules/conversations/index.ts';
import { inboxes, type InboxRow } from '../../modules/inboxes/index.ts';

/**
 * The enabled email inbox that receives mail for an address (compared
 * case-insensitively). When several claim the same address the oldest one
 * wins, so a later inbox — in this or another workspace — cannot divert mail.
 */
export async function findEmailInboxForAddress(db: DbOrTx, address: string): Promise<InboxRow | undefined> {
  const [row] = await db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.channel, 'email'), eq(inboxes.enabled, true), sql`lower(${inboxes.settings}->>'address') = ${address.toLowerCase()}`))
    .orderBy(asc(inboxes.createdAt), asc(inboxes.id))
    .limit(1);
  return row;
}

/** Whether this inbox already stored a message with this source id (a replayed mail: skip saving its attachments again). */
export async function isMessageStored(db: DbOrTx, inbox: InboxRow, sourceId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.workspaceId, inbox.workspaceId), eq(messages.inboxId, inbox.id), eq(messages.sourceId, sourceId)))
    .limit(1);
  return row !== undefined;
}
