import type { AppContext } from '../../context.ts';
import type { ClockHint } from './clock.ts';
import { reconcileTicket } from './timers-service.ts';

/** Ticket fields whose change can pick another policy or move a clock. */
const WATCHED = new Set(['status', 'priority', 'categoryId', 'contactId', 'firstRespondedAt']);

/**
 * The SLA clocks follow the ticket: created → start; an agent's reply →
 * first/next response met; a customer's reply → next response starts;
 * pending_customer pauses, leaving it resumes; resolved/closed stops;
 * reopened resumes resolution; priority/category → re-pick the policy.
 */
export function registerSlaListeners(ctx: AppContext): void {
  const run = (workspaceId: string, ticketId: string, hint: ClockHint) => reconcileTicket(ctx, workspaceId, ticketId, hint).then(() => undefined);
  ctx.bus.on('ticket.created', ({ payload }) => run(payload.workspaceId, payload.ticket.id, 'none'));
  ctx.bus.on('ticket.updated', ({ payload }) =>
    payload.changes.some((c) => WATCHED.has(c)) ? run(payload.workspaceId, payload.ticket.id, 'none') : undefined,
  );
  ctx.bus.on('ticket.resolved', ({ payload }) => run(payload.workspaceId, payload.ticket.id, 'none'));
  ctx.bus.on('ticket.activity_added', ({ payload }) => {
    const kind = payload.activity.kind;
    if (kind === 'reply') return run(payload.workspaceId, payload.ticket.id, 'agent_reply');
    if (kind === 'customer_reply') return run(payload.workspaceId, payload.ticket.id, 'customer_reply');
    return undefined;
  });
}
