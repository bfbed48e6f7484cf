import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import type { Actor } from '../../lib/principal.ts';
import { selectConversations, type ListedConversation } from './list-repo.ts';
import { lockConversation, updateConversationRow } from './repo.ts';
import { conversationStatuses, priorities, type ConversationRow, type MessageRow } from './schema.ts';
import { storeConversationMessage } from './service.ts';

export const conversationPatch = z
  .object({
    status: z.enum(conversationStatuses),
    assigneeId: z.string().max(64).nullable(),
    priority: z.enum(priorities),
    labels: z.array(z.string().trim().min(1).max(50)).max(30),
    snoozedUntil: z.iso.datetime({ offset: true }).nullable(),
  })
  .partial()
  .strict();

export type ConversationPatch = z.infer<typeof conversationPatch>;

/**
 * The rule that holds for good: when a person takes a conversation (assigns
 * it, or it is open with an assignee), the bot is out until someone hands it
 * back by setting status `bot` explicitly.
 */
function nextStatus(before: ConversationRow, patch: ConversationPatch): ConversationRow['status'] {
  if (patch.status) return patch.status;
  if (patch.assigneeId && before.status === 'bot') return 'open';
  return before.status;
}

/**
 * Change status, assignee, priority, labels or snooze, inside the caller's
 * transaction; writes an activity line to the timeline. `checkAssignee`
 * validates a user id (the users module lives outside this one).
 */
export async function updateConversation(
  tx: DbOrTx,
  actor: Actor,
  id: string,
  patch: ConversationPatch,
): Promise<{ conversation: ConversationRow; activity: MessageRow | null; changes: string[] }> {
  const workspaceId = actor.principal.workspaceId;
  const before = await lockConversation(tx, workspaceId, id);
  if (!before) throw appError('not_found');
  const status = nextStatus(before, patch);
  if (status === 'snoozed' && !patch.snoozedUntil && !before.snoozedUntil) {
    throw appError('validation_failed', [{ in: 'body', path: ['snoozedUntil'], message: 'required when snoozing' }]);
  }
  const after = await updateConversationRow(tx, workspaceId, id, {
    ...patch,
    status,
    snoozedUntil: status === 'snoozed' ? (patch.snoozedUntil ? new Date(patch.snoozedUntil) : before.snoozedUntil) : null,
    ...(patch.labels ? { labels: [...new Set(patch.labels)] } : {}),
  });
  const changes = (['status', 'assigneeId', 'priority', 'labels'] as const).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changes.length === 0) return { conversation: after, activity: null, changes };
  const { message } = await storeConversationMessage(tx, after, {
    type: 'activity',
    senderType: actor.principal.kind === 'user' ? 'user' : 'system',
    senderId: actor.principal.id,
    content: '',
    contentAttributes: { changes: Object.fromEntries(changes.map((k) => [k, { from: before[k], to: after[k] }])) },
  });
  return { conversation: after, activity: message, changes };
}

export const conversationListQuery = z
  .object({
    status: z.enum(conversationStatuses).optional(),
    inboxId: z.string().max(64).optional(),
    assigneeId: z.union([z.literal('none'), z.string().max(64)]).optional(),
    contactId: z.string().max(64).optional(),
    teamId: z.string().max(64).optional(),
    label: z.string().trim().min(1).max(50).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(200).optional(),
  })
  .strict();

/** The keyset position of a listed row: its exact (microsecond) activity time and id. */
function encodeCursor(row: ListedConversation): string {
  return Buffer.from(JSON.stringify([row.position, row.conversation.id])).toString('base64url');
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function decodeCursor(cursor: string): { lastMessageAt: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at !== 'string' || !CURSOR_TIME.test(at) || Number.isNaN(Date.parse(at))) throw new Error('bad cursor');
    if (typeof id !== 'string' || !/^conv_[0-9a-z]{26}$/.test(id)) throw new Error('bad cursor');
    return { lastMessageAt: at, id };
  } catch {
    throw appError('validation_failed', [{ in: 'querystring', path: ['cursor'], message: 'invalid cursor' }]);
  }
}

/**
 * Most recently active first, keyset-paginated on (last message time, id);
 * each item carries its contact and last message for the inbox list.
 */
export async function listConversations(ctx: AppContext, workspaceId: string, query: z.infer<typeof conversationListQuery>) {
  const rows = await selectConversations(ctx.db, workspaceId, {
    status: query.status,
    inboxId: query.inboxId,
    contactId: query.contactId,
    teamId: query.teamId,
    label: query.label,
    assigneeId: query.assigneeId === 'none' ? null : query.assigneeId,
    before: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  return { items, nextCursor: rows.length > query.limit ? encodeCursor(items.at(-1)!) : null };
}
