import { and, desc, eq, gte, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { SurveySettings } from './settings.ts';
import { surveyRequests, surveyResponses, surveySettings, type SurveyRequestRow, type SurveyResponseRow } from './schema.ts';

export async function findSettings(db: DbOrTx, workspaceId: string): Promise<SurveySettings | undefined> {
  const [row] = await db.select().from(surveySettings).where(eq(surveySettings.workspaceId, workspaceId));
  return row?.settings;
}

export async function upsertSettings(db: DbOrTx, workspaceId: string, settings: SurveySettings, updatedBy: string): Promise<void> {
  await db
    .insert(surveySettings)
    .values({ workspaceId, settings, updatedBy })
    .onConflictDoUpdate({ target: [surveySettings.workspaceId], set: { settings, updatedBy, updatedAt: new Date() } });
}

/** Insert a request once per resolution; undefined when this resolution was already asked about. */
export async function insertSurveyRequest(db: DbOrTx, row: typeof surveyRequests.$inferInsert): Promise<SurveyRequestRow | undefined> {
  const [inserted] = await db.insert(surveyRequests).values(row).onConflictDoNothing().returning();
  return inserted;
}

/** Claim an unsent request for sending (row-locked, so two nodes' due-job runs send it once). */
export async function lockUnsentRequest(tx: DbOrTx, workspaceId: string, id: string): Promise<SurveyRequestRow | undefined> {
  const [row] = await tx
    .select()
    .from(surveyRequests)
    .where(and(eq(surveyRequests.workspaceId, workspaceId), eq(surveyRequests.id, id), isNull(surveyRequests.sentAt)))
    .for('update', { skipLocked: true });
  return row;
}

export async function markRequestSent(tx: DbOrTx, workspaceId: string, id: string, messageId: string | null): Promise<void> {
  await tx
    .update(surveyRequests)
    .set({ sentAt: new Date(), messageId })
    .where(and(eq(surveyRequests.workspaceId, workspaceId), eq(surveyRequests.id, id)));
}

/** Requests whose delay is over and that were not sent yet, oldest first (the due job's work list). */
export function selectDueRequests(db: DbOrTx, now: Date, limit: number): Promise<SurveyRequestRow[]> {
  return db
    .select()
    .from(surveyRequests)
    .where(and(isNull(surveyRequests.sentAt), lte(surveyRequests.sendAt, now)))
    .orderBy(surveyRequests.sendAt)
    .limit(limit);
}

/** The request a token opens (tokens are unique across workspaces: the token is the only thing the customer has). */
export async function findRequestByToken(db: DbOrTx, token: string, lock = false): Promise<SurveyRequestRow | undefined> {
  const query = db.select().from(surveyRequests).where(eq(surveyRequests.token, token));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function markRequestAnswered(tx: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await tx
    .update(surveyRequests)
    .set({ answeredAt: new Date() })
    .where(and(eq(surveyRequests.workspaceId, workspaceId), eq(surveyRequests.id, id)));
}

export async function findResponseBySurvey(db: DbOrTx, workspaceId: string, surveyId: string): Promise<SurveyResponseRow | undefined> {
  const [row] = await db
    .select()
    .from(surveyResponses)
    .where(and(eq(surveyResponses.workspaceId, workspaceId), eq(surveyResponses.surveyId, surveyId)));
  return row;
}

export async function insertResponse(db: DbOrTx, row: typeof surveyResponses.$inferInsert): Promise<SurveyResponseRow> {
  const [inserted] = await db.insert(surveyResponses).values(row).returning();
  return inserted!;
}

export async function updateResponse(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<SurveyResponseRow, 'rating' | 'comment' | 'answers' | 'taskId'>>,
): Promise<SurveyResponseRow> {
  const [row] = await db
    .update(surveyResponses)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(surveyResponses.workspaceId, workspaceId), eq(surveyResponses.id, id)))
    .returning();
  return row!;
}

/** Filters of the responses list and the CSAT summary. */
export interface ResponseFilter {
  agentId?: string;
  teamId?: string;
  channel?: string;
  rating?: number;
  maxRating?: number;
  from?: Date;
  to?: Date;
}

function conditions(workspaceId: string, f: ResponseFilter): SQL | undefined {
  return and(
    eq(surveyResponses.workspaceId, workspaceId),
    f.agentId ? eq(surveyResponses.agentId, f.agentId) : undefined,
    f.teamId ? eq(surveyResponses.teamId, f.teamId) : undefined,
    f.channel ? eq(surveyResponses.channel, f.channel as SurveyResponseRow['channel']) : undefined,
    f.rating ? eq(surveyResponses.rating, f.rating) : undefined,
    f.maxRating !== undefined ? lte(surveyResponses.rating, f.maxRating) : undefined,
    f.from ? gte(surveyResponses.createdAt, f.from) : undefined,
    f.to ? lt(surveyResponses.createdAt, f.to) : undefined,
  );
}

/** Newest first, keyset-paged by id (ids are time-ordered). */
export function selectResponses(
  db: DbOrTx,
  workspaceId: string,
  f: ResponseFilter & { before?: string; limit: number },
): Promise<SurveyResponseRow[]> {
  return db
    .select()
    .from(surveyResponses)
    .where(and(conditions(workspaceId, f), f.before ? lt(surveyResponses.id, f.before) : undefined))
    .orderBy(desc(surveyResponses.id))
    .limit(f.limit);
}

/** Count, average and the 4–5 star count, overall and per agent. */
export async function summarizeResponses(
  db: DbOrTx,
  workspaceId: string,
  f: ResponseFilter,
): Promise<{ agentId: string | null; count: number; satisfied: number; sum: number }[]> {
  const rows = await db
    .select({
      agentId: surveyResponses.agentId,
      count: sql<number>`count(*)::int`,
      satisfied: sql<number>`count(*) filter (where ${surveyResponses.rating} >= 4)::int`,
      sum: sql<number>`coalesce(sum(${surveyResponses.rating}), 0)::int`,
    })
    .from(surveyResponses)
    .where(conditions(workspaceId, f))
    .groupBy(surveyResponses.agentId);
  return rows;
}

/** The most recently linked conversation of a ticket (its survey is asked there), if any. */
export async function selectTicketConversationId(db: DbOrTx, workspaceId: string, ticketId: string): Promise<string | undefined> {
  const { rows } = await db.execute<{ conversation_id: string }>(sql`
    select conversation_id from ticket_conversations where workspace_id = ${workspaceId} and ticket_id = ${ticketId}
    order by created_at desc limit 1`);
  return rows[0]?.conversation_id;
}
