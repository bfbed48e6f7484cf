import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { helpcenterFeedback, type FeedbackRow, type FeedbackTarget } from './schema.ts';

/** Insert or change a visitor's vote on one item; a comment is kept unless a new one replaces it, and dropped on a "yes". */
export async function upsertFeedback(db: DbOrTx, row: typeof helpcenterFeedback.$inferInsert): Promise<FeedbackRow> {
  const [stored] = await db
    .insert(helpcenterFeedback)
    .values(row)
    .onConflictDoUpdate({
      target: [helpcenterFeedback.workspaceId, helpcenterFeedback.targetType, helpcenterFeedback.targetKey, helpcenterFeedback.visitorId],
      set: {
        helpful: row.helpful,
        locale: row.locale,
        comment: row.helpful ? null : row.comment ? row.comment : sql`${helpcenterFeedback.comment}`,
        updatedAt: new Date(),
      },
    })
    .returning();
  return stored!;
}

export interface FeedbackCount {
  targetType: FeedbackTarget;
  targetKey: string;
  helpful: number;
  notHelpful: number;
  comments: number;
}

/** Votes per item of a workspace, most "not helpful" first. */
export async function selectFeedbackCounts(
  db: DbOrTx,
  workspaceId: string,
  filter: { targetType?: FeedbackTarget; targetKey?: string; limit: number },
): Promise<FeedbackCount[]> {
  const f = helpcenterFeedback;
  const helpful = sql<number>`count(*) filter (where ${f.helpful})::int`;
  const notHelpful = sql<number>`count(*) filter (where not ${f.helpful})::int`;
  return db
    .select({
      targetType: f.targetType,
      targetKey: f.targetKey,
      helpful,
      notHelpful,
      comments: sql<number>`count(${f.comment})::int`,
    })
    .from(f)
    .where(
      and(
        eq(f.workspaceId, workspaceId),
        filter.targetType ? eq(f.targetType, filter.targetType) : undefined,
        filter.targetKey ? eq(f.targetKey, filter.targetKey) : undefined,
      ),
    )
    .groupBy(f.targetType, f.targetKey)
    .orderBy(desc(notHelpful), desc(helpful), f.targetKey)
    .limit(filter.limit);
}

/** The latest comments left with a "no", newest first. */
export async function selectFeedbackComments(
  db: DbOrTx,
  workspaceId: string,
  filter: { targetType?: FeedbackTarget; targetKey?: string; limit: number },
): Promise<FeedbackRow[]> {
  const f = helpcenterFeedback;
  return db
    .select()
    .from(f)
    .where(
      and(
        eq(f.workspaceId, workspaceId),
        isNotNull(f.comment),
        filter.targetType ? eq(f.targetType, filter.targetType) : undefined,
        filter.targetKey ? eq(f.targetKey, filter.targetKey) : undefined,
      ),
    )
    .orderBy(desc(f.updatedAt))
    .limit(filter.limit);
}

/** Keys of the items most often found helpful. */
export async function selectMostHelpful(db: DbOrTx, workspaceId: string, targetType: FeedbackTarget, limit: number): Promise<string[]> {
  const f = helpcenterFeedback;
  const rows = await db
    .select({ key: f.targetKey })
    .from(f)
    .where(and(eq(f.workspaceId, workspaceId), eq(f.targetType, targetType), eq(f.helpful, true)))
    .groupBy(f.targetKey)
    .orderBy(desc(sql`count(*)`), f.targetKey)
    .limit(limit);
  return rows.map((r) => r.key);
}
