import { and, asc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { cannedResponses, type CannedResponseRow } from './schema.ts';

/** Whose responses a query may see: the workspace's, and (for a person) their own. */
export interface CannedViewer {
  workspaceId: string;
  /** The signed-in user, or null for an API key (which has no personal responses). */
  userId: string | null;
}

export type CannedScopeFilter = 'all' | 'workspace' | 'personal';

function visibleTo(viewer: CannedViewer, scope: CannedScopeFilter): SQL | undefined {
  const workspace = isNull(cannedResponses.ownerId);
  const own = viewer.userId ? eq(cannedResponses.ownerId, viewer.userId) : sql`false`;
  if (scope === 'workspace') return workspace;
  if (scope === 'personal') return own;
  return or(workspace, own);
}

/** One response the viewer may see; another person's personal response is as good as missing. */
export async function findCanned(db: DbOrTx, viewer: CannedViewer, id: string): Promise<CannedResponseRow | undefined> {
  const [row] = await db
    .select()
    .from(cannedResponses)
    .where(and(eq(cannedResponses.workspaceId, viewer.workspaceId), eq(cannedResponses.id, id), visibleTo(viewer, 'all')));
  return row;
}

/** `%`, `_` and `\` taken literally inside a LIKE pattern. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Responses matching `q` in the shortcut, the title or the text of either
 * locale (case-insensitive substring): an exact shortcut first, then
 * shortcuts that start with `q`, then the rest; personal before workspace
 * at equal rank.
 */
export async function searchCanned(
  db: DbOrTx,
  viewer: CannedViewer,
  filter: { scope: CannedScopeFilter; q: string; limit: number },
): Promise<CannedResponseRow[]> {
  const q = filter.q.toLowerCase();
  const pattern = `%${likeLiteral(q)}%`;
  const shortcutQ = q.startsWith('/') ? q : `/${q}`;
  const t = cannedResponses;
  return db
    .select()
    .from(t)
    .where(
      and(
        eq(t.workspaceId, viewer.workspaceId),
        visibleTo(viewer, filter.scope),
        or(
          sql`${t.shortcut} like ${pattern}`,
          sql`${t.title} ilike ${pattern}`,
          sql`${t.content}->>'zh-CN' ilike ${pattern}`,
          sql`${t.content}->>'en' ilike ${pattern}`,
        ),
      ),
    )
    .orderBy(
      sql`case when ${t.shortcut} = ${shortcutQ} then 0 when ${t.shortcut} like ${`${likeLiteral(shortcutQ)}%`} then 1 else 2 end`,
      sql`${t.ownerId} is null`,
      asc(t.shortcut),
      asc(t.id),
    )
    .limit(filter.limit);
}

/** Responses by shortcut then id, after the `(shortcut, id)` of the previous page's last row. */
export async function selectCanned(
  db: DbOrTx,
  viewer: CannedViewer,
  filter: { scope: CannedScopeFilter; after?: { shortcut: string; id: string }; limit: number },
): Promise<CannedResponseRow[]> {
  const t = cannedResponses;
  const after = filter.after;
  return db
    .select()
    .from(t)
    .where(
      and(
        eq(t.workspaceId, viewer.workspaceId),
        visibleTo(viewer, filter.scope),
        after ? or(gt(t.shortcut, after.shortcut), and(eq(t.shortcut, after.shortcut), gt(t.id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(t.shortcut), asc(t.id))
    .limit(filter.limit);
}

/** How many workspace-scope responses a workspace has (the demo seed adds its own only to none). */
export async function countWorkspaceCanned(db: DbOrTx, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cannedResponses)
    .where(and(eq(cannedResponses.workspaceId, workspaceId), isNull(cannedResponses.ownerId)));
  return row?.n ?? 0;
}

export async function insertCanned(db: DbOrTx, rows: (typeof cannedResponses.$inferInsert)[]): Promise<CannedResponseRow[]> {
  if (rows.length === 0) return [];
  return db.insert(cannedResponses).values(rows).returning();
}

export async function updateCannedRow(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<CannedResponseRow, 'title' | 'shortcut' | 'content' | 'tags'>>,
): Promise<CannedResponseRow | undefined> {
  const [row] = await db
    .update(cannedResponses)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(cannedResponses.workspaceId, workspaceId), eq(cannedResponses.id, id)))
    .returning();
  return row;
}

export async function deleteCannedRow(db: DbOrTx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(cannedResponses)
    .where(and(eq(cannedResponses.workspaceId, workspaceId), eq(cannedResponses.id, id)))
    .returning({ id: cannedResponses.id });
  return rows.length > 0;
}
