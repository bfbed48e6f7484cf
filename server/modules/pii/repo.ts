import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { privacySettings } from './schema.ts';
import type { PrivacySettings } from './settings.ts';

export async function findPrivacySettings(db: DbOrTx, workspaceId: string): Promise<PrivacySettings | undefined> {
  const [row] = await db.select().from(privacySettings).where(eq(privacySettings.workspaceId, workspaceId));
  return row?.settings;
}

export async function upsertPrivacySettings(db: DbOrTx, workspaceId: string, settings: PrivacySettings, updatedBy: string): Promise<void> {
  await db
    .insert(privacySettings)
    .values({ workspaceId, settings, updatedBy })
    .onConflictDoUpdate({ target: [privacySettings.workspaceId], set: { settings, updatedBy, updatedAt: new Date() } });
}
