import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { columnsOf, readRow, selectList } from '../../db/raw-rows.ts';
import { newId } from '../../lib/ids.ts';
import { conversations, messages, type ConversationRow, type MessageRow } from '../conversations/index.ts';
import { idsOrAll, selectConversationsByIds, textArray, type AssignmentPick } from './queue-repo.ts';

/**
 * The writes of a routing pass (assign-service.ts), each one statement for
 * the whole burst: a pass holds the workspace's lock, and every round trip
 * it saves is one every other trigger of the workspace waits less.
 */

const conversationColumns = columnsOf(conversations);
const messageColumns = columnsOf(messages);

/**
 * Put open, unassigned conversations among `ids` (or all) that are not yet
 * waiting in the queue with the skills of their inbox's rule, and give those
 * without a team their rule's team; returns the conversations whose team
 * changed. One already waiting keeps its place; one routed before starts
 * waiting anew.
 */
export async function enqueueWithRuleTeams(db: DbOrTx, workspaceId: string, ids: string[] | 'all'): Promise<ConversationRow[]> {
  const notWaiting = sql`not exists (select 1 from routing_queue q where q.workspace_id = c.workspace_id and q.conversation_id = c.id and q.assigned_at is null)`;
  const { rows } = await db.execute<{ id: string }>(sql`
    with teamed as (
      update conversations c set team_id = r.team_id, updated_at = now()
      from routing_rules r
      where c.workspace_id = ${workspaceId} and ${idsOrAll(ids)} and c.status = 'open' and c.assignee_id is null and c.team_id is null
        and r.workspace_id = c.workspace_id and r.inbox_id = c.inbox_id and r.team_id is not null and ${notWaiting}
      returning c.id
    ), queued as (
      insert into routing_queue (workspace_id, conversation_id, skills, waiting_since)
      select c.workspace_id, c.id, coalesce(r.skills, '{}'::text[]), now()
      from conversations c
      left join routing_rules r on r.workspace_id = c.workspace_id and r.inbox_id = c.inbox_id
      where c.workspace_id = ${workspaceId} and ${idsOrAll(ids)} and c.status = 'open' and c.assignee_id is null and ${notWaiting}
      on conflict (workspace_id, conversation_id) do update
        set skills = excluded.skills, waiting_since = excluded.waiting_since, assigned_at = null, position = 0
    )
    select id from teamed`);
  return selectConversationsByIds(
    db,
    workspaceId,
    rows.map((r) => r.id),
  );
}

export interface AutoAssignment {
  /** As it is after the assignment and its timeline line. */
  conversation: ConversationRow;
  activity: MessageRow;
}

/**
 * Give waiting conversations to the picked agents in one statement — each
 * only if it is still open and unassigned (a claim or a supervisor may have
 * been quicker) — with everything that goes with it: the timeline line
 * (`changes.assigneeId`, `routing.reason` `auto`), the queue row's
 * `assigned_at`, and the agents' tie-break clocks restarted in the order
 * they got their last one. Returns the assignments made, in pick order.
 */
export async function assignWaiting(db: DbOrTx, workspaceId: string, picks: AssignmentPick[]): Promise<AutoAssignment[]> {
  if (picks.length === 0) return [];
  const ids = picks.map((p) => p.conversationId);
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    with input as (
      select * from unnest(${textArray(ids)}, ${textArray(picks.map((p) => p.userId))}, ${textArray(picks.map(() => newId('message')))})
        with ordinality as t(conversation_id, user_id, activity_id, i)
    ), assigned as (
      update conversations c set assignee_id = t.user_id, last_seq = c.last_seq + 1, updated_at = now()
      from input t
      where c.workspace_id = ${workspaceId} and c.id = t.conversation_id and c.status = 'open' and c.assignee_id is null
      returning c.*, t.i, t.activity_id
    ), clocks as (
      insert into agent_profiles (workspace_id, user_id, idle_since)
      select ${workspaceId}, a.assignee_id, clock_timestamp()
      from (select assignee_id, max(i) as last from assigned group by assignee_id order by last) a
      on conflict (workspace_id, user_id) do update set idle_since = excluded.idle_since
    ), queued as (
      update routing_queue q set assigned_at = now() from assigned a
      where q.workspace_id = ${workspaceId} and q.conversation_id = a.id and q.assigned_at is null
    ), lines as (
      insert into messages (workspace_id, id, conversation_id, inbox_id, seq, type, sender_type, sender_id, content, content_attributes, attachments, status)
      select a.workspace_id, a.activity_id, a.id, a.inbox_id, a.last_seq, 'activity', 'system', null, '',
        jsonb_build_object('changes', jsonb_build_object('assigneeId', jsonb_build_object('from', null, 'to', a.assignee_id)), 'routing', '{"reason":"auto"}'::jsonb),
        '[]'::jsonb, 'sent'
      from assigned a
      returning *
    )
    select a.i, ${sql.raw(selectList(conversationColumns, 'a', 'c'))}, ${sql.raw(selectList(messageColumns, 'm', 'm'))}
    from assigned a join lines m on m.id = a.activity_id
    order by a.i`);
  return rows.map((row) => ({
    conversation: readRow<ConversationRow>(conversationColumns, row, 'c'),
    activity: readRow<MessageRow>(messageColumns, row, 'm'),
  }));
}
