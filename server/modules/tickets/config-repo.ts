import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { ticketCategories, ticketFields, type TicketCategoryRow, type TicketFieldRow } from './schema.ts';

type NewCategory = typeof ticketCategories.$inferInsert;
type NewField = typeof ticketFields.$inferInsert;

export async function selectCategories(db: DbOrTx, workspaceId: string): Promise<TicketCategoryRow[]> {
  return db
    .select()
    .from(ticketCategories)
    .where(eq(ticketCategories.workspaceId, workspaceId))
    .orderBy(asc(ticketCategories.level), asc(ticketCategories.position), asc(ticketCategories.name));
}

export async function selectCategory(db: DbOrTx, workspaceId: string, id: string): Promise<TicketCategoryRow | undefined> {
  const [row] = await db
    .select()
    .from(ticketCategories)
    .where(and(eq(ticketCategories.workspaceId, workspaceId), eq(ticketCategories.id, id)));
  return row;
}

/** The category and its ancestors, root first (at most three rows). */
export async function selectCategoryPath(db: DbOrTx, workspaceId: string, id: string): Promise<TicketCategoryRow[]> {
  const { rows } = await db.execute<{ id: string }>(sql`
    with recursive up as (
      select id, parent_id, level from ticket_categories where workspace_id = ${workspaceId} and id = ${id}
      union all
      select c.id, c.parent_id, c.level from ticket_categories c join up on c.workspace_id = ${workspaceId} and c.id = up.parent_id
    ) select id from up order by level`);
  if (rows.length === 0) return [];
  const all = await db
    .select()
    .from(ticketCategories)
    .where(
      and(
        eq(ticketCategories.workspaceId, workspaceId),
        inArray(
          ticketCategories.id,
          rows.map((r) => r.id),
        ),
      ),
    );
  const byId = new Map(all.map((c) => [c.id, c]));
  return rows.flatMap((r) => byId.get(r.id) ?? []);
}

export async function insertCategories(tx: DbOrTx, rows: NewCategory[]): Promise<TicketCategoryRow[]> {
  if (rows.length === 0) return [];
  return tx.insert(ticketCategories).values(rows).returning();
}

export async function updateCategoryRow(
  tx: DbOrTx,
  workspaceId: string,
  id: string,
  set: Partial<NewCategory>,
): Promise<TicketCategoryRow | undefined> {
  const [row] = await tx
    .update(ticketCategories)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(ticketCategories.workspaceId, workspaceId), eq(ticketCategories.id, id)))
    .returning();
  return row;
}

export async function selectFields(db: DbOrTx, workspaceId: string): Promise<TicketFieldRow[]> {
  return db.select().from(ticketFields).where(eq(ticketFields.workspaceId, workspaceId)).orderBy(asc(ticketFields.position), asc(ticketFields.key));
}

export async function insertField(tx: DbOrTx, row: NewField): Promise<TicketFieldRow> {
  const [created] = await tx.insert(ticketFields).values(row).returning();
  return created!;
}

export async function updateFieldRow(tx: DbOrTx, workspaceId: string, id: string, set: Partial<NewField>): Promise<TicketFieldRow | undefined> {
  const [row] = await tx
    .update(ticketFields)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(ticketFields.workspaceId, workspaceId), eq(ticketFields.id, id)))
    .returning();
  return row;
}

export async function deleteFieldRow(tx: DbOrTx, workspaceId: string, id: string): Promise<TicketFieldRow | undefined> {
  const [row] = await tx
    .delete(ticketFields)
    .where(and(eq(ticketFields.workspaceId, workspaceId), eq(ticketFields.id, id)))
    .returning();
  return row;
}
