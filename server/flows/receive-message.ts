import type { InboundMessage } from '../channels/types.ts';
import type { AppContext } from '../context.ts';
import { resolveContact } from '../modules/contacts/index.ts';
import {
  announceMessage,
  ConcurrentDuplicateError,
  storeFollowUpMessage,
  storeIncomingMessage,
  type StoredMessage,
} from '../modules/conversations/index.ts';
import type { InboxRow } from '../modules/inboxes/index.ts';

/**
 * Accept one customer message from any channel. Steps, in one transaction:
 * find or create the contact behind the channel identity → thread the
 * message into a conversation → store it once per sourceId. Only after the
 * commit are events emitted (realtime, bot, automation) — so a channel that
 * answers its caller after this returns never loses an accepted message, and
 * a redelivered one (same sourceId) is stored once (`created: false`).
 * A known customer writing again in their open conversation takes a
 * one-statement path that does the same.
 */
export async function receiveMessage(ctx: AppContext, inbox: InboxRow, inbound: InboundMessage): Promise<StoredMessage & { contactId: string }> {
  if (!inbound.profile || !Object.values(inbound.profile).some(Boolean)) {
    const fast = await storeFollowUpMessage(ctx.db, {
      workspaceId: inbox.workspaceId,
      inboxId: inbox.id,
      identity: inbound.identity,
      message: inbound.message,
    });
    if (fast) {
      announceMessage(ctx, fast);
      return { ...fast, contactId: fast.conversation.contactId };
    }
  }
  const store = () =>
    ctx.db.transaction(async (tx) => {
      const contact = await resolveContact(tx, inbox.workspaceId, inbound.identity, inbound.profile);
      const result = await storeIncomingMessage(tx, {
        workspaceId: inbox.workspaceId,
        inboxId: inbox.id,
        contactId: contact.id,
        initialStatus: inbox.botEnabled ? 'bot' : 'open',
        message: inbound.message,
      });
      return { ...result, contactId: contact.id };
    });
  // The same message arriving twice at the same moment: the loser rolls back and, on its second run, finds the winner's row.
  const stored = await store().catch((err: unknown) => (err instanceof ConcurrentDuplicateError ? store() : Promise.reject(err)));
  if (stored.created) announceMessage(ctx, stored);
  return stored;
}
