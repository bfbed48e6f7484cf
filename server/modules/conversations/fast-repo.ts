import type { Db } from '../../db/client.ts';
import { pgErrorCode } from '../../db/client.ts';
import { columnsOf, readRow, selectList } from '../../db/raw-rows.ts';
import { Batcher } from '../../lib/batcher.ts';
import { workspaceCipher } from '../encryption/index.ts';
import { sealAttributes, sealWith } from './message-crypto.ts';
import { conversations, messages, type AttachmentRef, type ConversationRow, type MessageRow } from './schema.ts';

/**
 * The hottest write — a known customer's next message in their open
 * conversation — as one prepared statement for many customers at once (group
 * commit, see lib/batcher.ts): one round trip and one commit instead of the
 * six to eight statements of the general path per message. It does what the
 * general path does in that case — the same row lock, the same seq bump, the
 * same idempotency key, the same search entry — and reports `undefined` for a message whose case is
 * not its own, so the caller falls back to the general path.
 */

const conversationColumns = columnsOf(conversations);
const messageColumns = columnsOf(messages);

// Lookups are LATERAL … LIMIT 1 subqueries: index probes per message whatever the table statistics
// say (a fresh database's prepared-statement plan must not turn into scans of messages).
const INCOMING_FAST = `
with input as (
  select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
    with ordinality as t(workspace_id, kind, value, inbox_id, source_id, message_id, content, attrs, attachments, terms, i)
), target as (
  select t.i, c.workspace_id, c.id
  from input t
  cross join lateral (
    select c.workspace_id, c.id from contact_identities ident
    join contacts k on k.workspace_id = ident.workspace_id and k.id = ident.contact_id and k.merged_into is null
    join conversations c on c.workspace_id = ident.workspace_id and c.contact_id = ident.contact_id and c.inbox_id = t.inbox_id and c.status <> 'resolved'
    where ident.workspace_id = t.workspace_id and ident.kind = t.kind and ident.value_hash = t.value
      and not exists (select 1 from messages d where d.workspace_id = t.workspace_id and d.inbox_id = t.inbox_id and d.source_id = t.source_id)
    order by c.id desc limit 1
  ) c
), locked as (
  select t.i, l.workspace_id, l.id, l.status
  from (select * from target order by workspace_id, id) t
  cross join lateral (
    select c.workspace_id, c.id, c.status from conversations c
    where c.workspace_id = t.workspace_id and c.id = t.id and c.status <> 'resolved'
    for update
  ) l
), bumped as (
  update conversations c set last_seq = c.last_seq + 1, last_message_at = now(), updated_at = now(),
    status = case when l.status in ('snoozed', 'pending') then 'open' else c.status end,
    snoozed_until = case when l.status in ('snoozed', 'pending') then null else c.snoozed_until end
  from locked l
  where c.workspace_id = l.workspace_id and c.id = l.id
  returning c.*, l.status as previous_status, l.i
), inserted as (
  insert into messages (workspace_id, id, conversation_id, inbox_id, seq, type, sender_type, sender_id, content, content_attributes, attachments, source_id, status)
  select b.workspace_id, t.message_id, b.id, t.inbox_id, b.last_seq, 'incoming', 'contact', b.contact_id, t.content, t.attrs::jsonb, t.attachments::jsonb, t.source_id, 'received'
  from bumped b join input t on t.i = b.i
  returning *
), indexed as (
  insert into message_search (workspace_id, message_id, conversation_id, created_at, terms)
  select m.workspace_id, m.id, m.conversation_id, date_trunc('milliseconds', m.created_at), to_tsvector('simple', t.terms)
  from inserted m join input t on t.message_id = m.id where t.terms <> ''
)
select b.i, b.previous_status, ${selectList(conversationColumns, 'b', 'c')}, ${selectList(messageColumns, 'm', 'm')}
from bumped b join inserted m on m.workspace_id = b.workspace_id and m.conversation_id = b.id`;

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

export type FastIncomingResult = { conversation: ConversationRow; message: MessageRow; reopened: boolean } | undefined;

/** What the statement stores for one message: the identity's blind-index hash, content and search words as sealed. */
interface SealedIncoming extends FastIncoming {
  valueHash: string;
  stored: string;
  storedAttributes: Record<string, unknown>;
  terms: string;
}

const batchers = new WeakMap<Db, Batcher<SealedIncoming, FastIncomingResult>>();

/**
 * Append a customer's message to the open conversation of the contact behind
 * `identity`, in one statement shared with the other customers writing at
 * that moment. `undefined` when that is not the case at hand (unknown
 * identity, merged contact, no open conversation, the sourceId is already
 * stored, or stored concurrently a moment ago): use the general path.
 */
export async function appendIncomingFast(db: Db, input: FastIncoming): Promise<FastIncomingResult> {
  const cipher = await workspaceCipher(db, input.workspaceId);
  const sealed = sealWith(cipher, input.content);
  const valueHash = cipher.hash(`contact_identities.${input.identity.kind}`, input.identity.value);
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new Batcher({
      run: (items) => appendIncomingBatch(db, items),
      key: (item) => `${item.workspaceId} ${item.inboxId} ${item.identity.kind} ${item.identity.value}`,
    });
    batchers.set(db, batcher);
  }
  return batcher.submit({
    ...input,
    valueHash,
    stored: sealed.content,
    terms: sealed.terms,
    storedAttributes: sealAttributes(cipher, input.contentAttributes) ?? {},
  });
}

/** One statement for the batch; when one message in it collides with a concurrent write, each is retried alone. */
async function appendIncomingBatch(db: Db, items: SealedIncoming[]): Promise<FastIncomingResult[]> {
  try {
    return await runIncoming(db, items);
  } catch (err) {
    if (!retryAlone(err)) throw err;
    if (items.length === 1) return [undefined];
    return Promise.all(items.map((item) => appendIncomingBatch(db, [item]).then(([result]) => result)));
  }
}

/** A duplicate key (the same message committed concurrently: the general path finds it) or a lock cycle with another node. */
const retryAlone = (err: unknown): boolean => ['23505', '40P01'].includes(pgErrorCode(err) ?? '');

async function runIncoming(db: Db, items: SealedIncoming[]): Promise<FastIncomingResult[]> {
  const column = <T>(pick: (item: SealedIncoming) => T) => items.map(pick);
  const { rows } = await db.$client.query<Record<string, unknown>>({
    name: 'kefu_incoming_fast',
    text: INCOMING_FAST,
    values: [
      column((i) => i.workspaceId),
      column((i) => i.identity.kind),
      column((i) => i.valueHash),
      column((i) => i.inboxId),
      column((i) => i.sourceId),
      column((i) => i.messageId),
      column((i) => i.stored),
      column((i) => JSON.stringify(i.storedAttributes)),
      column((i) => JSON.stringify(i.attachments)),
      column((i) => i.terms),
    ],
  });
  const results: FastIncomingResult[] = items.map(() => undefined);
  for (const raw of rows) {
    const previous = raw.previous_status;
    const item = items[Number(raw.i) - 1]!;
    results[Number(raw.i) - 1] = {
      conversation: readRow<ConversationRow>(conversationColumns, raw, 'c'),
      message: { ...readRow<MessageRow>(messageColumns, raw, 'm'), content: item.content, contentAttributes: item.contentAttributes },
      reopened: previous === 'snoozed' || previous === 'pending',
    };
  }
  return results;
}
