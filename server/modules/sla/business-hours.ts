import type { AppContext } from '../../context.ts';
import { isOpenAt } from './calendar-math.ts';
import { pickPolicy } from './clock.ts';
import type { TicketFacts } from './timers-repo.ts';
import { selectCalendars, selectPolicies } from './repo.ts';
import type { BusinessCalendarRow, SlaPolicyRow } from './schema.ts';

/**
 * The workspace's default business calendar: the calendar of its first
 * enabled policy (by position) that names one, else its oldest calendar;
 * none when it has no calendars at all.
 */
export function defaultCalendar(policies: SlaPolicyRow[], calendars: BusinessCalendarRow[]): BusinessCalendarRow | undefined {
  const byId = new Map(calendars.map((c) => [c.id, c]));
  const used = policies.find((p) => p.enabled && p.calendarId && byId.has(p.calendarId));
  if (used) return byId.get(used.calendarId!);
  return [...calendars].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))[0];
}

/** What picks a ticket's SLA policy: its priority, category and the requester's tier. */
export type PolicyFacts = Pick<TicketFacts, 'priority' | 'categoryId' | 'tier'>;

/**
 * Whether the workspace is inside business hours at `at`: what automation's
 * `business_hours` condition reads. For a ticket (`ticket`: the facts that
 * pick its SLA policy, as the clocks pick it) the calendar of the policy that
 * covers it decides — a policy without a calendar runs 24×7; otherwise, and
 * for conversations, the default calendar; a workspace without calendars is
 * always open.
 *
 * @example await isBusinessTime(ctx, 'wsp_…', new Date(), { priority: 'urgent', categoryId: null, tier: 'vip' })
 */
export async function isBusinessTime(ctx: AppContext, workspaceId: string, at: Date, ticket?: PolicyFacts): Promise<boolean> {
  const [policies, calendars] = await Promise.all([selectPolicies(ctx.db, workspaceId), selectCalendars(ctx.db, workspaceId)]);
  const policy = ticket ? pickPolicy(policies, ticket) : undefined;
  if (policy) return isOpenAt(policy.calendarId ? (calendars.find((c) => c.id === policy.calendarId) ?? null) : null, at);
  return isOpenAt(defaultCalendar(policies, calendars) ?? null, at);
}
