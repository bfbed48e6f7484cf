import type { Db } from '../../db/client.ts';
import { pgErrorCode } from '../../db/client.ts';
import { columnsOf, readRow, selectList } from '../../db/raw-rows.ts';
import { conversations, messages, type AttachmentRef, type ConversationRow, type MessageRow } from './schema.ts';

/**
 * The hottest writes (a customer's next message in an open conversation, a
 * reply) as single prepared statements: one round trip and no BEGIN/COMMIT,
 * instead of the six to eight statements of the general path. They do the
 * same thing the general path does in that case — the same row lock, the same
 * seq bump, the same idempotency key — and report `undefined` whenever the
 * case is not theirs, so the caller falls back to the general path.
 */

const conversationColumns = columnsOf(conversations);
const messageColumns = columnsOf(messages);

const INCOMING_FAST = `
with ident as (
  select i.contact_id from contact_identities i
  join contacts k on k.workspace_id = i.workspace_id and k.id = i.contact_id and k.merged_into is null
  where i.workspace_id = $1 and i.kind = $2 and i.value = $3
), target as (
  select c.id, c.status from conversations c join ident on c.contact_id = ident.contact_id
  where c.workspace_id = $1 and c.inbox_id = $4 and c.status <> 'resolved'
    and not exists (select 1 from messages d where d.workspace_id = $1 and d.inbox_id = $4 and d.source_id = $5)
  order by c.id desc limit 1
  for update of c
), bumped as (
  update conversations c set last_seq = c.last_seq + 1, last_message_at = now(), updated_at = now(),
    status = case when t.status in ('snoozed', 'pending') then 'open' else c.status end,
    snoozed_until = case when t.status in ('snoozed', 'pending') then null else c.snoozed_until end
  from target t where c.workspace_id = $1 and c.id = t.id
  returning c.*, t.status as previous_status
), inserted as (
  insert into messages (workspace_id, id, conversation_id, inbox_id, seq, type, sender_type, sender_id, content, content_attributes, attachments, source_id, status)
  select $1, $6, b.id, $4, b.last_seq, 'incoming', 'contact', b.contact_id, $7, $8::jsonb, $9::jsonb, $5, 'received' from bumped b
  returning *
)
select b.previous_status, ${selectList(conversationColumns, 'b', 'c')}, ${selectList(messageColumns, 'm', 'm')}
from bumped b, inserted m`;

export interface FastIncoming {
  workspaceId: string;
  inboxId: string;
  identity: { kind: string; value: string };
  messageId: string;
  sourceId: string | null;
  content: string;
  contentAttributes: Record<string, unknown>;
  attachments: AttachmentRef[];
}

/**
 * Append a customer's message to the open conversation of the contact behind
 * `identity`, in one statement. `undefined` when that is not the case at hand
 * (unknown identity, merged contact, no open conversation, the sourceId is
 * already stored, or stored concurrently a moment ago): use the general path.
 */
export async function appendIncomingFast(
  db: Db,
  input: FastIncoming,
): Promise<{ conversation: ConversationRow; message: MessageRow; reopened: boolean } | undefined> {
  try {
    const result = await db.$client.query<Record<string, unknown>>({
      name: 'kefu_incoming_fast',
      text: INCOMING_FAST,
      values: [
        input.workspaceId,
        input.identity.kind,
        input.identity.value,
        input.inboxId,
        input.sourceId,
        input.messageId,
        input.content,
        JSON.stringify(input.contentAttributes),
        JSON.stringify(input.attachments),
      ],
    });
    const raw = result.rows[0];
    if (!raw) return undefined;
    const previous = raw.previous_status;
    return {
      conversation: readRow<ConversationRow>(conversationColumns, raw, 'c'),
      message: readRow<MessageRow>(messageColumns, raw, 'm'),
      reopened: previous === 'snoozed' || previous === 'pending',
    };
  } catch (err) {
    // The same message committed by a concurrent request a moment ago: the general path finds it.
    if (pgErrorCode(err) === '23505') return undefined;
    throw err;
  }
}
