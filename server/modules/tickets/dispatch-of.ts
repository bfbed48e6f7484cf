import type { TicketActivityRow } from './schema.ts';

/**
 * The team a public activity passed the ticket to: a team change, or the
 * team the ticket was dispatched to when it was created. Null otherwise.
 *
 * @example dispatchedTeamOf({ kind: 'change', data: { changes: { teamId: [null, 'team_1'] } } }) // 'team_1'
 */
export function dispatchedTeamOf(activity: Pick<TicketActivityRow, 'kind' | 'data'>): string | null {
  const changes = (activity.data.changes ?? {}) as Record<string, [unknown, unknown] | undefined>;
  const team = activity.kind === 'created' ? (activity.data.dispatchedTo ?? changes.teamId?.[1]) : changes.teamId?.[1];
  return typeof team === 'string' ? team : null;
}

/** Every team the activities passed the ticket to (to look their names up once). */
export function dispatchedTeamsOf(activities: readonly Pick<TicketActivityRow, 'kind' | 'data' | 'public'>[]): string[] {
  return [
    ...new Set(
      activities
        .filter((a) => a.public)
        .map(dispatchedTeamOf)
        .filter((id): id is string => id !== null),
    ),
  ];
}
