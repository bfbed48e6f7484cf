import type { Db } from '../../db/client.ts';
import { pgErrorCode } from '../../db/client.ts';
import { columnsOf, readRow, selectList } from '../../db/raw-rows.ts';
import { Batcher } from '../../lib/batcher.ts';
import { newId } from '../../lib/ids.ts';
import { searchTerms } from '../../nlu/search-terms.ts';
import { conversations, messages, type ConversationRow, type MessageRow } from '../conversations/index.ts';

const conversationColumns = columnsOf(conversations);
const messageColumns = columnsOf(messages);

/**
 * What follows a bot turn that hands off or raises the priority, many
 * conversations' at once in one statement (group commit, lib/batcher.ts) —
 * what `storeConversationMessage` + `updateConversation` do in six to nine
 * statements per conversation: under the conversation's row lock, the
 * handoff summary as a private note, the status to `open` and/or the new
 * priority, and the timeline line recording what changed (none when nothing
 * did), each with the next seq. Rows are locked in id order.
 */
const COMMIT_AFTER_TURNS = `
with input as (
  select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[])
    with ordinality as t(workspace_id, conversation_id, note_id, note, terms, activity_id, priority, handoff, i)
), locked as (
  select t.i, l.status, l.priority
  from (select * from input order by workspace_id, conversation_id) t
  cross join lateral (
    select c.status, c.priority from conversations c where c.workspace_id = t.workspace_id and c.id = t.conversation_id for update
  ) l
), planned as (
  select t.*, l.status as old_status, l.priority as old_priority,
    case when t.handoff then 'open' else l.status end as new_status,
    coalesce(t.priority, l.priority) as new_priority
  from input t join locked l on l.i = t.i
), changed as (
  select p.*, (p.new_status <> p.old_status or p.new_priority <> p.old_priority) as logged,
    (p.note is not null)::int as noted
  from planned p
), bumped as (
  update conversations c set status = x.new_status, priority = x.new_priority,
    snoozed_until = case when x.new_status = 'snoozed' then c.snoozed_until else null end,
    last_seq = c.last_seq + x.noted + x.logged::int, updated_at = now()
  from changed x
  where c.workspace_id = x.workspace_id and c.id = x.conversation_id
  returning c.*, x.i
), inserted as (
  insert into messages (workspace_id, id, conversation_id, inbox_id, seq, type, sender_type, sender_id, content, content_attributes, attachments, source_id, status)
  select b.workspace_id, x.note_id, b.id, b.inbox_id, b.last_seq - x.logged::int, 'note', 'bot', null, x.note, '{}'::jsonb, '[]'::jsonb, null, 'sent'
  from bumped b join changed x on x.i = b.i where x.note is not null
  union all
  select b.workspace_id, x.activity_id, b.id, b.inbox_id, b.last_seq, 'activity', 'system', 'system', '',
    jsonb_build_object('changes', jsonb_strip_nulls(jsonb_build_object(
      'status', case when x.new_status <> x.old_status then jsonb_build_object('from', x.old_status, 'to', x.new_status) end,
      'priority', case when x.new_priority <> x.old_priority then jsonb_build_object('from', x.old_priority, 'to', x.new_priority) end))),
    '[]'::jsonb, null, 'sent'
  from bumped b join changed x on x.i = b.i where x.logged
  returning *
), indexed as (
  insert into message_search (workspace_id, message_id, conversation_id, created_at, terms)
  select m.workspace_id, m.id, m.conversation_id, date_trunc('milliseconds', m.created_at), to_tsvector('simple', t.terms)
  from inserted m join input t on t.note_id = m.id where t.terms <> ''
)
select b.i, x.new_status <> x.old_status as status_changed, x.new_priority <> x.old_priority as priority_changed,
  ${selectList(conversationColumns, 'b', 'c')}, ${selectList(messageColumns, 'm', 'm')}
from bumped b
join changed x on x.i = b.i
left join inserted m on m.workspace_id = b.workspace_id and m.conversation_id = b.id
order by b.i, m.seq`;

export interface AfterTurnWrite {
  workspaceId: string;
  conversationId: string;
  /** The handoff summary, stored as the bot's private note; null: no handoff. */
  note: string | null;
  /** The priority to raise to; null: unchanged. */
  priority: ConversationRow['priority'] | null;
}

export interface AfterTurnResult {
  conversation: ConversationRow;
  note: MessageRow | null;
  /** The timeline line recording the change; null when nothing changed. */
  activity: MessageRow | null;
  changes: ('status' | 'priority')[];
}

const batchers = new WeakMap<Db, Batcher<AfterTurnWrite, AfterTurnResult | null>>();

/**
 * Hand a conversation to people (status `open`, the summary as a note)
 * and/or raise its priority, with its timeline line, together with the
 * other conversations' handoffs of the moment. The status becomes `open`
 * whatever it was, as a person's PATCH would. Null when the conversation is gone.
 */
export function commitAfterTurn(db: Db, write: AfterTurnWrite): Promise<AfterTurnResult | null> {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new Batcher({ run: (writes) => commitBatch(db, writes), key: (w) => `${w.workspaceId} ${w.conversationId}` });
    batchers.set(db, batcher);
  }
  return batcher.submit(write);
}

/** A lock cycle with another node's writes fails the whole statement: each is then written alone. */
async function commitBatch(db: Db, writes: AfterTurnWrite[]): Promise<(AfterTurnResult | null)[]> {
  try {
    return await runBatch(db, writes);
  } catch (err) {
    if (pgErrorCode(err) !== '40P01' || writes.length === 1) throw err;
    return Promise.all(writes.map((w) => runBatch(db, [w]).then(([result]) => result ?? null)));
  }
}

async function runBatch(db: Db, writes: AfterTurnWrite[]): Promise<(AfterTurnResult | null)[]> {
  const { rows } = await db.$client.query<Record<string, unknown>>({
    name: 'kefu_bot_commit_after_turns',
    text: COMMIT_AFTER_TURNS,
    values: [
      writes.map((w) => w.workspaceId),
      writes.map((w) => w.conversationId),
      writes.map(() => newId('message')),
      writes.map((w) => w.note),
      writes.map((w) => (w.note ? searchTerms(w.note) : '')),
      writes.map(() => newId('message')),
      writes.map((w) => w.priority),
      writes.map((w) => w.note !== null),
    ],
  });
  const results: (AfterTurnResult | null)[] = writes.map(() => null);
  for (const row of rows) {
    const at = Number(row.i) - 1;
    let result = results[at];
    if (!result) {
      const changes = [...(row.status_changed ? (['status'] as const) : []), ...(row.priority_changed ? (['priority'] as const) : [])];
      result = results[at] = { conversation: readRow<ConversationRow>(conversationColumns, row, 'c'), note: null, activity: null, changes };
    }
    if (!row['m.id']) continue;
    const message = readRow<MessageRow>(messageColumns, row, 'm');
    if (message.type === 'note') result.note = message;
    else result.activity = message;
  }
  return results;
}
