import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { findWorkspaceBySlug } from '../workspaces/index.ts';
import { cannedCreate, seedWorkspaceCanned } from './service.ts';

const DEMO_FILE = new URL('../../demo/canned.json', import.meta.url);

/** The demo's canned responses (server/demo/canned.json), validated like API input. */
export function loadDemoCanned(): z.infer<typeof cannedCreate>[] {
  return z.array(cannedCreate).parse(JSON.parse(readFileSync(DEMO_FILE, 'utf8')));
}

/**
 * Give the demo workspace its bilingual canned responses, once: a workspace
 * that has workspace responses already (seeded earlier, or edited since)
 * keeps what it has. Does nothing when the workspace does not exist.
 */
export async function ensureDemoCanned(ctx: AppContext, slug: string): Promise<void> {
  const workspace = await findWorkspaceBySlug(ctx.db, slug);
  if (!workspace) return;
  await seedWorkspaceCanned(ctx, workspace.id, loadDemoCanned());
}
