import type { AppContext } from '../context.ts';
import { appError } from '../lib/errors.ts';
import { normalizeEmail, resolveContact } from '../modules/contacts/index.ts';
import type { AttachmentRef } from '../modules/conversations/index.ts';
import { createTicketLink } from '../modules/portal-access/index.ts';
import { createTicket, type TicketRow } from '../modules/tickets/index.ts';

/** A ticket as the help center form sends it. */
export interface PortalTicketInput {
  /** The signed-in customer; else `email` finds or creates the contact. */
  contactId: string | null;
  email: string;
  name: string;
  locale: 'zh-CN' | 'en';
  subject: string;
  description: string;
  categoryId: string | null;
  customFields: Record<string, unknown>;
  attachments: AttachmentRef[];
}

/**
 * A customer submits a ticket on the help center. Steps: find or create the
 * contact by email (signed-in customers are known already) → create the
 * ticket with source `portal` (dispatch by category, SLA and the requester's
 * confirmation mail follow from `ticket.created`) → a per-ticket link the
 * page shows so the customer can come back without signing in. The contact
 * step needs no undo: a contact without a ticket is harmless and is reused
 * on the next try.
 */
export async function submitPortalTicket(
  ctx: AppContext,
  workspaceId: string,
  input: PortalTicketInput,
): Promise<{ ticket: TicketRow; accessToken: string }> {
  let contactId = input.contactId;
  if (!contactId) {
    const email = normalizeEmail(input.email);
    if (!email) throw appError('validation_failed', [{ in: 'body', path: ['email'], message: 'a valid email address is required' }]);
    const contact = await ctx.db.transaction((tx) =>
      resolveContact(tx, workspaceId, { kind: 'email', value: email }, { email, name: input.name || null, locale: input.locale }),
    );
    contactId = contact.id;
  }
  const ticket = await createTicket(ctx, workspaceId, { type: 'contact', id: contactId }, 'portal', {
    subject: input.subject,
    description: input.description,
    contactId,
    categoryId: input.categoryId,
    customFields: input.customFields,
    attachments: input.attachments,
  });
  const accessToken = await createTicketLink(ctx.db, workspaceId, contactId, ticket.id);
  return { ticket, accessToken };
}
