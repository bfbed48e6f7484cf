import type { Access } from '../../lib/http.ts';
import type { Principal } from '../../lib/principal.ts';

/**
 * `feedback.read` opens the responses and the CSAT figure; without
 * `feedback.manage` a caller sees only the ratings of their own work
 * (responses whose agent is them). `feedback.manage` also edits the survey
 * settings. The customer's side is public: the token is the capability.
 */
export const feedbackPolicy = {
  list: 'feedback.read',
  summary: 'feedback.read',
  settings: 'feedback.manage',
  answer: 'public',
} as const satisfies Record<string, Access>;

/** The agent whose ratings the caller is limited to; undefined for managers (everything). */
export function ownRatingsOnly(principal: Principal): string | undefined {
  return principal.permissions.has('feedback.manage') ? undefined : principal.id;
}
