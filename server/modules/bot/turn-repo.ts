import type { Db } from '../../db/client.ts';
import { pgErrorCode } from '../../db/client.ts';
import { columnsOf, readRow, selectList } from '../../db/raw-rows.ts';
import { Batcher } from '../../lib/batcher.ts';
import { newId } from '../../lib/ids.ts';
import { searchTerms } from '../../nlu/search-terms.ts';
import { conversations, messages, sealWith, type ConversationRow, type MessageRow } from '../conversations/index.ts';
import { workspaceCipher } from '../encryption/index.ts';

const conversationColumns = columnsOf(conversations);
const messageColumns = columnsOf(messages);

/**
 * Bot turns, many conversations' at once, written in one statement (group
 * commit, see lib/batcher.ts). Per turn: the dialogue state — only if it is
 * still the version the turn started from (a turn computed from a stale state
 * is redone) — and the bot's replies, which get the next seqs under the
 * conversation's row lock only while the conversation is still the bot's: a
 * person who took it over a moment earlier silences the bot for good.
 *
 * A turn that hands off or raises the priority (`after`) does that in the
 * same statement, after its replies: the handoff summary as a private note,
 * status `open` and/or the new priority, and the timeline line recording the
 * change — what `updateConversation` writes — each with the next seq. Its
 * conversation's row is locked first (in id order) to read the priority the
 * line reports as the old one.
 */
const COMMIT_TURNS = `
with input as (
  select * from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[])
    with ordinality as t(workspace_id, conversation_id, state, expected, n, status, note, note_terms, priority, note_id, activity_id, i)
), s as (
  insert into bot_sessions as b (workspace_id, conversation_id, state, version, updated_at)
  select t.workspace_id, t.conversation_id, t.state::jsonb, t.expected + 1, now() from input t
  on conflict (workspace_id, conversation_id) do update set state = excluded.state, version = excluded.version, updated_at = now()
  where b.version = excluded.version - 1
  returning b.workspace_id, b.conversation_id, b.version
), locked as (
  select t.i, l.priority as old_priority
  from (select * from input where note is not null or priority is not null order by workspace_id, conversation_id) t
  cross join lateral (
    select c.priority from conversations c where c.workspace_id = t.workspace_id and c.id = t.conversation_id for update
  ) l
), plan as (
  select l.i, l.old_priority, (t.note is not null)::int as noted,
    (t.note is not null or coalesce(t.priority <> l.old_priority, false))::int as logged
  from locked l join input t on t.i = l.i
), bumped as (
  update conversations c set last_seq = c.last_seq + t.n + coalesce(x.noted + x.logged, 0),
    last_message_at = case when t.n > 0 then now() else c.last_message_at end, updated_at = now(),
    status = case when t.note is not null then 'open' else c.status end,
    priority = coalesce(t.priority, c.priority),
    snoozed_until = case when x.i is null then c.snoozed_until end
  from s join input t on t.workspace_id = s.workspace_id and t.conversation_id = s.conversation_id
  left join plan x on x.i = t.i
  where c.workspace_id = t.workspace_id and c.id = t.conversation_id and c.status = 'bot'
  returning c.*, t.i, t.n, t.status as reply_status, coalesce(x.noted, 0) as noted, coalesce(x.logged, 0) as logged, x.old_priority,
    t.note, t.priority as new_priority, t.note_id, t.activity_id
), inserted as (
  insert into messages (workspace_id, id, conversation_id, inbox_id, seq, type, sender_type, sender_id, content, content_attributes, attachments, source_id, status)
  select b.workspace_id, r.id, b.id, b.inbox_id, b.last_seq - b.logged - b.noted - b.n + r.pos, 'outgoing', 'bot', null, r.content, r.attrs::jsonb, '[]'::jsonb, null, b.reply_status
  from bumped b join unnest($7::int[], $8::int[], $9::text[], $10::text[], $11::text[]) as r(turn, pos, id, content, attrs) on r.turn = b.i
  union all
  select b.workspace_id, b.note_id, b.id, b.inbox_id, b.last_seq - b.logged, 'note', 'bot', null, b.note, '{}'::jsonb, '[]'::jsonb, null, 'sent'
  from bumped b where b.noted = 1
  union all
  select b.workspace_id, b.activity_id, b.id, b.inbox_id, b.last_seq, 'activity', 'system', 'system', '',
    jsonb_build_object('changes', jsonb_strip_nulls(jsonb_build_object(
      'status', case when b.noted = 1 then jsonb_build_object('from', 'bot', 'to', 'open') end,
      'priority', case when b.new_priority <> b.old_priority then jsonb_build_object('from', b.old_priority, 'to', b.new_priority) end))),
    '[]'::jsonb, null, 'sent'
  from bumped b where b.logged = 1
  returning *
), indexed as (
  insert into message_search (workspace_id, message_id, conversation_id, created_at, terms)
  select m.workspace_id, m.id, m.conversation_id, date_trunc('milliseconds', m.created_at), to_tsvector('simple', r.terms)
  from inserted m join (select * from unnest($9::text[], $12::text[]) union all select note_id, note_terms from input where note is not null) as r(id, terms)
    on r.id = m.id where r.terms <> ''
)
select t.i, s.version, b.old_priority, b.new_priority, ${selectList(conversationColumns, 'b', 'c')}, ${selectList(messageColumns, 'm', 'm')}
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
  /** After the replies: hand off (the summary as a private note, status `open`) and/or raise the priority. */
  after?: { note: string | null; priority: ConversationRow['priority'] | null };
}

/** What a turn's `after` wrote: the note, the timeline line (none when nothing changed) and what changed. */
export interface AfterTurn {
  note: MessageRow | null;
  activity: MessageRow | null;
  changes: ('status' | 'priority')[];
}

export type TurnResult =
  | { outcome: 'stale' }
  /** `conversation` is null when the conversation is no longer the bot's: nothing was said. */
  | { outcome: 'written'; version: number; conversation: ConversationRow | null; messages: MessageRow[]; after: AfterTurn | null };

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

/**
 * Content and search words as stored: sealed for workspaces that encrypt
 * message text (docs/encryption.md), else as said (the reply's words cached).
 */
async function sealerFor(db: Db, writes: TurnWrite[]) {
  const ids = [...new Set(writes.map((w) => w.workspaceId))];
  const ciphers = new Map(await Promise.all(ids.map(async (id) => [id, await workspaceCipher(db, id)] as const)));
  return (workspaceId: string, content: string, terms: () => string) => {
    const cipher = ciphers.get(workspaceId)!;
    return cipher.encryptMessages ? sealWith(cipher, content) : { content, terms: terms() };
  };
}

async function runTurns(db: Db, writes: TurnWrite[]): Promise<TurnResult[]> {
  const seal = await sealerFor(db, writes);
  const replies = writes.flatMap((w, t) =>
    w.replies.map((r, p) => ({ turn: t + 1, pos: p + 1, ...r, stored: seal(w.workspaceId, r.content, () => termsOfReply(r.content)) })),
  );
  const notes = writes.map((w) => (w.after?.note ? seal(w.workspaceId, w.after.note, () => searchTerms(w.after!.note!)) : null));
  /** What was said, by message id: the rows come back sealed, the turn's readers get them in clear. */
  const said = new Map<string, string>(replies.map((r) => [r.id, r.content]));
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
      replies.map((r) => r.stored.content),
      replies.map((r) => JSON.stringify(r.contentAttributes)),
      replies.map((r) => r.stored.terms),
      notes.map((n) => n?.content ?? null),
      notes.map((n) => n?.terms ?? ''),
      writes.map((w) => w.after?.priority ?? null),
      writes.map((w) => (w.after?.note == null ? null : newId('message'))),
      writes.map((w) => (w.after ? newId('message') : null)),
    ],
  });
  const results: TurnResult[] = writes.map(() => ({ outcome: 'stale' }));
  for (const row of rows) {
    const at = Number(row.i) - 1;
    if (row.version === null || row.version === undefined) continue;
    let result = results[at];
    if (!result || result.outcome === 'stale') {
      const conversation = row['c.id'] ? readRow<ConversationRow>(conversationColumns, row, 'c') : null;
      const after = conversation && writes[at]?.after ? afterOf(writes[at].after, row) : null;
      result = results[at] = { outcome: 'written', version: Number(row.version), conversation, messages: [], after };
    }
    if (!row['m.id']) continue;
    const stored = readRow<MessageRow>(messageColumns, row, 'm');
    const clear = stored.type === 'note' ? (writes[at]?.after?.note ?? stored.content) : (said.get(stored.id) ?? stored.content);
    const message = { ...stored, content: clear };
    if (message.type === 'outgoing') result.messages.push(message);
    else if (result.after && message.type === 'note') result.after.note = message;
    else if (result.after) result.after.activity = message;
  }
  return results;
}

function afterOf(after: NonNullable<TurnWrite['after']>, row: Record<string, unknown>): AfterTurn {
  const changes: AfterTurn['changes'] = after.note === null ? [] : ['status'];
  if (row.new_priority !== null && row.new_priority !== row.old_priority) changes.push('priority');
  return { note: null, activity: null, changes };
}
