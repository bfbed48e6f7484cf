import type { AppContext } from '../../context.ts';
import { changeTicket, type TicketActor, type TicketRow } from '../tickets/index.ts';
import { priorities } from '../tickets/schema.ts';
import { selectPoliciesByIds } from './repo.ts';
import type { SlaAction, SlaPolicyRow } from './schema.ts';
import type { FiredTimer } from './timers-repo.ts';

const SYSTEM: TicketActor = { type: 'system', id: null };

/** The next priority up, or the named one if it is higher; undefined when the ticket is already there. */
export function raisedPriority(current: TicketRow['priority'], to?: TicketRow['priority']): TicketRow['priority'] | undefined {
  const at = priorities.indexOf(current);
  const want = to ? priorities.indexOf(to) : Math.min(at + 1, priorities.length - 1);
  return want > at ? priorities[want] : undefined;
}

/**
 * After a warning or breach committed: tell everyone (`ticket.sla_warning` /
 * `ticket.sla_breached`, which the realtime fan-out delivers to the assignee
 * and supervisors when the policy says `notify`), then apply the policy's
 * reassign and raise-priority actions through the tickets service (history
 * line, `ticket.updated`).
 */
export async function applyEscalation(
  ctx: AppContext,
  fired: FiredTimer,
  found: TicketRow | undefined,
  policy: SlaPolicyRow | undefined,
): Promise<void> {
  let ticket = found;
  if (!ticket) return;
  const actions: SlaAction[] = (fired.event === 'warning' ? policy?.escalation.onWarning : policy?.escalation.onBreach) ?? [];
  const payload = {
    workspaceId: fired.workspaceId,
    ticket,
    target: fired.target,
    dueAt: fired.dueAt.toISOString(),
    policyId: fired.policyId,
    notify: actions.some((a) => a.type === 'notify'),
  };
  ctx.bus.emit(fired.event === 'warning' ? 'ticket.sla_warning' : 'ticket.sla_breached', payload);
  for (const action of actions) {
    const patch: Partial<Pick<TicketRow, 'priority' | 'teamId' | 'assigneeId'>> = {};
    if (action.type === 'raise_priority') {
      const next = raisedPriority(ticket.priority, action.to);
      if (next) patch.priority = next;
    } else if (action.type === 'reassign') {
      if (action.teamId !== undefined && action.teamId !== ticket.teamId) patch.teamId = action.teamId;
      if (action.userId !== undefined && action.userId !== ticket.assigneeId) patch.assigneeId = action.userId;
    }
    if (!Object.keys(patch).length) continue;
    // Through the tickets service: its history line, its checks (team and assignee exist), its `ticket.updated`.
    ticket = (await changeTicket(ctx, fired.workspaceId, SYSTEM, fired.ticketId, patch)).ticket;
  }
}

/** Escalate a sweep batch after its commit, with the ticket rows its transaction returned and the policies in one query. */
export async function applyEscalations(ctx: AppContext, fired: FiredTimer[], rows: TicketRow[]): Promise<void> {
  if (!fired.length) return;
  const key = (workspaceId: string, id: string) => `${workspaceId}:${id}`;
  const tickets = new Map(rows.map((t) => [key(t.workspaceId, t.id), t]));
  const policyKeys = fired.filter((f) => f.policyId).map((f) => ({ workspaceId: f.workspaceId, id: f.policyId! }));
  const policies = new Map((await selectPoliciesByIds(ctx.db, policyKeys)).map((p) => [key(p.workspaceId, p.id), p]));
  for (const f of fired) {
    const ticket = tickets.get(key(f.workspaceId, f.ticketId));
    const policy = f.policyId ? policies.get(key(f.workspaceId, f.policyId)) : undefined;
    // A ticket fired for twice in one batch (warning and breach of two targets) escalates on its latest row.
    await applyEscalation(ctx, f, ticket, policy).catch((err: unknown) => ctx.log.error({ err, timerId: f.id }, 'SLA escalation failed'));
  }
}
