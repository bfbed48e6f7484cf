import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { openContents } from '../conversations/index.ts';
import { gapSuggestions, type GapLocale, type GapStatus, type GapSuggestionRow } from './schema.ts';

/** A gap signal the bot left on one of its replies, and the agents' replies that came after it. */
export interface GapSignalRow {
  conversationId: string;
  seq: number;
  createdAt: Date;
  gap: { kind?: string; question?: string; locale?: string };
  /** The first few agent replies after the signal, in order. */
  agentReplies: string[];
}

/** Agent replies looked at per signal to find the first one that answers something. */
const REPLIES_PER_SIGNAL = 4;

/**
 * The workspace's gap signals since `since`, newest first (bounded), each
 * with the agents' next replies in that conversation — read through the
 * partial index `messages_gap_idx` and the conversation's seq index.
 */
export async function selectGapSignals(db: DbOrTx, workspaceId: string, since: Date, limit: number): Promise<GapSignalRow[]> {
  const { rows } = await db.execute<{
    conversation_id: string;
    seq: string;
    created_at: string | Date;
    gap: GapSignalRow['gap'];
    replies: string[];
  }>(sql`
    select m.conversation_id, m.seq, m.created_at, m.content_attributes -> 'gap' as gap,
      array(
        select a.content from messages a
        where a.workspace_id = m.workspace_id and a.conversation_id = m.conversation_id and a.seq > m.seq
          and a.type = 'outgoing' and a.sender_type = 'user'
        order by a.seq limit ${REPLIES_PER_SIGNAL}
      ) as replies
    from messages m
    where m.workspace_id = ${workspaceId} and m.content_attributes ? 'gap' and m.created_at >= ${since.toISOString()}::timestamptz
    order by m.created_at desc
    limit ${limit}`);
  return Promise.all(
    rows.map(async (r) => ({
      conversationId: r.conversation_id,
      seq: Number(r.seq),
      createdAt: new Date(r.created_at),
      gap: r.gap ?? {},
      agentReplies: await openContents(db, workspaceId, r.replies ?? []),
    })),
  );
}

/** Workspaces whose bot left gap signals since `since` (the hourly mining job's work list). */
export async function selectWorkspacesWithGaps(db: DbOrTx, since: Date): Promise<string[]> {
  const { rows } = await db.execute<{ workspace_id: string }>(
    sql`select distinct workspace_id from messages where content_attributes ? 'gap' and created_at >= ${since.toISOString()}::timestamptz`,
  );
  return rows.map((r) => r.workspace_id);
}

/** Serialises mining runs of one workspace (the hourly job and an editor's "mine now"). */
export async function lockGapMining(tx: DbOrTx, workspaceId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('kefu.gaps'), hashtext(${workspaceId}))`);
}

export function selectSuggestions(
  db: DbOrTx,
  workspaceId: string,
  filter: { status?: GapStatus; locale?: GapLocale; limit: number },
): Promise<GapSuggestionRow[]> {
  return db
    .select()
    .from(gapSuggestions)
    .where(
      and(
        eq(gapSuggestions.workspaceId, workspaceId),
        filter.status ? eq(gapSuggestions.status, filter.status) : undefined,
        filter.locale ? eq(gapSuggestions.locale, filter.locale) : undefined,
      ),
    )
    .orderBy(desc(gapSuggestions.count), desc(gapSuggestions.lastAskedAt), desc(gapSuggestions.id))
    .limit(filter.limit);
}

export async function findSuggestion(db: DbOrTx, workspaceId: string, id: string): Promise<GapSuggestionRow | undefined> {
  const [row] = await db
    .select()
    .from(gapSuggestions)
    .where(and(eq(gapSuggestions.workspaceId, workspaceId), eq(gapSuggestions.id, id)));
  return row;
}

export async function insertSuggestions(db: DbOrTx, rows: (typeof gapSuggestions.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(gapSuggestions).values(rows);
}

type SuggestionPatch = Partial<Omit<GapSuggestionRow, 'workspaceId' | 'id' | 'createdAt' | 'updatedAt'>>;

/** Change a suggestion; with `onlyIfStatus`, only while it still has that status (returns undefined otherwise). */
export async function updateSuggestion(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: SuggestionPatch,
  onlyIfStatus?: GapStatus,
): Promise<GapSuggestionRow | undefined> {
  const [row] = await db
    .update(gapSuggestions)
    .set({ ...patch, updatedAt: new Date() })
    .where(
      and(eq(gapSuggestions.workspaceId, workspaceId), eq(gapSuggestions.id, id), onlyIfStatus ? eq(gapSuggestions.status, onlyIfStatus) : undefined),
    )
    .returning();
  return row;
}

export async function deleteSuggestions(db: DbOrTx, workspaceId: string, ids: string[]): Promise<void> {
  if (ids.length) await db.delete(gapSuggestions).where(and(eq(gapSuggestions.workspaceId, workspaceId), inArray(gapSuggestions.id, ids)));
}
