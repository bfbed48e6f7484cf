import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../lib/ids.ts';
import { isSystemActor, systemActor, type Actor } from '../../lib/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { getContact } from '../contacts/index.ts';
import { insertConsentRecord, selectConsentRecords, selectLatestConsent } from './repo.ts';
import {
  consentChannels,
  consentPurposes,
  consentSources,
  consentStatuses,
  type ConsentChannel,
  type ConsentPurpose,
  type ConsentRecordRow,
  type ConsentSource,
} from './schema.ts';

export const consentBody = z
  .object({
    purpose: z.enum(consentPurposes),
    status: z.enum(consentStatuses),
    channel: z.enum(consentChannels).default('any'),
    source: z.enum(consentSources).default('agent'),
  })
  .strict();
export type ConsentInput = z.infer<typeof consentBody>;

/**
 * Record a consent decision (grant or withdraw, the same one call) with its
 * audit row; the newest record for a purpose is the one that holds.
 */
export async function recordConsent(ctx: AppContext, actor: Actor, contactId: string, input: ConsentInput): Promise<ConsentRecordRow> {
  const workspaceId = actor.principal.workspaceId;
  await getContact(ctx.db, workspaceId, contactId);
  return ctx.db.transaction(async (tx) => {
    const row = await insertConsentRecord(tx, {
      workspaceId,
      id: newId('consent'),
      contactId,
      ...input,
      recordedBy: isSystemActor(actor) ? null : actor.principal.id,
    });
    await recordAudit(tx, actor, {
      action: `consent.${input.status}`,
      targetType: 'contact',
      targetId: contactId,
      after: { purpose: input.purpose, channel: input.channel, source: input.source },
    });
    return row;
  });
}

/**
 * The customer's own withdrawal (an unsubscribe link, the widget): no staff
 * actor, audited as the system on the customer's behalf.
 */
export async function withdrawByCustomer(
  ctx: AppContext,
  workspaceId: string,
  contactId: string,
  purpose: ConsentPurpose,
  source: ConsentSource,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await insertConsentRecord(tx, { workspaceId, id: newId('consent'), contactId, channel: 'any', purpose, status: 'withdrawn', source });
    await recordAudit(tx, systemActor(workspaceId), {
      action: 'consent.withdrawn',
      targetType: 'contact',
      targetId: contactId,
      after: { purpose, channel: 'any', source },
    });
  });
}

/** Every record of a contact (and the contacts merged into it), newest first. */
export function listConsents(db: DbOrTx, workspaceId: string, contactIds: string[]): Promise<ConsentRecordRow[]> {
  return selectConsentRecords(db, workspaceId, contactIds);
}

/** A contact's records, newest first; `not_found` for an unknown contact. */
export async function listContactConsents(db: DbOrTx, workspaceId: string, contactId: string): Promise<ConsentRecordRow[]> {
  await getContact(db, workspaceId, contactId);
  return selectConsentRecords(db, workspaceId, [contactId]);
}

/**
 * Whether the contact withdrew this purpose (on the channel or everywhere)
 * and has not granted it again since. No record means not withdrawn: service
 * messages like surveys go out until the customer says no.
 *
 * @example if (await hasWithdrawn(db, ws, contactId, 'survey', 'widget')) return;
 */
export async function hasWithdrawn(
  db: DbOrTx,
  workspaceId: string,
  contactId: string,
  purpose: ConsentPurpose,
  channel: ConsentChannel = 'any',
): Promise<boolean> {
  const latest = await selectLatestConsent(db, workspaceId, contactId, purpose, channel);
  return latest?.status === 'withdrawn';
}
