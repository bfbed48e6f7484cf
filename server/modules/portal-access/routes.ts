import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { portalAccessPolicy } from './policy.ts';
import { getReopenDays, portalSettingsBody, setReopenDays } from './service.ts';

const tags = ['help center tickets'];
const settingsView = z.object({ reopenDays: z.number() });

/** /api/v1/portal/settings: how the help center treats customers' tickets (the reopen window). */
export function registerPortalAccessRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/portal/settings', {
    config: { access: portalAccessPolicy.readSettings },
    schema: { tags, summary: 'Help center ticket settings', response: { 200: settingsView, ...errorResponses } },
    handler: async (req) => ({ reopenDays: await getReopenDays(ctx.db, actorOf(req).principal.workspaceId) }),
  });

  app.put('/api/v1/portal/settings', {
    config: { access: portalAccessPolicy.updateSettings },
    schema: {
      tags,
      summary: 'Change the days during which a customer may reopen a resolved ticket on the help center (0 = never)',
      body: portalSettingsBody,
      response: { 200: settingsView, ...errorResponses },
    },
    handler: async (req) => ({ reopenDays: await setReopenDays(ctx.db, actorOf(req), req.body.reopenDays) }),
  });
}
