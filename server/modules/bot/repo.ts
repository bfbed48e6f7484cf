import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import {
  botCounters,
  botDictionary,
  botFlows,
  botIntents,
  botRequests,
  botSessions,
  type BotRequestRow,
  type FlowRow,
  type IntentRow,
} from './schema.ts';

export function selectIntents(db: DbOrTx, workspaceId: string): Promise<IntentRow[]> {
  return db.select().from(botIntents).where(eq(botIntents.workspaceId, workspaceId)).orderBy(asc(botIntents.name)).limit(2000);
}

export async function findIntent(db: DbOrTx, workspaceId: string, id: string): Promise<IntentRow | undefined> {
  const [row] = await db
    .select()
    .from(botIntents)
    .where(and(eq(botIntents.workspaceId, workspaceId), eq(botIntents.id, id)));
  return row;
}

export async function insertIntents(db: DbOrTx, rows: (typeof botIntents.$inferInsert)[]): Promise<IntentRow[]> {
  return rows.length ? db.insert(botIntents).values(rows).returning() : [];
}

export async function updateIntentRow(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<IntentRow, 'description' | 'examples' | 'response' | 'action'>>,
): Promise<IntentRow | undefined> {
  const [row] = await db
    .update(botIntents)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(botIntents.workspaceId, workspaceId), eq(botIntents.id, id)))
    .returning();
  return row;
}

export async function deleteIntentRow(db: DbOrTx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(botIntents)
    .where(and(eq(botIntents.workspaceId, workspaceId), eq(botIntents.id, id)))
    .returning({ id: botIntents.id });
  return rows.length > 0;
}

export function selectFlows(db: DbOrTx, workspaceId: string): Promise<FlowRow[]> {
  return db.select().from(botFlows).where(eq(botFlows.workspaceId, workspaceId)).orderBy(asc(botFlows.name)).limit(500);
}

/** Create or replace the flow of that name. */
export async function upsertFlow(db: DbOrTx, row: typeof botFlows.$inferInsert): Promise<FlowRow> {
  const [saved] = await db
    .insert(botFlows)
    .values(row)
    .onConflictDoUpdate({ target: [botFlows.workspaceId, botFlows.name], set: { definition: row.definition, updatedAt: new Date() } })
    .returning();
  return saved!;
}

export async function deleteFlowRow(db: DbOrTx, workspaceId: string, name: string): Promise<boolean> {
  const rows = await db
    .delete(botFlows)
    .where(and(eq(botFlows.workspaceId, workspaceId), eq(botFlows.name, name)))
    .returning({ id: botFlows.id });
  return rows.length > 0;
}

export function selectDictionary(db: DbOrTx, workspaceId: string) {
  return db
    .select({ word: botDictionary.word, type: botDictionary.type })
    .from(botDictionary)
    .where(eq(botDictionary.workspaceId, workspaceId))
    .orderBy(asc(botDictionary.word))
    .limit(100_000);
}

export async function replaceDictionary(db: DbOrTx, workspaceId: string, words: { word: string; type: 'product' | 'term' }[]): Promise<void> {
  await db.delete(botDictionary).where(eq(botDictionary.workspaceId, workspaceId));
  for (let i = 0; i < words.length; i += 1000) {
    await db.insert(botDictionary).values(words.slice(i, i + 1000).map((w) => ({ workspaceId, ...w })));
  }
}

export async function findSession(
  db: DbOrTx,
  workspaceId: string,
  conversationId: string,
): Promise<{ state: Record<string, unknown>; version: number } | undefined> {
  const [row] = await db
    .select({ state: botSessions.state, version: botSessions.version })
    .from(botSessions)
    .where(and(eq(botSessions.workspaceId, workspaceId), eq(botSessions.conversationId, conversationId)));
  return row;
}

/** The next value of a per-workspace counter (request numbers). */
export async function nextCounter(db: DbOrTx, workspaceId: string, name: string): Promise<number> {
  const [row] = await db
    .insert(botCounters)
    .values({ workspaceId, name, value: 1 })
    .onConflictDoUpdate({ target: [botCounters.workspaceId, botCounters.name], set: { value: sql`${botCounters.value} + 1` } })
    .returning({ value: botCounters.value });
  return row!.value;
}

/** Insert a request; undefined when one already exists for its message (the turn ran twice). */
export async function insertRequest(db: DbOrTx, row: typeof botRequests.$inferInsert): Promise<BotRequestRow | undefined> {
  const [created] = await db
    .insert(botRequests)
    .values(row)
    .onConflictDoNothing({ target: [botRequests.workspaceId, botRequests.messageId] })
    .returning();
  return created;
}

export async function findRequestByMessage(db: DbOrTx, workspaceId: string, messageId: string): Promise<BotRequestRow | undefined> {
  const [row] = await db
    .select()
    .from(botRequests)
    .where(and(eq(botRequests.workspaceId, workspaceId), eq(botRequests.messageId, messageId)));
  return row;
}

export function selectRequests(db: DbOrTx, workspaceId: string, filter: { conversationId?: string; limit: number }): Promise<BotRequestRow[]> {
  return db
    .select()
    .from(botRequests)
    .where(and(eq(botRequests.workspaceId, workspaceId), filter.conversationId ? eq(botRequests.conversationId, filter.conversationId) : undefined))
    .orderBy(desc(botRequests.id))
    .limit(filter.limit);
}

export async function findRequest(db: DbOrTx, workspaceId: string, id: string): Promise<BotRequestRow | undefined> {
  const [row] = await db
    .select()
    .from(botRequests)
    .where(and(eq(botRequests.workspaceId, workspaceId), eq(botRequests.id, id)));
  return row;
}
