import { z } from 'zod';
import type { WorkspaceRow } from './schema.ts';

export const workspaceView = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  industry: z.string(),
  defaultLocale: z.string(),
  locales: z.array(z.string()),
  timezone: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function presentWorkspace(row: WorkspaceRow): z.infer<typeof workspaceView> {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    industry: row.industry,
    defaultLocale: row.defaultLocale,
    locales: row.locales,
    timezone: row.timezone,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
