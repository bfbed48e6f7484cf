import { z } from 'zod';
import type { TicketActivityRow, TicketRow } from '../../modules/tickets/index.ts';

const file = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number() });

/** A ticket as its requester sees it: no assignee, labels, internal fields or classification. */
export const visitorTicketView = z.object({
  id: z.string(),
  number: z.string(),
  subject: z.string(),
  description: z.string(),
  categoryId: z.string().nullable(),
  status: z
    .string()
    .describe('new, open, pending_customer, pending_third_party, resolved, closed, reopened (the widget words them for the customer)'),
  source: z.string(),
  attachments: z.array(file),
  expectedBy: z.string().nullable().describe('When the team expects to resolve it (the SLA resolution target), if one runs'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The due time of the SLA's resolution target, however the SLA module nests it. */
export function expectedBy(sla: Record<string, unknown>): string | null {
  const nested = (sla.resolution ?? sla.resolve) as { dueAt?: unknown } | undefined;
  const due = nested?.dueAt ?? sla.resolutionDueAt;
  return typeof due === 'string' && !Number.isNaN(Date.parse(due)) ? due : null;
}

export function presentVisitorTicket(row: TicketRow): z.infer<typeof visitorTicketView> {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    description: row.description,
    categoryId: row.categoryId,
    status: row.status,
    source: row.source,
    attachments: row.attachments,
    expectedBy: expectedBy(row.sla),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** One public line of the ticket's history: a reply either way, or progress (status, team). */
export const visitorActivityView = z.object({
  id: z.string(),
  kind: z.string().describe('created, reply (from support), customer_reply (yours), change (progress), …'),
  from: z.enum(['customer', 'support', 'system']),
  body: z.string(),
  attachments: z.array(file),
  status: z.string().nullable().describe('The status this line moved the ticket to, if it did'),
  dispatched: z.boolean().describe('The ticket went to a (new) team'),
  createdAt: z.string(),
});

export function presentVisitorActivity(row: TicketActivityRow): z.infer<typeof visitorActivityView> {
  const changes = (row.data.changes ?? {}) as Record<string, [unknown, unknown]>;
  const status = changes.status?.[1];
  return {
    id: row.id,
    kind: row.kind,
    from: row.actorType === 'contact' ? 'customer' : row.actorType === 'user' || row.actorType === 'api' ? 'support' : 'system',
    body: row.body,
    attachments: row.attachments,
    status: typeof status === 'string' ? status : null,
    dispatched: Boolean(changes.teamId?.[1]) || (row.kind === 'created' && typeof row.data.dispatchedTo === 'string'),
    createdAt: row.createdAt.toISOString(),
  };
}

export const ticketFormView = z.object({
  categories: z.array(
    z.object({ id: z.string(), parentId: z.string().nullable(), level: z.number(), name: z.string(), nameEn: z.string().nullable() }),
  ),
  fields: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      labelEn: z.string().nullable(),
      type: z.string(),
      options: z.array(z.string()),
      required: z.boolean(),
    }),
  ),
});
