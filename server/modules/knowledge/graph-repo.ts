import { and, asc, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { GraphEntityType } from '../../nlu/graph-catalogue.ts';
import { kgEntities, kgRelations, type KgEntityRow, type KgRelationRow } from './graph-schema.ts';

/** A workspace's whole graph is loaded for the bot; past this it is cut (a graph is hand-made, hundreds of nodes). */
const GRAPH_LIMIT = 20_000;

export async function findEntity(db: DbOrTx, workspaceId: string, id: string): Promise<KgEntityRow | undefined> {
  const [row] = await db
    .select()
    .from(kgEntities)
    .where(and(eq(kgEntities.workspaceId, workspaceId), eq(kgEntities.id, id)));
  return row;
}

export async function selectEntitiesByIds(db: DbOrTx, workspaceId: string, ids: string[]): Promise<KgEntityRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(kgEntities)
    .where(and(eq(kgEntities.workspaceId, workspaceId), inArray(kgEntities.id, ids)));
}

/** Entities by id, filtered by type and by a search in names and aliases (either language). */
export async function selectEntities(
  db: DbOrTx,
  workspaceId: string,
  filter: { q?: string; type?: GraphEntityType; after?: string; limit: number },
): Promise<KgEntityRow[]> {
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return db
    .select()
    .from(kgEntities)
    .where(
      and(
        eq(kgEntities.workspaceId, workspaceId),
        filter.type ? eq(kgEntities.type, filter.type) : undefined,
        filter.after ? gt(kgEntities.id, filter.after) : undefined,
        like
          ? or(
              ilike(sql`${kgEntities.name}->>'zh-CN'`, like),
              ilike(sql`${kgEntities.name}->>'en'`, like),
              ilike(sql`array_to_string(${kgEntities.aliases}, ' ')`, like),
            )
          : undefined,
      ),
    )
    .orderBy(asc(kgEntities.id))
    .limit(filter.limit);
}

export async function insertEntities(db: DbOrTx, rows: (typeof kgEntities.$inferInsert)[]): Promise<KgEntityRow[]> {
  if (rows.length === 0) return [];
  return db.insert(kgEntities).values(rows).returning();
}

export async function updateEntityRow(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<KgEntityRow, 'name' | 'aliases' | 'description'>>,
): Promise<KgEntityRow | undefined> {
  const [row] = await db
    .update(kgEntities)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(kgEntities.workspaceId, workspaceId), eq(kgEntities.id, id)))
    .returning();
  return row;
}

/** Deletes an entity; its relations go with it (foreign keys cascade). */
export async function deleteEntityRow(db: DbOrTx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(kgEntities)
    .where(and(eq(kgEntities.workspaceId, workspaceId), eq(kgEntities.id, id)))
    .returning({ id: kgEntities.id });
  return rows.length > 0;
}

/** Relations that start or end at any of the entities. */
export async function selectRelationsTouching(db: DbOrTx, workspaceId: string, ids: string[]): Promise<KgRelationRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(kgRelations)
    .where(and(eq(kgRelations.workspaceId, workspaceId), or(inArray(kgRelations.fromId, ids), inArray(kgRelations.toId, ids))))
    .orderBy(asc(kgRelations.id));
}

export async function findRelation(db: DbOrTx, workspaceId: string, id: string): Promise<KgRelationRow | undefined> {
  const [row] = await db
    .select()
    .from(kgRelations)
    .where(and(eq(kgRelations.workspaceId, workspaceId), eq(kgRelations.id, id)));
  return row;
}

/** Inserts relations; an edge that already exists is skipped and not returned. */
export async function insertRelations(db: DbOrTx, rows: (typeof kgRelations.$inferInsert)[]): Promise<KgRelationRow[]> {
  if (rows.length === 0) return [];
  return db.insert(kgRelations).values(rows).onConflictDoNothing().returning();
}

export async function deleteRelationRow(db: DbOrTx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(kgRelations)
    .where(and(eq(kgRelations.workspaceId, workspaceId), eq(kgRelations.id, id)))
    .returning({ id: kgRelations.id });
  return rows.length > 0;
}

/** The workspace's whole graph, for training the bot. */
export async function selectGraph(db: DbOrTx, workspaceId: string): Promise<{ entities: KgEntityRow[]; relations: KgRelationRow[] }> {
  const [entities, relations] = await Promise.all([
    db.select().from(kgEntities).where(eq(kgEntities.workspaceId, workspaceId)).orderBy(asc(kgEntities.id)).limit(GRAPH_LIMIT),
    db.select().from(kgRelations).where(eq(kgRelations.workspaceId, workspaceId)).orderBy(asc(kgRelations.id)).limit(GRAPH_LIMIT),
  ]);
  return { entities, relations };
}

export async function countEntities(db: DbOrTx, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(kgEntities)
    .where(eq(kgEntities.workspaceId, workspaceId));
  return row?.n ?? 0;
}
