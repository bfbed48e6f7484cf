import { and, asc, count, eq, gt, isNull, ne, not, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { searchTerms } from '../../nlu/search-terms.ts';
import { undecryptable, workspaceCipher, type BatchResult } from '../encryption/index.ts';
import { CONTENT } from './message-crypto.ts';
import { attachments, messages, messageSearch, type AttachmentRow } from './schema.ts';

/*
 * The re-encryption job's part for messages: content under an older key
 * moves to the active key; plaintext content is encrypted (and its search
 * words re-indexed as hashes) when the workspace opted in. Keyset batches on
 * the primary key, each row locked while it moves; new messages arriving
 * meanwhile are written under the active key and skipped. Safe to repeat.
 */

/** One batch of messages after `afterId`; `next` is null when done. */
export async function reencryptMessages(db: DbOrTx, workspaceId: string, afterId: string, limit: number): Promise<BatchResult> {
  const cipher = await workspaceCipher(db, workspaceId);
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: messages.id, content: messages.content })
      .from(messages)
      .where(and(eq(messages.workspaceId, workspaceId), gt(messages.id, afterId)))
      .orderBy(asc(messages.id))
      .limit(limit)
      .for('update');
    let moved = 0;
    let failed = 0;
    for (const row of rows) {
      if (await undecryptable(() => moveRow(row))) failed++;
    }
    return { next: rows.length === limit ? rows.at(-1)!.id : null, moved, failed };
    async function moveRow(row: (typeof rows)[number]): Promise<void> {
      const encrypted = row.content.startsWith('ENC1:');
      if (encrypted ? cipher.isCurrent(row.content) : !cipher.encryptMessages || row.content === '') return;
      const plain = cipher.open(CONTENT, row.content);
      await tx
        .update(messages)
        .set({ content: cipher.seal(CONTENT, plain) })
        .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, row.id)));
      if (!encrypted) {
        await tx
          .update(messageSearch)
          .set({ terms: sql`to_tsvector('simple', ${cipher.hashTerms(searchTerms(plain))})` })
          .where(and(eq(messageSearch.workspaceId, workspaceId), eq(messageSearch.messageId, row.id)));
      }
      moved++;
    }
  });
}

/** Messages not yet as they should be: under an older key, or plaintext in an opted-in workspace. */
export async function countMessageRowsLeft(db: DbOrTx, workspaceId: string, activeKeyId: string, encryptMessages: boolean): Promise<number> {
  const olderKey = and(sql`${messages.content} like 'ENC1:%'`, not(sql`${messages.content} like ${`ENC1:${activeKeyId}:%`}`));
  const plain = encryptMessages ? and(ne(messages.content, ''), not(sql`${messages.content} like 'ENC1:%'`)) : undefined;
  const [row] = await db
    .select({ n: count() })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), plain ? or(olderKey, plain) : olderKey));
  return row?.n ?? 0;
}

/** Attachments whose bytes are not under `activeKeyId` (older key, or plaintext), after `afterId`. */
export async function selectAttachmentsToMove(
  db: DbOrTx,
  workspaceId: string,
  activeKeyId: string,
  afterId: string,
  limit: number,
): Promise<AttachmentRow[]> {
  return db
    .select()
    .from(attachments)
    .where(
      and(eq(attachments.workspaceId, workspaceId), gt(attachments.id, afterId), or(isNull(attachments.keyId), ne(attachments.keyId, activeKeyId))),
    )
    .orderBy(asc(attachments.id))
    .limit(limit);
}

/** Record the key an attachment's bytes are now under. */
export async function reencryptAttachmentKeys(db: DbOrTx, workspaceId: string, id: string, keyId: string): Promise<void> {
  await db
    .update(attachments)
    .set({ keyId })
    .where(and(eq(attachments.workspaceId, workspaceId), eq(attachments.id, id)));
}

export async function countAttachmentsLeft(db: DbOrTx, workspaceId: string, activeKeyId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(attachments)
    .where(and(eq(attachments.workspaceId, workspaceId), or(isNull(attachments.keyId), ne(attachments.keyId, activeKeyId))));
  return row?.n ?? 0;
}
