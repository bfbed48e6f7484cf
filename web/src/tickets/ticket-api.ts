import { api, query, type Items, type Page } from '../api.ts';
import type { I18n } from '../i18n/index.tsx';
import type { Attachment } from '../console/model.ts';

/** The ticket shapes the server presents (server/modules/tickets/present.ts). */

export const ticketStatuses = ['new', 'open', 'reopened', 'pending_customer', 'pending_third_party', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
/** The statuses someone still has to act on: the list's default tab. */
export const activeStatuses = ['new', 'open', 'reopened', 'pending_customer', 'pending_third_party'] as const;

export interface Ticket {
  id: string;
  number: string;
  subject: string;
  description: string;
  contactId: string;
  categoryId: string | null;
  priority: string;
  status: string;
  source: string;
  teamId: string | null;
  assigneeId: string | null;
  labels: string[];
  customFields: Record<string, unknown>;
  attachments: Attachment[];
  parentId: string | null;
  mergedIntoId: string | null;
  sla: Record<string, unknown>;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ListedTicket extends Ticket {
  contact: { id: string; name: string | null; email: string | null };
}

export interface TicketActivity {
  id: string;
  ticketId: string;
  kind: string;
  actorType: string;
  actorId: string | null;
  public: boolean;
  body: string;
  data: Record<string, unknown>;
  attachments: Attachment[];
  createdAt: string;
}

export interface Category {
  id: string;
  parentId: string | null;
  level: number;
  key: string;
  name: string;
  nameEn: string | null;
  teamId: string | null;
  skills: string[];
  defaultPriority: string | null;
  position: number;
  archived: boolean;
}

export interface TicketField {
  id: string;
  key: string;
  label: string;
  labelEn: string | null;
  type: 'text' | 'number' | 'select' | 'date' | 'checkbox' | string;
  options: string[];
  required: boolean;
  customerVisible: boolean;
  position: number;
}

export interface RelatedTicket {
  id: string;
  number: string;
  subject: string;
  status: string;
}

export interface TicketDetail {
  ticket: Ticket;
  categoryPath: Category[];
  activities: TicketActivity[];
  conversationIds: string[];
  parent: RelatedTicket | null;
  children: RelatedTicket[];
  links: { kind: string; ticket: RelatedTicket }[];
}

export type TicketPatch = Partial<
  Pick<Ticket, 'subject' | 'description' | 'categoryId' | 'priority' | 'status' | 'teamId' | 'assigneeId' | 'labels' | 'customFields' | 'parentId'>
>;

/** Ticket events on the console's socket (server/flows/ticket-realtime.ts). */
export type TicketEvent =
  | { type: 'ticket.created'; ticket: Ticket }
  | { type: 'ticket.updated'; ticket: Ticket; changes: string[] }
  | { type: 'ticket.activity_added'; ticket: Ticket; activity: TicketActivity }
  | { type: 'ticket.sla_warning' | 'ticket.sla_breached'; ticket: Ticket; target: string; dueAt: string };

/** The ticket event in a realtime frame, or null for any other frame. */
export function ticketEventOf(event: { type: string }): TicketEvent | null {
  return event.type.startsWith('ticket.') ? (event as unknown as TicketEvent) : null;
}

const enc = encodeURIComponent;

export const ticketApi = {
  list: (params: Record<string, string | number | null | undefined>) => api<Page<ListedTicket>>('GET', `/api/v1/tickets${query(params)}`),
  get: (id: string) => api<TicketDetail>('GET', `/api/v1/tickets/${enc(id)}`),
  create: (body: Record<string, unknown>) => api<Ticket>('POST', '/api/v1/tickets', body),
  patch: (id: string, body: TicketPatch) => api<Ticket>('PATCH', `/api/v1/tickets/${enc(id)}`, body),
  addActivity: (id: string, body: { body: string; kind: 'reply' | 'note'; status?: string; attachments?: Attachment[] }) =>
    api<{ activity: TicketActivity; ticket: Ticket }>('POST', `/api/v1/tickets/${enc(id)}/activities`, body),
  merge: (id: string, intoTicketId: string) => api<{ source: Ticket; target: Ticket }>('POST', `/api/v1/tickets/${enc(id)}/merge`, { intoTicketId }),
  split: (id: string, subject: string, activityIds: string[]) => api<Ticket>('POST', `/api/v1/tickets/${enc(id)}/split`, { subject, activityIds }),
  link: (id: string, ticketId: string, kind: string) => api<{ created: boolean }>('POST', `/api/v1/tickets/${enc(id)}/links`, { ticketId, kind }),
  unlink: (id: string, otherId: string) => api<undefined>('DELETE', `/api/v1/tickets/${enc(id)}/links/${enc(otherId)}`),
  ofConversation: (conversationId: string) => api<Items<Ticket>>('GET', `/api/v1/conversations/${enc(conversationId)}/tickets`),
  fromConversation: (conversationId: string, body: Record<string, unknown>) =>
    api<Ticket>('POST', `/api/v1/conversations/${enc(conversationId)}/tickets`, body),
  categories: () => api<Items<Category>>('GET', '/api/v1/ticket-categories'),
  fields: () => api<Items<TicketField>>('GET', '/api/v1/ticket-fields'),
};

/** Find one ticket by its number (T-2026-000123), for merge and link. */
export async function findByNumber(number: string): Promise<ListedTicket | null> {
  const q = number.trim().toUpperCase();
  if (!q) return null;
  const page = await ticketApi.list({ q, status: ticketStatuses.join(','), limit: 5 });
  return page.items.find((t) => t.number === q) ?? null;
}

/** The translated status name. */
export function statusLabel(i18n: I18n, status: string): string {
  return i18n.maybe(`ticketStatus.${status}`) ?? status;
}

/** The translated priority name (the console's words: 低/普通/高/紧急). */
export function priorityLabel(i18n: I18n, priority: string): string {
  return i18n.maybe(`priority.${priority}`) ?? priority;
}

/** A category's name in the interface language. */
export function categoryName(i18n: I18n, category: Pick<Category, 'name' | 'nameEn'>): string {
  return i18n.locale === 'en' && category.nameEn ? category.nameEn : category.name;
}

/** A field's label in the interface language. */
export function fieldLabel(i18n: I18n, field: Pick<TicketField, 'label' | 'labelEn'>): string {
  return i18n.locale === 'en' && field.labelEn ? field.labelEn : field.label;
}

/** "售后服务 › 退货 › 质量问题" for a category id, from the flat tree. */
export function categoryPath(i18n: I18n, categories: readonly Category[], id: string | null): string {
  if (!id) return '';
  const byId = new Map(categories.map((c) => [c.id, c]));
  const names: string[] = [];
  for (let c = byId.get(id); c && names.length < 3; c = c.parentId ? byId.get(c.parentId) : undefined) names.unshift(categoryName(i18n, c));
  return names.join(' › ');
}

/** "3 min ago", "2 天前": the list's "updated" column. */
export function relativeTime(i18n: I18n, iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(i18n.locale, { numeric: 'auto' });
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 30],
    ['month', 12],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size)
      return format.format(unit === 'second' ? Math.min(0, value) : value, unit === 'second' && value > -45 ? 'second' : unit);
    value = Math.round(value / size);
  }
  return format.format(value, 'year');
}
