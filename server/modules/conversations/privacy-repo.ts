import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { attachments, conversations, messages, messageSearch, type AttachmentRow, type ConversationRow } from './schema.ts';

/**
 * Rows for data-subject rights and retention (erase, export, retention runs
 * in server/flows/): find a contact's conversations, strip or delete their
 * contents, and the attachment rows whose bytes go with them.
 */
export async function selectConversationsOfContacts(db: DbOrTx, workspaceId: string, contactIds: string[]): Promise<ConversationRow[]> {
  if (contactIds.length === 0) return [];
  return db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.contactId, contactIds)))
    .orderBy(conversations.id);
}

/** Resolved conversations last changed before `cutoff`; with `unstrippedOnly`, only those that still hold content. */
export async function selectResolvedConversationIds(
  db: DbOrTx,
  workspaceId: string,
  cutoff: Date,
  limit: number,
  unstrippedOnly: boolean,
): Promise<string[]> {
  const holdsContent = sql`exists (select 1 from ${messages} m where m.workspace_id = ${conversations.workspaceId}
    and m.conversation_id = ${conversations.id} and (m.content <> '' or m.attachments <> '[]'::jsonb or m.content_attributes <> '{}'::jsonb))`;
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        eq(conversations.status, 'resolved'),
        lt(conversations.updatedAt, cutoff),
        unstrippedOnly ? holdsContent : undefined,
      ),
    )
    .orderBy(conversations.id)
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Ids of the attachments the messages of these conversations carry. */
export async function selectMessageAttachmentIds(db: DbOrTx, workspaceId: string, conversationIds: string[]): Promise<string[]> {
  if (conversationIds.length === 0) return [];
  const rows = await db.execute<{ id: string }>(sql`select distinct e->>'id' as id from ${messages} m, jsonb_array_elements(m.attachments) e
    where m.workspace_id = ${workspaceId} and m.conversation_id in ${conversationIds} and m.attachments <> '[]'::jsonb`);
  return rows.rows.map((r) => r.id);
}

/**
 * Keep the conversations and messages (counts, times, statuses for reports)
 * but drop what was said: message text, channel facts (email headers, names),
 * attachment references, search terms and the subject. Returns messages changed.
 */
export async function stripConversations(db: DbOrTx, workspaceId: string, conversationIds: string[]): Promise<number> {
  if (conversationIds.length === 0) return 0;
  await db.delete(messageSearch).where(and(eq(messageSearch.workspaceId, workspaceId), inArray(messageSearch.conversationId, conversationIds)));
  await db
    .update(conversations)
    .set({ subject: null })
    .where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.id, conversationIds)));
  const changed = await db
    .update(messages)
    .set({ content: '', contentAttributes: {}, attachments: [], error: null })
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        inArray(messages.conversationId, conversationIds),
        sql`(${messages.content} <> '' or ${messages.attachments} <> '[]'::jsonb or ${messages.contentAttributes} <> '{}'::jsonb)`,
      ),
    )
    .returning({ id: messages.id });
  return changed.length;
}

/** Delete conversations with their messages (and search rows, mentions) by cascade. Returns conversations deleted. */
export async function deleteConversations(db: DbOrTx, workspaceId: string, conversationIds: string[]): Promise<number> {
  if (conversationIds.length === 0) return 0;
  const rows = await db
    .delete(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.id, conversationIds)))
    .returning({ id: conversations.id });
  return rows.length;
}

/** Notes elsewhere in the workspace that contain one of these strings: their text with each occurrence replaced. */
export async function redactNotesMentioning(db: DbOrTx, workspaceId: string, needles: string[], replacement: string): Promise<number> {
  const usable = needles.filter((n) => n.trim().length >= 3);
  if (usable.length === 0) return 0;
  const patterns = usable.map((n) => `%${n.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const rows = await db
    .select({ id: messages.id, content: messages.content })
    .from(messages)
    .where(
      and(eq(messages.workspaceId, workspaceId), eq(messages.type, 'note'), sql`${messages.content} ilike any (${sql.param(patterns)}::text[])`),
    );
  for (const row of rows) {
    let content = row.content;
    for (const needle of usable) content = content.replace(new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), replacement);
    await db
      .update(messages)
      .set({ content })
      .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, row.id)));
  }
  return rows.length;
}

/** Attachment rows by id (their storage keys, to delete the bytes). */
export async function selectAttachmentRows(db: DbOrTx, workspaceId: string, ids: string[]): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(attachments)
    .where(and(eq(attachments.workspaceId, workspaceId), inArray(attachments.id, ids)));
}

/** Attachment rows stored before `cutoff` (retention of files). */
export async function selectAttachmentsBefore(db: DbOrTx, workspaceId: string, cutoff: Date, limit: number): Promise<AttachmentRow[]> {
  return db
    .select()
    .from(attachments)
    .where(and(eq(attachments.workspaceId, workspaceId), lt(attachments.createdAt, cutoff)))
    .orderBy(attachments.id)
    .limit(limit);
}

/** Delete attachment rows and drop their references from messages. */
export async function deleteAttachmentRows(db: DbOrTx, workspaceId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  await db.execute(sql`update ${messages} m set attachments = coalesce((select jsonb_agg(e) from jsonb_array_elements(m.attachments) e
    where not (e->>'id' = any(${sql.param(ids)}::text[]))), '[]'::jsonb)
    where m.workspace_id = ${workspaceId} and m.attachments ?| ${sql.param(ids)}::text[]`);
  const rows = await db
    .delete(attachments)
    .where(and(eq(attachments.workspaceId, workspaceId), inArray(attachments.id, ids)))
    .returning({ id: attachments.id });
  return rows.length;
}
