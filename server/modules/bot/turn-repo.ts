import type { Db } from '../../db/client.ts';
import { pgErrorCode } from '../../db/client.ts';
import { columnsOf, readRow, selectList } from '../../db/raw-rows.ts';
import { Batcher } from '../../lib/batcher.ts';
import { searchTerms } from '../../nlu/search-terms.ts';
import { conversations, messages, type ConversationRow, type MessageRow } from '../conversations/index.ts';

const conversationColumns = columnsOf(conversations);
const messageColumns = columnsOf(messages);

/**
 * Bot turns, many conversations' at once, written in one statement (group
 * commit, see lib/batcher.ts). Per turn: the dialogue state — only if it is
 * still the version the turn started from (a turn computed from a stale state
 * is redone) — and the bot's replies, which get the next seqs under the
 * conversation's row lock only while the conversation is still the bot's: a
 * person who took it over a moment earlier silences the bot for good.
 */
const COMMIT_TURNS = `
with input as (
  select * from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[])
    with ordinality as t(workspace_id, conversation_id, state, expected, n, status, i)
), s as (
  insert into bot_sessions as b (workspace_id, conversation_id, state, version, updated_at)
  select t.workspace_id, t.conversation_id, t.state::jsonb, t.expected + 1, now() from input t
  on conflict (workspace_id, conversation_id) do update set state = excluded.state, version = excluded.version, updated_at = now()
  where b.version = excluded.version - 1
  returning b.workspace_id, b.conversation_id, b.version
), bumped as (
  update conversations c set last_seq = c.last_seq + t.n,
    last_message_at = case when t.n > 0 then now() else c.last_message_at end, updated_at = now()
  from s join input t on t.workspace_id = s.workspace_id and t.conversation_id = s.conversation_id
  where c.workspace_id = t.workspace_id and c.id = t.conversation_id and c.status = 'bot'
  returning c.*, t.i, t.n, t.status as reply_status
), inserted as (
  insert into messages (workspace_id, id, conversation_id, inbox_id, seq, type, sender_type, sender_id, content, content_attributes, attachments, source_id, status)
  select b.workspace_id, r.id, b.id, b.inbox_id, b.last_seq - b.n + r.pos, 'outgoing', 'bot', null, r.content, r.attrs::jsonb, '[]'::jsonb, null, b.reply_status
  from bumped b join unnest($7::int[], $8::int[], $9::text[], $10::text[], $11::text[]) as r(turn, pos, id, content, attrs) on r.turn = b.i
  returning *
), indexed as (
  insert into message_search (workspace_id, message_id, conversation_id, created_at, terms)
  select m.workspace_id, m.id, m.conversation_id, date_trunc('milliseconds', m.created_at), to_tsvector('simple', r.terms)
  from inserted m join unnest($9::text[], $12::text[]) as r(id, terms) on r.id = m.id where r.terms <> ''
)
select t.i, s.version, ${selectList(conversationColumns, 'b', 'c')}, ${selectList(messageColumns, 'm', 'm')}
from input t
left join s on s.workspace_id = t.workspace_id and s.conversation_id = t.conversation_id
left join bumped b on b.i = t.i
left join inserted m on m.workspace_id = b.workspace_id and m.conversation_id = b.id
order by t.i, m.seq`;

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

const batchers = new WeakMap<Db, Batcher<TurnWrite, TurnResult>>();

/** The bot says the same answers over and over: their search words are cut once, not on every turn. */
const replyTerms = new Map<string, string>();
const REPLY_TERMS_KEPT = 2000;

function termsOfReply(content: string): string {
  let terms = replyTerms.get(content);
  if (terms === undefined) {
    if (replyTerms.size >= REPLY_TERMS_KEPT) replyTerms.delete(replyTerms.keys().next().value as string);
    replyTerms.set(content, (terms = searchTerms(content)));
  }
  return terms;
}

/** Write one bot turn (state + replies), together with the other conversations' turns of the moment. */
export function commitTurn(db: Db, write: TurnWrite): Promise<TurnResult> {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new Batcher({ run: (writes) => commitTurnBatch(db, writes), key: (w) => `${w.workspaceId} ${w.conversationId}` });
    batchers.set(db, batcher);
  }
  return batcher.submit(write);
}

/** A lock cycle with another node's writes fails the whole statement: each turn is then written alone. */
async function commitTurnBatch(db: Db, writes: TurnWrite[]): Promise<TurnResult[]> {
  try {
    return await runTurns(db, writes);
  } catch (err) {
    if (pgErrorCode(err) !== '40P01' || writes.length === 1) throw err;
    return Promise.all(writes.map((w) => runTurns(db, [w]).then(([result]) => result as TurnResult)));
  }
}

async function runTurns(db: Db, writes: TurnWrite[]): Promise<TurnResult[]> {
  const replies = writes.flatMap((w, t) => w.replies.map((r, p) => ({ turn: t + 1, pos: p + 1, ...r })));
  const { rows } = await db.$client.query<Record<string, unknown>>({
    name: 'kefu_bot_commit_turns',
    text: COMMIT_TURNS,
    values: [
      writes.map((w) => w.workspaceId),
      writes.map((w) => w.conversationId),
      writes.map((w) => JSON.stringify(w.state)),
      writes.map((w) => w.expectedVersion),
      writes.map((w) => w.replies.length),
      writes.map((w) => w.status),
      replies.map((r) => r.turn),
      replies.map((r) => r.pos),
      replies.map((r) => r.id),
      replies.map((r) => r.content),
      replies.map((r) => JSON.stringify(r.contentAttributes)),
      replies.map((r) => termsOfReply(r.content)),
    ],
  });
  const results: TurnResult[] = writes.map(() => ({ outcome: 'stale' }));
  for (const row of rows) {
    const at = Number(row.i) - 1;
    if (row.version === null || row.version === undefined) continue;
    let result = results[at];
    if (!result || result.outcome === 'stale') {
      const conversation = row['c.id'] ? readRow<ConversationRow>(conversationColumns, row, 'c') : null;
      result = results[at] = { outcome: 'written', version: Number(row.version), conversation, messages: [] };
    }
    if (row['m.id']) result.messages.push(readRow<MessageRow>(messageColumns, row, 'm'));
  }
  return results;
}
