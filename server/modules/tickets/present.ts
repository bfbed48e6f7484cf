import { z } from 'zod';
import { isoDate } from '../../lib/http.ts';
import type { ListedTicket } from './repo.ts';
import type { TicketActivityRow, TicketCategoryRow, TicketFieldRow, TicketRow } from './schema.ts';

const attachment = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number() });

export const ticketView = z.object({
  id: z.string(),
  number: z.string().describe('Human-readable, unique per workspace: T-2026-000123'),
  subject: z.string(),
  description: z.string(),
  contactId: z.string(),
  categoryId: z.string().nullable(),
  priority: z.string(),
  status: z.string(),
  source: z.string(),
  teamId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  labels: z.array(z.string()),
  customFields: z.record(z.string(), z.unknown()),
  attachments: z.array(attachment),
  classification: z.record(z.string(), z.unknown()).nullable(),
  parentId: z.string().nullable(),
  mergedIntoId: z.string().nullable(),
  sla: z.record(z.string(), z.unknown()).describe('Due times and state per SLA target (docs/sla.md)'),
  firstRespondedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TicketView = z.infer<typeof ticketView>;

export function presentTicket(row: TicketRow): TicketView {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    description: row.description,
    contactId: row.contactId,
    categoryId: row.categoryId,
    priority: row.priority,
    status: row.status,
    source: row.source,
    teamId: row.teamId,
    assigneeId: row.assigneeId,
    labels: row.labels,
    customFields: row.customFields,
    attachments: row.attachments,
    classification: row.classification ?? null,
    parentId: row.parentId,
    mergedIntoId: row.mergedIntoId,
    sla: row.sla,
    firstRespondedAt: isoDate(row.firstRespondedAt),
    resolvedAt: isoDate(row.resolvedAt),
    closedAt: isoDate(row.closedAt),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const ticketListItemView = ticketView.extend({
  contact: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
});

export function presentListedTicket(row: ListedTicket): z.infer<typeof ticketListItemView> {
  return { ...presentTicket(row.ticket), contact: row.contact };
}

export const activityView = z.object({
  id: z.string(),
  ticketId: z.string(),
  kind: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  public: z.boolean(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  attachments: z.array(attachment),
  createdAt: z.string(),
});

export function presentActivity(row: TicketActivityRow): z.infer<typeof activityView> {
  return {
    id: row.id,
    ticketId: row.ticketId,
    kind: row.kind,
    actorType: row.actorType,
    actorId: row.actorId,
    public: row.public,
    body: row.body,
    data: row.data,
    attachments: row.attachments,
    createdAt: row.createdAt.toISOString(),
  };
}

export const categoryView = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  level: z.number(),
  key: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  teamId: z.string().nullable(),
  skills: z.array(z.string()),
  defaultPriority: z.string().nullable(),
  position: z.number(),
  archived: z.boolean(),
});

export function presentCategory(row: TicketCategoryRow): z.infer<typeof categoryView> {
  return {
    id: row.id,
    parentId: row.parentId,
    level: row.level,
    key: row.key,
    name: row.name,
    nameEn: row.nameEn,
    teamId: row.teamId,
    skills: row.skills,
    defaultPriority: row.defaultPriority,
    position: row.position,
    archived: row.archived,
  };
}

export const fieldView = z.object({
  id: z.string(),
  key: z.string(),
  label: z.string(),
  labelEn: z.string().nullable(),
  type: z.string(),
  options: z.array(z.string()),
  required: z.boolean(),
  customerVisible: z.boolean(),
  position: z.number(),
});

export function presentField(row: TicketFieldRow): z.infer<typeof fieldView> {
  return {
    id: row.id,
    key: row.key,
    label: row.label,
    labelEn: row.labelEn,
    type: row.type,
    options: row.options,
    required: row.required,
    customerVisible: row.customerVisible,
    position: row.position,
  };
}

const related = z.object({ id: z.string(), number: z.string(), subject: z.string(), status: z.string() });

export const ticketDetailView = z.object({
  ticket: ticketView,
  categoryPath: z.array(categoryView),
  activities: z.array(activityView),
  conversationIds: z.array(z.string()),
  parent: related.nullable(),
  children: z.array(related),
  links: z.array(z.object({ kind: z.string(), ticket: related })),
});

const brief = (t: TicketRow) => ({ id: t.id, number: t.number, subject: t.subject, status: t.status });

export function presentTicketDetail(d: {
  ticket: TicketRow;
  activities: TicketActivityRow[];
  conversationIds: string[];
  related: { parent: TicketRow | null; children: TicketRow[]; links: { kind: string; ticket: TicketRow }[] };
  categoryPath: TicketCategoryRow[];
}): z.infer<typeof ticketDetailView> {
  return {
    ticket: presentTicket(d.ticket),
    categoryPath: d.categoryPath.map(presentCategory),
    activities: d.activities.map(presentActivity),
    conversationIds: d.conversationIds,
    parent: d.related.parent ? brief(d.related.parent) : null,
    children: d.related.children.map(brief),
    links: d.related.links.map((l) => ({ kind: l.kind, ticket: brief(l.ticket) })),
  };
}
