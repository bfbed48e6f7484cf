import { createHash } from 'node:crypto';
import path from 'node:path';
import type { AppContext } from '../context.ts';
import { appError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import {
  deleteAttachmentRows,
  findAttachment,
  insertAttachment,
  selectAttachmentRefs,
  selectAttachmentRows,
  type AttachmentRef,
} from '../modules/conversations/index.ts';
import { withCipher, workspaceCipher } from '../modules/encryption/index.ts';
import { deleteBlob, readBlob, writeStore } from './blob-store.ts';

/** What binds a file's encrypted bytes to its workspace and attachment (a file swapped for another fails to decrypt). */
export const attachmentColumn = (id: string) => `attachments.data:${id}`;

/** Largest attachment accepted from any channel. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Types customers and agents may send; anything else is refused (no executables, no HTML). */
const ALLOWED =
  /^(image\/(png|jpeg|gif|webp)|audio\/(mpeg|amr|wav|ogg|mp4)|video\/mp4|application\/pdf|text\/plain|text\/csv|application\/(zip|msword|vnd\.openxmlformats-officedocument\.[a-z.]+|vnd\.ms-excel))$/;

function safeFilename(name: string): string {
  const base = path
    .basename(name.normalize('NFC'))
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a file name
    .replace(/[\u0000-\u001f\\/:*?"<>|]/g, '_')
    .slice(0, 200);
  return base || 'file';
}

/**
 * Store an attachment's bytes, encrypted under the workspace's data key (under `<dataDir>/attachments/<workspace>/`,
 * or in the S3 bucket when KEFU_S3_* is set) and then its row; returns the
 * reference a message carries. Throws `validation_failed` for an empty,
 * oversized or disallowed file, `storage_unavailable` when S3 does not answer.
 */
export async function saveAttachment(
  ctx: AppContext,
  workspaceId: string,
  file: { filename: string; contentType: string; data: Buffer },
): Promise<AttachmentRef> {
  const contentType = file.contentType.toLowerCase().split(';')[0]!.trim();
  if (file.data.length === 0 || file.data.length > MAX_ATTACHMENT_BYTES) {
    throw appError('validation_failed', [{ path: ['attachment'], message: `must be 1 byte to ${MAX_ATTACHMENT_BYTES} bytes` }]);
  }
  if (!ALLOWED.test(contentType)) throw appError('validation_failed', [{ path: ['attachment'], message: `type ${contentType} is not allowed` }]);
  const id = newId('attachment');
  const cipher = await workspaceCipher(ctx.db, workspaceId);
  const sealed = cipher.sealBlob(attachmentColumn(id), file.data);
  const key = `${workspaceId}/${id}-${createHash('sha256').update(sealed).digest('hex').slice(0, 16)}`;
  const storageKey = await writeStore(ctx).put(key, sealed, contentType);
  const filename = safeFilename(file.filename);
  await insertAttachment(ctx.db, { workspaceId, id, filename, contentType, size: file.data.length, storageKey, keyId: cipher.activeKeyId });
  return { id, filename, contentType, size: file.data.length };
}

/** An attachment's bytes (decrypted) and facts, or `not_found` (also for another workspace's id). */
export async function readAttachment(
  ctx: AppContext,
  workspaceId: string,
  id: string,
): Promise<{ filename: string; contentType: string; data: Buffer }> {
  const row = await findAttachment(ctx.db, workspaceId, id);
  if (!row) throw appError('not_found');
  const stored = await readBlob(ctx, row.storageKey);
  const data = await withCipher(ctx.db, workspaceId, (c) => c.openBlob(attachmentColumn(id), stored));
  return { filename: row.filename, contentType: row.contentType, data };
}

/** References for attachments already uploaded to this workspace; `validation_failed` when one is unknown. */
export async function getAttachmentRefs(ctx: AppContext, workspaceId: string, ids: string[]): Promise<AttachmentRef[]> {
  const unique = [...new Set(ids)];
  const refs = await selectAttachmentRefs(ctx.db, workspaceId, unique);
  if (refs.length !== unique.length) throw appError('validation_failed', [{ path: ['attachmentIds'], message: 'unknown attachment' }]);
  return unique.map((id) => refs.find((r) => r.id === id)!);
}

/**
 * Delete attachments for good: bytes first, then the rows (and their
 * references on messages), so a failure leaves a row to retry rather than a
 * row without bytes. Returns how many were deleted.
 */
export async function deleteAttachments(ctx: AppContext, workspaceId: string, ids: string[]): Promise<number> {
  const rows = await selectAttachmentRows(ctx.db, workspaceId, ids);
  for (const row of rows) await deleteBlob(ctx, row.storageKey);
  return deleteAttachmentRows(
    ctx.db,
    workspaceId,
    rows.map((r) => r.id),
  );
}
