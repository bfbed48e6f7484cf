import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { ticketIntakeKeys, ticketIntakeSettings, type TicketIntakeSettingsRow } from './schema.ts';

export async function selectIntakeSettings(db: DbOrTx, workspaceId: string): Promise<TicketIntakeSettingsRow | undefined> {
  const [row] = await db.select().from(ticketIntakeSettings).where(eq(ticketIntakeSettings.workspaceId, workspaceId));
  return row;
}

export async function upsertIntakeSettings(
  tx: DbOrTx,
  workspaceId: string,
  intentCategories: Record<string, string>,
): Promise<TicketIntakeSettingsRow> {
  const [row] = await tx
    .insert(ticketIntakeSettings)
    .values({ workspaceId, intentCategories })
    .onConflictDoUpdate({ target: [ticketIntakeSettings.workspaceId], set: { intentCategories, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

/** Serialises claims of one key (a transaction-scoped advisory lock), then reads who holds it. */
export async function lockIntakeKey(tx: DbOrTx, workspaceId: string, key: string): Promise<string | undefined> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`ticket-intake:${workspaceId}:${key}`}, 0))`);
  const [row] = await tx
    .select({ ticketId: ticketIntakeKeys.ticketId })
    .from(ticketIntakeKeys)
    .where(and(eq(ticketIntakeKeys.workspaceId, workspaceId), eq(ticketIntakeKeys.key, key)));
  return row?.ticketId;
}

export async function insertIntakeKey(tx: DbOrTx, workspaceId: string, key: string, ticketId: string): Promise<void> {
  await tx.insert(ticketIntakeKeys).values({ workspaceId, key, ticketId });
}
