import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { classifyForTicket } from '../../flows/ticket-intake.ts';
import { appError } from '../../lib/errors.ts';
import { idSchema } from '../../lib/ids.ts';
import { unstorableTextPath } from '../../lib/http.ts';
import { resolveContact } from '../../modules/contacts/index.ts';
import { claimIntakeKey } from '../../modules/ticket-intake/index.ts';
import {
  addCustomerReply,
  getTicketDetail,
  insertNewTicket,
  listCategories,
  listFields,
  listTickets,
  type TicketActivityRow,
  type TicketRow,
} from '../../modules/tickets/index.ts';
import { getAttachmentRefs } from '../../storage/attachments.ts';
import { findVisitorContactId } from './repo.ts';
import type { WidgetInbox } from './service.ts';

/** Refuses everything when the inbox's `tickets` setting is off. */
export function assertTicketsOn(w: WidgetInbox): void {
  if (!w.settings.tickets) throw appError('widget_tickets_off');
}

/** The form: the live category tree (flat, parents first) and the fields customers fill in. */
export async function ticketForm(ctx: AppContext, w: WidgetInbox) {
  const workspaceId = w.inbox.workspaceId;
  const [categories, fields] = await Promise.all([listCategories(ctx.db, workspaceId), listFields(ctx.db, workspaceId)]);
  const live = new Set<string>();
  // Listed by level, then position and name: parents come before their children.
  const shown = categories.filter((c) => {
    // A child of an archived category is hidden with it.
    const ok = !c.archived && (c.parentId === null || live.has(c.parentId));
    if (ok) live.add(c.id);
    return ok;
  });
  return {
    categories: shown.map((c) => ({ id: c.id, parentId: c.parentId, level: c.level, name: c.name, nameEn: c.nameEn })),
    fields: fields
      .filter((f) => f.customerVisible)
      .map((f) => ({ key: f.key, label: f.label, labelEn: f.labelEn, type: f.type, options: f.options, required: f.required })),
  };
}

export const widgetTicketBody = z
  .object({
    categoryId: idSchema('ticketCategory').nullable().default(null),
    subject: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().min(1).max(20_000),
    attachmentIds: z.array(idSchema('attachment')).max(10).default([]),
    customFields: z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])).default({}),
    /** Makes a resubmitted form harmless: the same id files one ticket. */
    clientRequestId: z.string().min(8).max(100).optional(),
  })
  .strict();

export const widgetReplyBody = z
  .object({ body: z.string().trim().min(1).max(20_000), attachmentIds: z.array(idSchema('attachment')).max(10).default([]) })
  .strict();

function refuseUnstorable(value: unknown): void {
  const path = unstorableTextPath(value);
  if (path) throw appError('validation_failed', [{ in: 'body', path, message: 'must be well-formed Unicode without NUL (U+0000)' }]);
}

/**
 * A visitor files a ticket from the widget (source `widget`). The visitor
 * becomes a contact now if they never wrote; only customer-visible fields
 * may be filled; a live category is required when one is named.
 */
export async function submitVisitorTicket(
  ctx: AppContext,
  w: WidgetInbox,
  visitorId: string,
  input: z.infer<typeof widgetTicketBody>,
): Promise<{ ticket: TicketRow; created: boolean }> {
  refuseUnstorable(input);
  const workspaceId = w.inbox.workspaceId;
  const form = await ticketForm(ctx, w);
  if (input.categoryId && !form.categories.some((c) => c.id === input.categoryId)) {
    throw appError('validation_failed', [{ in: 'body', path: ['categoryId'], message: 'unknown category' }]);
  }
  const visible = new Set(form.fields.map((f) => f.key));
  for (const key of Object.keys(input.customFields)) {
    if (!visible.has(key)) throw appError('validation_failed', [{ in: 'body', path: ['customFields', key], message: 'no such field' }]);
  }
  const attachments = await getAttachmentRefs(ctx, workspaceId, input.attachmentIds);
  const classified = input.categoryId ? null : await classifyForTicket(ctx, workspaceId, input.description);
  const firstLine = input.description.split('\n')[0]!.trim();
  const result = await ctx.db.transaction(async (tx) => {
    const contact = await resolveContact(tx, workspaceId, { kind: 'widget', value: visitorId });
    let made: TicketRow | null = null;
    const create = async () => {
      made = await insertNewTicket(
        tx,
        workspaceId,
        { type: 'contact', id: contact.id },
        'widget',
        {
          subject: input.subject ?? (firstLine.length > 80 ? `${firstLine.slice(0, 80)}…` : firstLine),
          description: input.description,
          contactId: contact.id,
          categoryId: input.categoryId ?? classified?.categoryId ?? null,
          ...(classified?.priority ? { priority: classified.priority } : {}),
          customFields: Object.fromEntries(Object.entries(input.customFields).filter(([, v]) => v !== null && v !== '')),
          attachments,
        },
        classified ? { classification: { by: 'classifier', ...classified } } : {},
      );
      return made;
    };
    if (!input.clientRequestId) return { ticketId: (await create()).id, created: true, made };
    const claim = await claimIntakeKey(tx, workspaceId, `widget:${visitorId}:${input.clientRequestId}`, create);
    return { ...claim, made };
  });
  if (result.created && result.made) {
    ctx.bus.emit('ticket.created', { workspaceId, ticket: result.made });
    return { ticket: result.made, created: true };
  }
  const { ticket } = await getTicketDetail(ctx.db, workspaceId, result.ticketId);
  return { ticket, created: false };
}

/** The visitor's contact, or null when they never wrote nor filed anything. */
export function visitorContactId(ctx: AppContext, w: WidgetInbox, visitorId: string): Promise<string | undefined> {
  return findVisitorContactId(ctx.db, w.inbox.workspaceId, visitorId);
}

/** The visitor's contact's tickets, most recently updated first (at most 50). */
export async function listVisitorTickets(ctx: AppContext, w: WidgetInbox, visitorId: string) {
  const contactId = await visitorContactId(ctx, w, visitorId);
  if (!contactId) return [];
  const { items } = await listTickets(ctx.db, w.inbox.workspaceId, '', { contactId, limit: 50 });
  return items.map((row) => row.ticket);
}

/** One of the visitor's contact's tickets with its public history; anyone else's is `not_found`. */
export async function visitorTicketDetail(ctx: AppContext, w: WidgetInbox, visitorId: string, ticketId: string) {
  const contactId = await visitorContactId(ctx, w, visitorId);
  if (!contactId) throw appError('not_found');
  const detail = await getTicketDetail(ctx.db, w.inbox.workspaceId, ticketId, { publicOnly: true });
  if (detail.ticket.contactId !== contactId) throw appError('not_found');
  return detail;
}

/** The visitor replies on their ticket; a resolved one reopens, a closed one refuses (`ticket_closed`). */
export async function replyOnVisitorTicket(
  ctx: AppContext,
  w: WidgetInbox,
  visitorId: string,
  ticketId: string,
  input: z.infer<typeof widgetReplyBody>,
): Promise<TicketActivityRow> {
  refuseUnstorable(input);
  const contactId = await visitorContactId(ctx, w, visitorId);
  if (!contactId) throw appError('not_found');
  const attachments = await getAttachmentRefs(ctx, w.inbox.workspaceId, input.attachmentIds);
  const { activity } = await addCustomerReply(ctx, w.inbox.workspaceId, contactId, ticketId, { body: input.body, attachments });
  return activity;
}
