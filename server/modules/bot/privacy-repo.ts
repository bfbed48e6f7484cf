import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { botRequests, botSessions, botWebhookDeliveries, type BotRequestRow } from './schema.ts';

/** Service requests the bot completed for these contacts (data-subject export). */
export async function selectRequestsOfContacts(db: DbOrTx, workspaceId: string, contactIds: string[]): Promise<BotRequestRow[]> {
  if (contactIds.length === 0) return [];
  return db
    .select()
    .from(botRequests)
    .where(and(eq(botRequests.workspaceId, workspaceId), inArray(botRequests.contactId, contactIds)))
    .orderBy(botRequests.id);
}

/**
 * Forget what the bot collected from these contacts: the slots of their
 * requests and webhook calls (addresses, phone numbers, order numbers) and
 * the dialogue memory of their conversations. Returns rows changed.
 */
export async function forgetBotData(db: DbOrTx, workspaceId: string, contactIds: string[], conversationIds: string[]): Promise<number> {
  let changed = 0;
  if (contactIds.length) {
    const rows = await db
      .update(botRequests)
      .set({ slots: {} })
      .where(and(eq(botRequests.workspaceId, workspaceId), inArray(botRequests.contactId, contactIds)))
      .returning({ id: botRequests.id });
    changed += rows.length;
  }
  if (conversationIds.length) {
    const hooks = await db
      .update(botWebhookDeliveries)
      .set({ slots: {}, lastError: null })
      .where(and(eq(botWebhookDeliveries.workspaceId, workspaceId), inArray(botWebhookDeliveries.conversationId, conversationIds)))
      .returning({ id: botWebhookDeliveries.id });
    const sessions = await db
      .delete(botSessions)
      .where(and(eq(botSessions.workspaceId, workspaceId), inArray(botSessions.conversationId, conversationIds)))
      .returning({ id: botSessions.conversationId });
    changed += hooks.length + sessions.length;
  }
  return changed;
}
