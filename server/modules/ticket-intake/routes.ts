import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { ticketIntakePolicy } from './policy.ts';
import { getIntakeSettings, intakeSettingsBody, putIntakeSettings } from './service.ts';

const tags = ['tickets'];
const URL = '/api/v1/ticket-intake/settings';

/** /api/v1/ticket-intake/settings: which category the bot's automatic tickets file under, per intent. */
export function registerTicketIntakeRoutes(app: KefuApp, ctx: AppContext): void {
  app.get(URL, {
    config: { access: ticketIntakePolicy.read },
    schema: {
      tags,
      summary: 'The intent → ticket category mapping for tickets the bot creates',
      response: { 200: intakeSettingsBody, ...errorResponses },
    },
    handler: async (req) => getIntakeSettings(ctx.db, actorOf(req).principal.workspaceId),
  });

  app.put(URL, {
    config: { access: ticketIntakePolicy.update },
    schema: {
      tags,
      summary: 'Replace the intent → ticket category mapping (categories must be live ones of this workspace)',
      body: intakeSettingsBody,
      response: { 200: intakeSettingsBody, ...errorResponses },
    },
    handler: async (req) => putIntakeSettings(ctx, actorOf(req), req.body),
  });
}
