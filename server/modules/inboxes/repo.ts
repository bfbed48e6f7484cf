import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { inboxes, type ChannelKind, type InboxRow } from './schema.ts';

export async function findInbox(db: DbOrTx, workspaceId: string, id: string): Promise<InboxRow | undefined> {
  const [row] = await db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.workspaceId, workspaceId), eq(inboxes.id, id)));
  return row;
}

/**
 * Public channel endpoints (widget, webhooks) name only the inbox id; the
 * id carries no workspace, so this is the one lookup by id alone.
 */
export async function findInboxById(db: DbOrTx, id: string): Promise<InboxRow | undefined> {
  const [row] = await db.select().from(inboxes).where(eq(inboxes.id, id)).limit(1);
  return row;
}

/** Enabled inboxes of one channel whose settings contain `match` (e.g. the email inbox for an address). */
export async function findInboxesBySetting(db: DbOrTx, channel: ChannelKind, match: Record<string, unknown>): Promise<InboxRow[]> {
  return db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.channel, channel), eq(inboxes.enabled, true), sql`${inboxes.settings} @> ${JSON.stringify(match)}::jsonb`))
    .limit(10);
}

export async function selectInboxes(db: DbOrTx, workspaceId: string): Promise<InboxRow[]> {
  return db.select().from(inboxes).where(eq(inboxes.workspaceId, workspaceId)).orderBy(inboxes.id).limit(500);
}

export async function insertInbox(db: DbOrTx, row: typeof inboxes.$inferInsert): Promise<InboxRow> {
  const [created] = await db.insert(inboxes).values(row).returning();
  return created!;
}

export async function updateInboxRow(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<InboxRow, 'name' | 'settings' | 'enabled' | 'botEnabled'>>,
): Promise<InboxRow> {
  const [row] = await db
    .update(inboxes)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(inboxes.workspaceId, workspaceId), eq(inboxes.id, id)))
    .returning();
  return row!;
}

/** Workspaces with at least one enabled inbox the bot answers (their bots are trained at boot). */
export async function selectBotWorkspaceIds(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .selectDistinct({ workspaceId: inboxes.workspaceId })
    .from(inboxes)
    .where(and(eq(inboxes.botEnabled, true), eq(inboxes.enabled, true)))
    .limit(10_000);
  return rows.map((r) => r.workspaceId);
}
