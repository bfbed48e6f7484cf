import type { Db } from '../../db/client.ts';
import { columnsOf, readRow, selectList } from '../../db/raw-rows.ts';
import { conversations, messages, type ConversationRow, type MessageRow } from '../conversations/index.ts';

const conversationColumns = columnsOf(conversations);
const messageColumns = columnsOf(messages);

/**
 * One bot turn, written in one statement: the dialogue state (only if it is
 * still the version the turn started from — a turn computed from a stale
 * state is redone), and the bot's replies, which get the next seqs under the
 * conversation's row lock only while the conversation is still the bot's:
 * a person who took it over a moment earlier silences the bot for good.
 */
const COMMIT_TURN = `
with s as (
  insert into bot_sessions as b (workspace_id, conversation_id, state, version, updated_at)
  values ($1, $2, $3::jsonb, 1, now())
  on conflict (workspace_id, conversation_id) do update set state = excluded.state, version = b.version + 1, updated_at = now()
  where b.version = $4
  returning b.version
), bumped as (
  update conversations c set last_seq = c.last_seq + $5,
    last_message_at = case when $5 > 0 then now() else c.last_message_at end, updated_at = now()
  from s where c.workspace_id = $1 and c.id = $2 and c.status = 'bot'
  returning c.*
), inserted as (
  insert into messages (workspace_id, id, conversation_id, inbox_id, seq, type, sender_type, sender_id, content, content_attributes, attachments, source_id, status)
  select $1, r.id, b.id, b.inbox_id, b.last_seq - $5 + r.i, 'outgoing', 'bot', null, r.content, r.attrs::jsonb, '[]'::jsonb, null, $6
  from bumped b, unnest($7::text[], $8::text[], $9::text[]) with ordinality as r(id, content, attrs, i)
  returning *
)
select s.version, ${selectList(conversationColumns, 'b', 'c')}, ${selectList(messageColumns, 'm', 'm')}
from s left join bumped b on true left join inserted m on true
order by m.seq`;

export interface TurnWrite {
  workspaceId: string;
  conversationId: string;
  state: unknown;
  /** The session version the turn started from (0: no session yet). */
  expectedVersion: number;
  replies: { id: string; content: string; contentAttributes: Record<string, unknown> }[];
  /** `sent` on realtime channels (the fan-out delivers them), `pending` where a delivery job sends them. */
  status: 'sent' | 'pending';
}

export type TurnResult =
  | { outcome: 'stale' }
  /** `conversation` is null when the conversation is no longer the bot's: nothing was said. */
  | { outcome: 'written'; version: number; conversation: ConversationRow | null; messages: MessageRow[] };

export async function commitTurn(db: Db, write: TurnWrite): Promise<TurnResult> {
  const { rows } = await db.$client.query<Record<string, unknown>>({
    name: 'kefu_bot_commit_turn',
    text: COMMIT_TURN,
    values: [
      write.workspaceId,
      write.conversationId,
      JSON.stringify(write.state),
      write.expectedVersion,
      write.replies.length,
      write.status,
      write.replies.map((r) => r.id),
      write.replies.map((r) => r.content),
      write.replies.map((r) => JSON.stringify(r.contentAttributes)),
    ],
  });
  const first = rows[0];
  if (!first) return { outcome: 'stale' };
  const conversation = first['c.id'] ? readRow<ConversationRow>(conversationColumns, first, 'c') : null;
  const written = rows.filter((r) => r['m.id']).map((r) => readRow<MessageRow>(messageColumns, r, 'm'));
  return { outcome: 'written', version: Number(first.version), conversation, messages: written };
}
