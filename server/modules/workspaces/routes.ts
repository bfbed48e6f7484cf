import type { AppContext } from '../../context.ts';
import { actorOf, errorResponses, type KefuApp } from '../../lib/http.ts';
import { workspacePolicy } from './policy.ts';
import { presentWorkspace, workspaceView } from './present.ts';
import { getWorkspace, updateWorkspace, workspacePatch } from './service.ts';

export function registerWorkspaceRoutes(app: KefuApp, ctx: AppContext): void {
  app.get('/api/v1/workspace', {
    config: { access: workspacePolicy.read },
    schema: { tags: ['workspace'], summary: 'The caller’s workspace', response: { 200: workspaceView, ...errorResponses } },
    handler: async (req) => presentWorkspace(await getWorkspace(ctx.db, actorOf(req).principal.workspaceId)),
  });

  app.patch('/api/v1/workspace', {
    config: { access: workspacePolicy.update },
    schema: { tags: ['workspace'], summary: 'Change workspace settings', body: workspacePatch, response: { 200: workspaceView, ...errorResponses } },
    handler: async (req) => presentWorkspace(await updateWorkspace(ctx, actorOf(req), req.body)),
  });
}
