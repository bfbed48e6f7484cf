import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { KefuApp } from '../../lib/http.ts';
import type { Principal } from '../../lib/principal.ts';
import { cachedPrivacy, maskDeep, privacyFor } from './surfaces.ts';
import { compilePrivacy, defaultPrivacySettings, modeFor } from './settings.ts';

/**
 * Every route under these paths answers with what customers wrote or who
 * they are (timelines, search, mentions, agent assist, contacts, tickets,
 * tasks, knowledge gaps, bot requests and webhook deliveries, ratings and help
 * center comments, automation runs and rule tests): the
 * console surface. The widget, the help center and mail to the customer live
 * elsewhere and are never masked.
 */
export const consoleRoutePrefixes = [
  '/api/v1/conversations',
  '/api/v1/messages',
  '/api/v1/contacts',
  '/api/v1/mentions',
  '/api/v1/tickets',
  '/api/v1/tasks',
  '/api/v1/knowledge/gaps',
  '/api/v1/bot/requests',
  '/api/v1/bot/webhook-deliveries',
  '/api/v1/feedback/responses',
  '/api/v1/automation/runs',
  '/api/v1/automation/test',
  '/api/v1/automation/rules/:id/test',
  '/api/v1/helpcenter/feedback',
  '/api/v1/routing/queue',
] as const;

function isConsoleRoute(url: string | undefined): boolean {
  return !!url && consoleRoutePrefixes.some((p) => url === p || url.startsWith(`${p}/`));
}

/**
 * Mask the console surface: the JSON answer of every console route is
 * masked for callers whose role's console policy is not `clear`. Applied
 * before serialization, so handlers and presenters stay unaware of it.
 */
export function registerConsoleMasking(app: KefuApp, ctx: AppContext): void {
  app.addHook('preSerialization', async (req, reply, payload) => {
    const principal = req.principal;
    if (!principal || reply.statusCode >= 400 || !isConsoleRoute(req.routeOptions.url)) return payload;
    const compiled = await privacyFor(ctx.db, principal.workspaceId);
    return modeFor(compiled, 'console', principal.roleId) === 'clear' ? payload : maskDeep(payload, compiled);
  });
}

/** One masked copy per published event, shared by every masked socket that hears it. */
const maskedEvents = new WeakMap<object, object>();
const defaults = compilePrivacy(defaultPrivacySettings());

/**
 * What one console socket may receive of `event`: the event itself when the
 * person's role sees the console clear, else a masked copy. Synchronous (the
 * socket sends in order); until the workspace's settings are loaded, masked
 * by the defaults. Call {@link warmConsolePrivacy} when the socket opens.
 */
export function consoleEventFor(db: DbOrTx, principal: Principal, event: object): object {
  const compiled = cachedPrivacy(db, principal.workspaceId) ?? defaults;
  if (modeFor(compiled, 'console', principal.roleId) === 'clear') return event;
  let masked = maskedEvents.get(event);
  if (!masked) maskedEvents.set(event, (masked = maskDeep(event, compiled)));
  return masked;
}

/** Load the workspace's privacy settings into the cache (a socket is opening). */
export function warmConsolePrivacy(db: DbOrTx, workspaceId: string): void {
  void privacyFor(db, workspaceId).catch(() => undefined);
}
