import { z } from 'zod';
import { appError } from './errors.ts';

/** Query parameters shared by every list endpoint (keyset pagination by id). */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** Cursor for a newest-first list: the last row's id, opaque to clients. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z]{3,4}_[0-9a-z]{26}$/.test(id)) throw appError('validation_failed', [{ path: ['cursor'], message: 'invalid cursor' }]);
  return id;
}

/** Trim the extra row fetched to learn whether another page exists. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
