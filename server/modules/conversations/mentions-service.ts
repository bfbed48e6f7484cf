import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { appError } from '../../lib/errors.ts';
import { isoDate } from '../../lib/http.ts';
import { idSchema } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { countUnreadMentions, markMentionsRead, selectMentions, type ListedMention } from './mentions-repo.ts';

export const mentionListQuery = z
  .object({
    unread: z.enum(['true', 'false']).default('false'),
    limit: z.coerce.number().int().min(1).max(100).default(30),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export const mentionReadBody = z.object({ conversationId: idSchema('conversation').optional() }).strict();

export const unreadView = z.object({
  mentions: z.number().describe('Unread mentions'),
  conversations: z.number().describe('Conversations holding an unread mention (the badge)'),
});

export const mentionView = z.object({
  messageId: z.string(),
  conversationId: z.string(),
  authorId: z.string().nullable(),
  excerpt: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  conversationStatus: z.string(),
  assigneeId: z.string().nullable(),
  contactName: z.string().nullable(),
});

/** Mentions are a person's own: API keys have none (403). */
function personOf(actor: Actor): string {
  if (actor.principal.kind !== 'user') throw appError('forbidden');
  return actor.principal.id;
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|(msg_[0-9a-z]{26})$/;

function decodeCursor(cursor: string): { createdAt: string; messageId: string } {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw appError('validation_failed', [{ in: 'querystring', path: ['cursor'], message: 'invalid cursor' }]);
  return { createdAt: match[1]!, messageId: match[2]! };
}

function presentMention(m: ListedMention): z.infer<typeof mentionView> {
  return {
    messageId: m.messageId,
    conversationId: m.conversationId,
    authorId: m.authorId,
    excerpt: m.excerpt,
    createdAt: m.createdAt.toISOString(),
    readAt: isoDate(m.readAt),
    conversationStatus: m.conversation.status,
    assigneeId: m.conversation.assigneeId,
    contactName: m.contactName,
  };
}

/** The caller's mentions in notes, newest first, and how many are unread. */
export async function listMyMentions(ctx: AppContext, actor: Actor, query: z.infer<typeof mentionListQuery>) {
  const userId = personOf(actor);
  const { workspaceId } = actor.principal;
  const rows = await selectMentions(ctx.db, workspaceId, userId, {
    unreadOnly: query.unread === 'true',
    before: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  const nextCursor = rows.length > query.limit && last ? Buffer.from(`${last.position}|${last.messageId}`).toString('base64url') : null;
  return { items: items.map(presentMention), nextCursor, unread: await countUnreadMentions(ctx.db, workspaceId, userId) };
}

/** Mark the caller's mentions in one conversation (or all) read; answers what is still unread. */
export async function readMyMentions(ctx: AppContext, actor: Actor, body: z.infer<typeof mentionReadBody>) {
  const userId = personOf(actor);
  await markMentionsRead(ctx.db, actor.principal.workspaceId, userId, body.conversationId);
  return { unread: await countUnreadMentions(ctx.db, actor.principal.workspaceId, userId) };
}
