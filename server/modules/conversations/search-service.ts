import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import { searchTerms } from '../../nlu/search-terms.ts';
import { conversationStatuses } from './schema.ts';
import { searchMessages } from './search-repo.ts';

export const messageSearchQuery = z
  .object({
    q: z.string().trim().min(1).max(200),
    status: z.enum(conversationStatuses).optional(),
    inboxId: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();

const cursorOf = (createdAt: Date, messageId: string) => Buffer.from(JSON.stringify([createdAt.toISOString(), messageId])).toString('base64url');

function readCursor(cursor: string): { createdAt: Date; messageId: string } {
  try {
    const [at, messageId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || !/^msg_[0-9a-z]{26}$/.test(messageId)) throw new Error('bad cursor');
    return { createdAt, messageId };
  } catch {
    throw appError('validation_failed', [{ in: 'querystring', path: ['cursor'], message: 'invalid cursor' }]);
  }
}

/**
 * The console's search box: messages (customer, bot, agent, notes) that
 * contain every word of `q` — Chinese cut by jieba, English stemmed, so
 * "退款" finds "我想退款" and "refunds" finds "refund" — newest first, with
 * their conversations. A query with no searchable word is a 400.
 */
export async function searchConversationMessages(ctx: AppContext, workspaceId: string, query: z.infer<typeof messageSearchQuery>) {
  const terms = searchTerms(query.q);
  if (!terms) throw appError('validation_failed', [{ in: 'querystring', path: ['q'], message: 'nothing searchable in q' }]);
  const rows = await searchMessages(ctx.db, workspaceId, {
    terms,
    status: query.status,
    inboxId: query.inboxId,
    before: query.cursor ? readCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? cursorOf(last.message.createdAt, last.message.id) : null };
}
