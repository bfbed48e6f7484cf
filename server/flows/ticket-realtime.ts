import type { AppContext } from '../context.ts';
import { presentActivity, presentTicket } from '../modules/tickets/index.ts';
import { topics } from '../realtime/hub.ts';

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
}
