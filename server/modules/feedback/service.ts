import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { idSchema } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { channelKinds } from '../inboxes/index.ts';
import { ownRatingsOnly } from './policy.ts';
import { findSettings, selectResponses, summarizeResponses, upsertSettings, type ResponseFilter } from './repo.ts';
import type { SurveyResponseRow } from './schema.ts';
import { withDefaults, type SurveySettings } from './settings.ts';

/** The workspace's survey settings (the defaults until an admin saves some). */
export async function getSurveySettings(db: DbOrTx, workspaceId: string): Promise<SurveySettings> {
  return withDefaults(await findSettings(db, workspaceId));
}

/** Replace the settings as a whole (the settings page saves everything at once); audited. */
export async function saveSurveySettings(ctx: AppContext, actor: Actor, settings: SurveySettings): Promise<SurveySettings> {
  const workspaceId = actor.principal.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await getSurveySettings(tx, workspaceId);
    await upsertSettings(tx, workspaceId, settings, actor.principal.id);
    await recordAudit(tx, actor, { action: 'survey_settings.updated', targetType: 'workspace', targetId: workspaceId, before, after: settings });
  });
  return settings;
}

export const responseFilterQuery = z.object({
  agentId: idSchema('user').optional(),
  teamId: idSchema('team').optional(),
  channel: z.enum(channelKinds).optional(),
  rating: z.coerce.number().int().min(1).max(5).optional(),
  low: z.enum(['true', 'false']).optional().describe('true: only ratings at or below the follow-up threshold'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export const listResponsesQuery = responseFilterQuery.extend({
  before: idSchema('surveyResponse').optional().describe('Keyset cursor: the last id of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

async function filterFor(db: DbOrTx, actor: Actor, q: z.infer<typeof responseFilterQuery>): Promise<ResponseFilter> {
  const own = ownRatingsOnly(actor.principal);
  const threshold = q.low === 'true' ? (await getSurveySettings(db, actor.principal.workspaceId)).followUpThreshold : undefined;
  return {
    agentId: own ?? q.agentId,
    teamId: q.teamId,
    channel: q.channel,
    rating: q.rating,
    maxRating: threshold,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
  };
}

/** Responses, newest first; callers without `feedback.manage` see only their own ratings. */
export async function listResponses(db: DbOrTx, actor: Actor, q: z.infer<typeof listResponsesQuery>): Promise<SurveyResponseRow[]> {
  return selectResponses(db, actor.principal.workspaceId, { ...(await filterFor(db, actor, q)), before: q.before, limit: q.limit });
}

/** CSAT (share of 4–5 stars), average and count, overall and by agent, under the same filters and visibility. */
export async function summarizeFeedback(db: DbOrTx, actor: Actor, q: z.infer<typeof responseFilterQuery>) {
  return summarizeResponses(db, actor.principal.workspaceId, await filterFor(db, actor, q));
}
