import type { AppContext } from '../context.ts';
import type { EventCatalogue } from '../events/catalogue.ts';
import { presentActivity, presentTicket, ticketWatcherIds } from '../modules/tickets/index.ts';
import { topics } from '../realtime/hub.ts';

type SlaPayload = EventCatalogue['ticket.sla_warning'];

/**
 * Bus → realtime for tickets: the workspace's consoles (topic
 * `workspace:<id>`, the same one conversation events use) hear every created
 * or changed ticket and every new history line, so the ticket list and an
 * open ticket page follow without a reload. Customers never hear these here:
 * internal notes and field changes are staff-only.
 */
export function registerTicketRealtime(ctx: AppContext): void {
  ctx.bus.on('ticket.created', ({ payload }) => {
    ctx.realtime.publish(topics.workspace(payload.workspaceId), { type: 'ticket.created', ticket: presentTicket(payload.ticket) });
  });
  ctx.bus.on('ticket.updated', ({ payload }) => {
    ctx.realtime.publish(topics.workspace(payload.workspaceId), {
      type: 'ticket.updated',
      ticket: presentTicket(payload.ticket),
      changes: payload.changes,
    });
  });
  ctx.bus.on('ticket.activity_added', ({ payload }) => {
    ctx.realtime.publish(topics.workspace(payload.workspaceId), {
      type: 'ticket.activity_added',
      ticket: presentTicket(payload.ticket),
      activity: presentActivity(payload.activity),
    });
  });
  ctx.bus.on('ticket.sla_warning', ({ payload }) => publishSla(ctx, 'warning', payload));
  ctx.bus.on('ticket.sla_breached', ({ payload }) => publishSla(ctx, 'breached', payload));
}

/**
 * An SLA warning or breach: every console hears the ticket with its new
 * `sla` column (`ticket.sla_warning` / `ticket.sla_breached`), so an open
 * list or ticket page moves its SLA badge; when the policy's escalation says
 * `notify`, the assignee — or, with nobody assigned, each member of the
 * ticket's team — also gets an `sla.notice` on their own consoles.
 */
async function publishSla(ctx: AppContext, event: 'warning' | 'breached', payload: SlaPayload): Promise<void> {
  const ticket = presentTicket(payload.ticket);
  const about = { ticket, target: payload.target, dueAt: payload.dueAt };
  ctx.realtime.publish(topics.workspace(payload.workspaceId), { type: `ticket.sla_${event}`, ...about });
  if (!payload.notify) return;
  const notice = { type: 'sla.notice', event, ...about };
  for (const userId of await ticketWatcherIds(ctx, payload.ticket)) ctx.realtime.publish(topics.user(payload.workspaceId, userId), notice);
}
