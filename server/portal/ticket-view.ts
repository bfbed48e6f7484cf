import { customerDueAt } from '../modules/sla/index.ts';
import { dispatchedTeamOf, dispatchedTeamsOf, type TicketActivityRow, type TicketRow, type TicketStatus } from '../modules/tickets/index.ts';
import type { PortalLocale } from './i18n.ts';
import { ticketStrings, type CustomerStatus } from './ticket-i18n.ts';

/**
 * What the customer calls a status: the team's internal steps (open,
 * waiting on a third party, reopened) all read "in progress".
 *
 * @example customerStatus('pending_third_party') // 'in_progress'
 */
export function customerStatus(status: TicketStatus): CustomerStatus {
  switch (status) {
    case 'new':
      return 'received';
    case 'pending_customer':
      return 'waiting_for_you';
    case 'resolved':
      return 'resolved';
    case 'closed':
      return 'closed';
    default:
      return 'in_progress';
  }
}

/** One line of the customer's progress timeline. */
export interface TimelineEntry {
  at: Date;
  who: 'you' | 'support' | 'system';
  /** A progress line ("已派单至售后组"); empty for a plain reply. */
  label: string;
  body: string;
  attachments: { id: string; filename: string }[];
}

const isStatus = (value: unknown): value is TicketStatus => typeof value === 'string';

/**
 * The public history as the customer reads it: submitted, dispatched to a
 * team (by name), status progress in customer words, replies both ways.
 * Only public activities reach this function; anything else is skipped, so
 * staff names, notes and internal fields never show.
 */
export function buildTimeline(
  activities: readonly TicketActivityRow[],
  teamNames: ReadonlyMap<string, string>,
  locale: PortalLocale,
): TimelineEntry[] {
  const t = ticketStrings(locale);
  const out: TimelineEntry[] = [];
  for (const a of activities) {
    if (!a.public) continue;
    const base = { at: a.createdAt, body: '', attachments: a.attachments.map((f) => ({ id: f.id, filename: f.filename })) };
    if (a.kind === 'created') {
      const team = dispatchedTeamOf(a);
      const label = team && teamNames.has(team) ? `${t.eventCreated} · ${t.eventDispatched(teamNames.get(team)!)}` : t.eventCreated;
      out.push({ ...base, who: 'system', label, attachments: [] });
    } else if (a.kind === 'reply') out.push({ ...base, who: 'support', label: '', body: a.body });
    else if (a.kind === 'customer_reply') out.push({ ...base, who: 'you', label: '', body: a.body });
    else if (a.kind === 'change')
      out.push(...changeLines(a, teamNames, locale).map((label) => ({ ...base, who: 'system' as const, label, attachments: [] })));
  }
  return out;
}

function changeLines(a: TicketActivityRow, teamNames: ReadonlyMap<string, string>, locale: PortalLocale): string[] {
  const t = ticketStrings(locale);
  const changes = (a.data.changes ?? {}) as Record<string, [unknown, unknown]>;
  const lines: string[] = [];
  const team = dispatchedTeamOf(a);
  if (team && teamNames.has(team)) lines.push(t.eventDispatched(teamNames.get(team)!));
  const [before, after] = changes.status ?? [];
  if (isStatus(after)) {
    if (after === 'reopened') lines.push(t.eventReopened);
    else if (!isStatus(before) || customerStatus(before) !== customerStatus(after)) lines.push(t.eventStatus(t.statuses[customerStatus(after)]));
  }
  return lines;
}

/** Team ids named by the timeline (to look their names up). */
export const teamIdsOf = dispatchedTeamsOf;

/**
 * "预计 2 小时内处理": from the SLA clocks' due times (`customerDueAt`) —
 * the first response while nobody has answered, else the resolution. Nothing
 * when there is no due time or the ticket waits on the customer or is done.
 *
 * @example expectedTime({ status: 'open', firstRespondedAt: null, sla: { targets: { first_response: { dueAt: in2h, status: 'running' } } } }, 'zh-CN', now) // '预计 2 小时内处理'
 */
export function expectedTime(ticket: Pick<TicketRow, 'status' | 'firstRespondedAt' | 'sla'>, locale: PortalLocale, now = new Date()): string | null {
  if (!['new', 'open', 'reopened', 'pending_third_party'].includes(ticket.status)) return null;
  const due = customerDueAt(ticket);
  if (!due) return null;
  const t = ticketStrings(locale).expected;
  const minutes = Math.ceil((due.getTime() - now.getTime()) / 60_000);
  if (minutes <= 0) return t.overdue;
  if (minutes < 60) return t.minutes(minutes);
  if (minutes <= 48 * 60) return t.hours(Math.ceil(minutes / 60));
  return t.days(Math.ceil(minutes / (24 * 60)));
}
