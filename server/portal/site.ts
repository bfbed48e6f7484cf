import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { brainFor } from '../modules/bot/index.ts';
import { channelSettings, listInboxes, type InboxRow } from '../modules/inboxes/index.ts';
import { findWorkspaceBySlug, type WorkspaceRow } from '../modules/workspaces/index.ts';
import { catalogOf, type Catalog } from './catalog.ts';
import { negotiateLocale, portalLocales, type PortalLocale } from './i18n.ts';
import type { Site } from './layout.ts';

/** One request's help center: the workspace, its page settings and its published content. */
export interface Loaded {
  workspace: WorkspaceRow;
  site: Site;
  catalog: Catalog;
}

/** The origin pages name in canonical and Open Graph URLs: the configured public URL, else the request's own. */
export function publicOrigin(ctx: AppContext, req: FastifyRequest): string {
  return ctx.env.KEFU_PUBLIC_URL ? new URL(ctx.env.KEFU_PUBLIC_URL).origin : `${req.protocol}://${req.host}`;
}

/**
 * The widget inbox the help center embeds: the first enabled widget inbox
 * (oldest first) that accepts this origin — one with no allowed-origins list,
 * or one listing the help center's own origin. None: the page shows no widget.
 */
export function pickWidgetInbox(rows: readonly InboxRow[], origin: string): string | null {
  for (const row of rows) {
    if (row.channel !== 'widget' || !row.enabled || typeof row.settings.visitorSecret !== 'string') continue;
    const parsed = channelSettings.widget.safeParse(row.settings);
    if (!parsed.success) continue;
    const allowed = parsed.data.allowedOrigins;
    if (allowed.length === 0 || allowed.some((entry) => new URL(entry).origin === origin)) return row.id;
  }
  return null;
}

/** The slug's workspace, or undefined: unknown workspaces get the same 404 as unknown pages. */
export async function loadHelpCenter(
  ctx: AppContext,
  req: FastifyRequest,
  slug: string,
  lang: string | undefined,
  assetVersion: string,
): Promise<Loaded | undefined> {
  const workspace = await findWorkspaceBySlug(ctx.db, slug);
  if (!workspace) return undefined;
  const origin = publicOrigin(ctx, req);
  const [inboxes, brain] = await Promise.all([listInboxes(ctx.db, workspace.id), brainFor(ctx, workspace.id)]);
  const locales = portalLocales.filter((l) => workspace.locales.includes(l));
  const locale: PortalLocale = negotiateLocale(lang, req.headers['accept-language'], workspace.locales, workspace.defaultLocale);
  return {
    workspace,
    catalog: catalogOf(brain),
    site: {
      origin,
      slug: workspace.slug,
      name: workspace.name,
      locale,
      locales: locales.length ? locales : [locale],
      widgetInboxId: pickWidgetInbox(inboxes, origin),
      assetVersion,
    },
  };
}
