import { api, ApiError } from '../api.ts';
import type { Conversation, ConversationStatus, Priority } from './model.ts';

export interface ConversationPatch {
  status?: ConversationStatus;
  assigneeId?: string | null;
  priority?: Priority;
  labels?: string[];
  snoozedUntil?: string | null;
}

const path = (id: string) => `/api/v1/conversations/${encodeURIComponent(id)}`;
const missingRoute = (err: unknown) => err instanceof ApiError && err.code === 'route_not_found';

/** Change status, assignee, priority, labels or snooze (PATCH /api/v1/conversations/:id). */
export function patchConversation(id: string, patch: ConversationPatch): Promise<Conversation> {
  return api<Conversation>('PATCH', path(id), patch);
}

/**
 * Take a waiting conversation. With the routing API this is an atomic claim
 * (409 `already_assigned` when someone was faster); on a server without it,
 * the plain assignment.
 */
export async function claimConversation(id: string, meId: string): Promise<Conversation> {
  try {
    return await api<Conversation>('POST', `${path(id)}/claim`);
  } catch (err) {
    if (!missingRoute(err)) throw err;
    return patchConversation(id, { assigneeId: meId });
  }
}

/**
 * Hand a conversation to a colleague or a team (a team puts it back in that
 * team's queue). Without the routing API, a transfer to a person is the
 * plain reassignment; a team needs routing.
 */
export async function transferConversation(id: string, to: { assigneeId: string } | { teamId: string }): Promise<Conversation> {
  try {
    return await api<Conversation>('POST', `${path(id)}/transfer`, to);
  } catch (err) {
    if (!missingRoute(err) || !('assigneeId' in to)) throw err;
    return patchConversation(id, { assigneeId: to.assigneeId });
  }
}

/** The moments offered by "snooze until…": in an hour, tomorrow 9:00, next Monday 9:00 (local time). */
export function snoozeChoices(now = new Date()): { key: 'hour' | 'tomorrow' | 'nextWeek'; until: Date }[] {
  const hour = new Date(now.getTime() + 60 * 60 * 1000);
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9);
  const daysToMonday = (8 - now.getDay()) % 7 || 7;
  const nextWeek = new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday, 9);
  return [
    { key: 'hour', until: hour },
    { key: 'tomorrow', until: tomorrow },
    { key: 'nextWeek', until: nextWeek },
  ];
}
