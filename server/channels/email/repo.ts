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

/** Enabled email inboxes that have IMAP settings, in every workspace: the mailboxes this node may poll. */
export async function findImapInboxes(db: DbOrTx): Promise<InboxRow[]> {
  return db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.channel, 'email'), eq(inboxes.enabled, true), sql`${inboxes.settings}->>'imapHost' is not null`))
    .orderBy(asc(inboxes.createdAt), asc(inboxes.id));
}

/** A connection that holds session-level advisory locks (checked out of the pool for as long as it holds any). */
export interface LockConnection {
  query(text: string, values: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

const IMAP_LOCK = `hashtext('kefu.imap_poller'), hashtext($1)`;

/**
 * Take the inbox's polling lock on `connection` unless another node holds
 * it. The lock lasts until released or until the connection ends (a node
 * that dies loses it at once), so exactly one live node polls a mailbox.
 */
export async function tryLockImapInbox(connection: LockConnection, inboxId: string): Promise<boolean> {
  const { rows } = await connection.query(`select pg_try_advisory_lock(${IMAP_LOCK}) as locked`, [inboxId]);
  return rows[0]?.locked === true;
}

/** Give the inbox's polling lock back (when this node stops polling it). */
export async function unlockImapInbox(connection: LockConnection, inboxId: string): Promise<void> {
  await connection.query(`select pg_advisory_unlock(${IMAP_LOCK})`, [inboxId]);
}
