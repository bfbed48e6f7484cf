export { workspaces, type WorkspaceRow } from './schema.ts';
export { registerWorkspaceRoutes } from './routes.ts';
export { getWorkspace, insertNewWorkspace, findWorkspaceBySlug, locale } from './service.ts';
export { presentWorkspace, workspaceView } from './present.ts';
