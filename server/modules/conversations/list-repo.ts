import { and, desc, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { CONTACT_EMAIL, CONTACT_PHONE, contacts } from '../contacts/index.ts';
import { withCipher } from '../encryption/index.ts';
import { CONTENT } from './message-crypto.ts';
import { conversations, messages, type ConversationRow, type ConversationStatus, type MessageRow } from './schema.ts';

export interface ConversationFilter {
  status?: ConversationStatus;
  inboxId?: string;
  assigneeId?: string | null;
  contactId?: string;
  teamId?: string;
  /** Conversations whose labels include this one. */
  label?: string;
  /** Keyset position: conversations with older activity than this one (`lastMessageAt` exact to the microsecond). */
  before?: { lastMessageAt: string; id: string };
  limit: number;
}

/** The last message the inbox list shows for a conversation (activity lines skipped). */
export interface ListedLastMessage {
  type: MessageRow['type'];
  senderType: MessageRow['senderType'];
  senderId: string | null;
  /** The first 140 characters. */
  content: string;
  attachmentCount: number;
  createdAt: Date;
}

/** A conversation as the inbox list shows it: with its contact, last message and exact keyset position. */
export interface ListedConversation {
  conversation: ConversationRow;
  contact: { id: string; name: string | null; email: string | null; phone: string | null };
  lastMessage: ListedLastMessage | null;
  /** `last_message_at` as PostgreSQL prints it (microseconds): the cursor must not lose what a JS Date drops. */
  position: string;
}

const LAST_MESSAGE_CHARS = 140;

/** The newest non-activity message of the page's conversation, read backwards on (workspace, conversation, seq). */
function lastMessageLateral(page: { workspaceId: SQL.Aliased | AnyColumn; id: SQL.Aliased | AnyColumn }) {
  return sql`lateral (
    select m.type, m.sender_type, m.sender_id, case when m.content like 'ENC1:%' then m.content else left(m.content, ${LAST_MESSAGE_CHARS}) end as content,
      jsonb_array_length(m.attachments) as attachment_count, m.created_at
    from ${messages} m
    where m.workspace_id = ${page.workspaceId} and m.conversation_id = ${page.id} and m.type <> 'activity'
    order by m.seq desc
    limit 1
  ) last_message`;
}

function listConditions(workspaceId: string, filter: ConversationFilter): SQL | undefined {
  return and(
    eq(conversations.workspaceId, workspaceId),
    filter.status ? eq(conversations.status, filter.status) : undefined,
    filter.inboxId ? eq(conversations.inboxId, filter.inboxId) : undefined,
    filter.contactId ? eq(conversations.contactId, filter.contactId) : undefined,
    filter.teamId ? eq(conversations.teamId, filter.teamId) : undefined,
    filter.label ? sql`${conversations.labels} @> array[${filter.label}]::text[]` : undefined,
    filter.assigneeId === null
      ? sql`${conversations.assigneeId} is null`
      : filter.assigneeId
        ? eq(conversations.assigneeId, filter.assigneeId)
        : undefined,
    filter.before
      ? sql`(${conversations.lastMessageAt}, ${conversations.id}) < (${filter.before.lastMessageAt}::timestamptz, ${filter.before.id})`
      : undefined,
  );
}

/**
 * One page of the inbox list, newest activity first, in one statement: each
 * conversation with its contact and its last message (a LATERAL read of the
 * messages' (workspace, conversation, seq) index), so the console needs no
 * request per row. The page is cut first, in a subquery, so the joins run
 * for its rows only, whichever index (or none) finds them.
 */
export async function selectConversations(db: DbOrTx, workspaceId: string, filter: ConversationFilter): Promise<ListedConversation[]> {
  const page = db
    .select()
    .from(conversations)
    .where(listConditions(workspaceId, filter))
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(filter.limit)
    .as('page');
  const rows = await db
    .select({
      conversation: page._.selectedFields,
      contact: { id: contacts.id, name: contacts.name, email: contacts.email, phone: contacts.phone },
      position: sql<string>`to_char(${page.lastMessageAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      last: {
        type: sql<MessageRow['type'] | null>`last_message.type`,
        senderType: sql<MessageRow['senderType'] | null>`last_message.sender_type`,
        senderId: sql<string | null>`last_message.sender_id`,
        content: sql<string | null>`last_message.content`,
        attachmentCount: sql<number | null>`last_message.attachment_count`,
        createdAt: sql<string | null>`last_message.created_at`,
      },
    })
    .from(page)
    .innerJoin(contacts, and(eq(contacts.workspaceId, page.workspaceId), eq(contacts.id, page.contactId)))
    .leftJoin(lastMessageLateral(page), sql`true`)
    .orderBy(desc(page.lastMessageAt), desc(page.id));
  const opened = await withCipher(db, workspaceId, (c) =>
    rows.map((r) => ({
      email: c.openNullable(CONTACT_EMAIL, r.contact.email),
      phone: c.openNullable(CONTACT_PHONE, r.contact.phone),
      content: r.last.content === null ? null : c.open(CONTENT, r.last.content).slice(0, LAST_MESSAGE_CHARS),
    })),
  );
  return rows.map(({ conversation, contact, position, last }, i) => ({
    conversation,
    contact: { ...contact, email: opened[i]!.email, phone: opened[i]!.phone },
    position,
    lastMessage: last.type
      ? {
          type: last.type,
          senderType: last.senderType!,
          senderId: last.senderId,
          content: opened[i]!.content ?? '',
          attachmentCount: Number(last.attachmentCount ?? 0),
          createdAt: new Date(last.createdAt!),
        }
      : null,
  }));
}
