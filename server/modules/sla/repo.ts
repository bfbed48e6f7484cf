import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { businessCalendars, slaPolicies, type BusinessCalendarRow, type SlaPolicyRow } from './schema.ts';

type CalendarInsert = typeof businessCalendars.$inferInsert;
type PolicyInsert = typeof slaPolicies.$inferInsert;
export type CalendarPatch = Partial<Omit<CalendarInsert, 'workspaceId' | 'id' | 'createdAt'>>;
export type PolicyPatch = Partial<Omit<PolicyInsert, 'workspaceId' | 'id' | 'createdAt'>>;

export function selectCalendars(db: DbOrTx, workspaceId: string): Promise<BusinessCalendarRow[]> {
  return db.select().from(businessCalendars).where(eq(businessCalendars.workspaceId, workspaceId)).orderBy(asc(businessCalendars.id));
}

export async function findCalendar(db: DbOrTx, workspaceId: string, id: string): Promise<BusinessCalendarRow | undefined> {
  const [row] = await db
    .select()
    .from(businessCalendars)
    .where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.id, id)));
  return row;
}

export async function insertCalendar(db: DbOrTx, row: CalendarInsert): Promise<BusinessCalendarRow> {
  const [created] = await db.insert(businessCalendars).values(row).returning();
  return created!;
}

export async function updateCalendar(db: DbOrTx, workspaceId: string, id: string, patch: CalendarPatch): Promise<BusinessCalendarRow | undefined> {
  const [row] = await db
    .update(businessCalendars)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.id, id)))
    .returning();
  return row;
}

export async function deleteCalendar(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await db.delete(businessCalendars).where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.id, id)));
}

/** How many policies count on the calendar. */
export async function countPoliciesUsingCalendar(db: DbOrTx, workspaceId: string, calendarId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(slaPolicies)
    .where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.calendarId, calendarId)));
  return row?.n ?? 0;
}

/** The workspace's policies in match order (position, then age). */
export function selectPolicies(db: DbOrTx, workspaceId: string): Promise<SlaPolicyRow[]> {
  return db.select().from(slaPolicies).where(eq(slaPolicies.workspaceId, workspaceId)).orderBy(asc(slaPolicies.position), asc(slaPolicies.id));
}

export async function findPolicy(db: DbOrTx, workspaceId: string, id: string): Promise<SlaPolicyRow | undefined> {
  const [row] = await db
    .select()
    .from(slaPolicies)
    .where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id)));
  return row;
}

export async function insertPolicy(db: DbOrTx, row: PolicyInsert): Promise<SlaPolicyRow> {
  const [created] = await db.insert(slaPolicies).values(row).returning();
  return created!;
}

export async function updatePolicy(db: DbOrTx, workspaceId: string, id: string, patch: PolicyPatch): Promise<SlaPolicyRow | undefined> {
  const [row] = await db
    .update(slaPolicies)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id)))
    .returning();
  return row;
}

export async function deletePolicy(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await db.delete(slaPolicies).where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id)));
}

/** Policies by (workspace, id) pairs, across workspaces (the sweep's escalation step). */
export async function selectPoliciesByIds(db: DbOrTx, keys: { workspaceId: string; id: string }[]): Promise<SlaPolicyRow[]> {
  if (!keys.length) return [];
  const list = JSON.stringify(keys.map((k) => ({ w: k.workspaceId, i: k.id })));
  return db
    .select()
    .from(slaPolicies)
    .where(sql`(${slaPolicies.workspaceId}, ${slaPolicies.id}) in (select w, i from jsonb_to_recordset(${list}::jsonb) as k(w text, i text))`);
}
