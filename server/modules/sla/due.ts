/** The targets a ticket's `sla` column tracks (`sla.targets.<name>`). */
export type SlaTargetName = 'first_response' | 'next_response' | 'resolution';

/**
 * When one running SLA target of a ticket is due, read from the ticket's
 * `sla` column as the clocks write it; null when the target does not run,
 * is met, or is paused.
 *
 * @example slaDueAt({ targets: { resolution: { dueAt: '2026-11-22T04:49:46Z', status: 'running' } } }, 'resolution') // Date
 */
export function slaDueAt(sla: Record<string, unknown>, target: SlaTargetName): Date | null {
  const targets = sla.targets as Record<string, { dueAt?: unknown; status?: unknown } | undefined> | undefined;
  const state = targets?.[target];
  if (!state || state.status === 'met' || sla.paused === true) return null;
  return typeof state.dueAt === 'string' && !Number.isNaN(Date.parse(state.dueAt)) ? new Date(state.dueAt) : null;
}

/**
 * What the customer is told to expect: the first response while nobody has
 * answered, else the resolution.
 */
export function customerDueAt(ticket: { firstRespondedAt: Date | null; sla: Record<string, unknown> }): Date | null {
  return (ticket.firstRespondedAt ? null : slaDueAt(ticket.sla, 'first_response')) ?? slaDueAt(ticket.sla, 'resolution');
}
