import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { findInbox, findInboxById, findInboxesBySetting, insertInbox, selectInboxes, updateInboxRow } from './repo.ts';
import { channelKinds, type ChannelKind, type InboxRow } from './schema.ts';
import { channelSettings, maskSettings, uniqueSettings, type ChannelSettings } from './settings.ts';

const name = z.string().trim().min(1).max(100);

export const inboxCreate = z
  .object({
    channel: z.enum(channelKinds),
    name,
    settings: z.record(z.string().max(64), z.unknown()).default({}).describe('Channel settings; see docs/channels/<channel>.md'),
    botEnabled: z.boolean().default(false).describe('The bot answers new conversations first and hands off to people'),
  })
  .strict();

function parseSettings(channel: ChannelKind, settings: Record<string, unknown>): Record<string, unknown> {
  const parsed = channelSettings[channel].safeParse(settings);
  if (!parsed.success)
    throw appError(
      'validation_failed',
      parsed.error.issues.map((i) => ({ in: 'body', path: ['settings', ...i.path], message: i.message })),
    );
  return parsed.data as Record<string, unknown>;
}

export const inboxPatch = z
  .object({ name, enabled: z.boolean(), botEnabled: z.boolean(), settings: z.record(z.string().max(64), z.unknown()) })
  .partial()
  .strict();

export async function getInbox(db: DbOrTx, workspaceId: string, id: string): Promise<InboxRow> {
  const row = await findInbox(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

/** An enabled inbox of a channel, found by the id in a public channel URL. */
export async function getPublicInbox<K extends ChannelKind>(
  db: DbOrTx,
  id: string,
  channel: K,
): Promise<InboxRow & { settings: ChannelSettings[K] }> {
  const row = /^inb_[0-9a-z]{26}$/.test(id) ? await findInboxById(db, id) : undefined;
  if (!row || row.channel !== channel || !row.enabled) throw appError('not_found');
  return row as InboxRow & { settings: ChannelSettings[K] };
}

export { findInboxesBySetting };

export function listInboxes(db: DbOrTx, workspaceId: string): Promise<InboxRow[]> {
  return selectInboxes(db, workspaceId);
}

export async function createInbox(ctx: AppContext, actor: Actor, input: z.infer<typeof inboxCreate>): Promise<InboxRow> {
  const workspaceId = actor.principal.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const settings = parseSettings(input.channel, input.settings);
    await assertUniqueSettings(tx, input.channel, settings);
    const row = await insertInbox(tx, {
      workspaceId,
      id: newId('inbox'),
      channel: input.channel,
      name: input.name,
      settings,
      botEnabled: input.botEnabled,
    });
    await recordAudit(tx, actor, {
      action: 'inbox.created',
      targetType: 'inbox',
      targetId: row.id,
      after: { channel: row.channel, name: row.name, botEnabled: row.botEnabled, settings: maskSettings(row.settings) },
    });
    return row;
  });
}

/** Refuse settings another enabled inbox of the channel already routes by (case-insensitive). */
async function assertUniqueSettings(tx: DbOrTx, channel: ChannelKind, settings: Record<string, unknown>, selfId?: string): Promise<void> {
  for (const key of uniqueSettings[channel] ?? []) {
    const value = settings[key];
    if (typeof value !== 'string') continue;
    const variants = [...new Set([value, value.toLowerCase()])];
    for (const variant of variants) {
      const holders = await findInboxesBySetting(tx, channel, { [key]: variant });
      if (holders.some((h) => h.id !== selfId))
        throw appError('inbox_setting_taken', [{ in: 'body', path: ['settings', key], message: 'already used by another inbox' }]);
    }
  }
}

/** Rename, enable/disable, or change settings (merged over the old ones and validated for the channel). */
export async function updateInbox(ctx: AppContext, actor: Actor, id: string, patch: z.infer<typeof inboxPatch>): Promise<InboxRow> {
  const workspaceId = actor.principal.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const before = await getInbox(tx, workspaceId, id);
    const settings = patch.settings ? parseSettings(before.channel, { ...before.settings, ...patch.settings }) : undefined;
    if (settings || patch.enabled) await assertUniqueSettings(tx, before.channel, settings ?? before.settings, id);
    const after = await updateInboxRow(tx, workspaceId, id, { ...patch, ...(settings ? { settings } : {}) });
    await recordAudit(tx, actor, {
      action: 'inbox.updated',
      targetType: 'inbox',
      targetId: id,
      before: { name: before.name, enabled: before.enabled, botEnabled: before.botEnabled, settings: maskSettings(before.settings) },
      after: { name: after.name, enabled: after.enabled, botEnabled: after.botEnabled, settings: maskSettings(after.settings) },
    });
    return after;
  });
}
