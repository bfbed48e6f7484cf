import { z } from 'zod';
import { customerDueAt } from '../../modules/sla/index.ts';
import { dispatchedTeamOf, type TicketActivityRow, type TicketRow } from '../../modules/tickets/index.ts';

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
  expectedBy: z
    .string()
    .nullable()
    .describe('When the team expects to act: the first response until someone answered, then the resolution (SLA targets), if one runs'),
  team: z.string().nullable().describe('The name of the team handling it ("已派单至售后组"), when it has one'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function presentVisitorTicket(row: TicketRow, teams?: ReadonlyMap<string, string>): z.infer<typeof visitorTicketView> {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    description: row.description,
    categoryId: row.categoryId,
    status: row.status,
    source: row.source,
    attachments: row.attachments,
    expectedBy: customerDueAt(row)?.toISOString() ?? null,
    team: (row.teamId && teams?.get(row.teamId)) || null,
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
  team: z.string().nullable().describe("That team's name, when the ticket went to one"),
  createdAt: z.string(),
});

export function presentVisitorActivity(
  row: TicketActivityRow,
  teamNames: ReadonlyMap<string, string> = new Map(),
): z.infer<typeof visitorActivityView> {
  const team = dispatchedTeamOf(row);
  const changes = (row.data.changes ?? {}) as Record<string, [unknown, unknown]>;
  const status = changes.status?.[1];
  return {
    id: row.id,
    kind: row.kind,
    from: row.actorType === 'contact' ? 'customer' : row.actorType === 'user' || row.actorType === 'api' ? 'support' : 'system',
    body: row.body,
    attachments: row.attachments,
    status: typeof status === 'string' ? status : null,
    dispatched: team !== null,
    team: team ? (teamNames.get(team) ?? null) : null,
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
