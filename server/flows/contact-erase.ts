import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { appError } from '../lib/errors.ts';
import type { Actor } from '../lib/principal.ts';
import { recordAudit, stripAuditValues } from '../modules/audit/index.ts';
import { stripRunsOf } from '../modules/automation/index.ts';
import { forgetBotData } from '../modules/bot/index.ts';
import { eraseContactRows, selectIdentitiesOf, selectMergeFamily } from '../modules/contacts/index.ts';
import {
  redactNotesMentioning,
  selectConversationsOfContacts,
  selectMessageAttachmentIds,
  stripConversations,
} from '../modules/conversations/index.ts';
import { stripSurveyAnswers } from '../modules/feedback/index.ts';
import { forgetGapQuestions } from '../modules/gaps/index.ts';
import { deletePortalAccessOf } from '../modules/portal-access/index.ts';
import { deleteContactExportRows, selectContactExports } from '../modules/retention/index.ts';
import { stripTasksAbout } from '../modules/tasks/index.ts';
import { selectTicketAttachmentIds, selectTicketsOfContacts, stripTickets } from '../modules/tickets/index.ts';
import { deleteAttachments } from '../storage/attachments.ts';
import { deleteBlob } from '../storage/blob-store.ts';

export const eraseBody = z.object({ confirm: z.string().max(100) }).strict();

/** What the admin must type to erase a contact: guards against a slip of the mouse. */
export const eraseConfirmation = (contactId: string) => `ERASE ${contactId}`;

/** The text that replaces a mention of an erased contact in other notes. */
export const ERASED_MARK = '[erased]';

export const BACKUP_NOTE =
  'Erased from the live database and attachment storage. Backups taken before this time still hold the data until they expire under the operator’s backup retention; restoring one must be followed by erasing again.';

export interface EraseCertificate {
  contactId: string;
  contactIds: string[];
  counts: Record<string, number>;
  erasedAt: string;
  requestedBy: string;
  note: string;
}

interface Scope {
  workspaceId: string;
  contactIds: string[];
  conversationIds: string[];
  ticketIds: string[];
  /** Name, email, phone and identity values: searched for in other notes. */
  needles: string[];
}

async function scopeOf(db: DbOrTx, workspaceId: string, contactId: string): Promise<Scope> {
  const family = await selectMergeFamily(db, workspaceId, contactId);
  if (family.length === 0) throw appError('not_found');
  const contactIds = family.map((c) => c.id);
  const identities = await selectIdentitiesOf(db, workspaceId, contactIds);
  const needles = [
    ...family.flatMap((c) => [c.name, c.email, c.phone]),
    ...identities.filter((i) => i.kind === 'email' || i.kind === 'phone').map((i) => i.value),
  ].filter((v): v is string => !!v && v.trim().length >= 3);
  const conversationIds = (await selectConversationsOfContacts(db, workspaceId, contactIds)).map((c) => c.id);
  const ticketIds = (await selectTicketsOfContacts(db, workspaceId, contactIds)).map((t) => t.id);
  return { workspaceId, contactIds, conversationIds, ticketIds, needles: [...new Set(needles)] };
}

/** Bytes first, outside the transaction (they cannot be rolled back; a retry deletes the rest). */
async function deleteFiles(ctx: AppContext, scope: Scope): Promise<Record<string, number>> {
  const { workspaceId } = scope;
  const ids = [
    ...(await selectMessageAttachmentIds(ctx.db, workspaceId, scope.conversationIds)),
    ...(await selectTicketAttachmentIds(ctx.db, workspaceId, scope.ticketIds)),
  ];
  const attachments = await deleteAttachments(ctx, workspaceId, [...new Set(ids)]);
  const exports = await selectContactExports(ctx.db, workspaceId, scope.contactIds);
  for (const row of exports) if (row.storageKey) await deleteBlob(ctx, row.storageKey);
  return { attachments, exportFiles: exports.filter((e) => e.storageKey).length };
}

/** Every table's part, in one transaction. */
async function eraseRows(tx: DbOrTx, scope: Scope): Promise<Record<string, number>> {
  const { workspaceId, contactIds, conversationIds, ticketIds } = scope;
  const messages = await stripConversations(tx, workspaceId, conversationIds);
  const tickets = await stripTickets(tx, workspaceId, ticketIds);
  const exports = await selectContactExports(tx, workspaceId, contactIds);
  const contacts = await eraseContactRows(tx, workspaceId, contactIds);
  return {
    contacts: contacts.contacts,
    identities: contacts.identities,
    conversations: conversationIds.length,
    messages,
    notesRedacted: await redactNotesMentioning(tx, workspaceId, scope.needles, ERASED_MARK),
    tickets: tickets.tickets,
    ticketActivities: tickets.activities,
    surveyAnswers: await stripSurveyAnswers(tx, workspaceId, contactIds),
    gapSuggestions: await forgetGapQuestions(tx, workspaceId, conversationIds),
    botData: await forgetBotData(tx, workspaceId, contactIds, conversationIds),
    tasks: await stripTasksAbout(tx, workspaceId, contactIds, conversationIds, ticketIds, ERASED_MARK),
    automationRuns: await stripRunsOf(tx, workspaceId, [...conversationIds, ...ticketIds]),
    portalAccess: await deletePortalAccessOf(tx, workspaceId, contactIds),
    exports: await deleteContactExportRows(
      tx,
      workspaceId,
      exports.map((e) => e.id),
    ),
    auditEntries: await stripAuditValues(tx, workspaceId, [...contactIds, ...conversationIds, ...ticketIds], ['contact.erased']),
  };
}

/**
 * Erase a contact everywhere (GDPR art. 17, PIPL art. 47): the contact and
 * every contact merged into it lose their name, email, phone, attributes and
 * identities; their conversations keep their rows (for statistics) but lose
 * message text, channel facts and attachments (bytes deleted from storage);
 * tickets, survey comments, knowledge-gap questions, bot slots, tasks, rule
 * logs and audit values about them are cleared; help center sign-ins end;
 * notes elsewhere that name them are redacted; their exports are deleted.
 * Writes the `contact.erased` certificate with counts in the same
 * transaction, then tells in-memory indexes to forget. Erasing twice is fine.
 */
export async function eraseContact(ctx: AppContext, actor: Actor, contactId: string, confirm: string): Promise<EraseCertificate> {
  const workspaceId = actor.principal.workspaceId;
  const scope = await scopeOf(ctx.db, workspaceId, contactId);
  if (confirm.trim() !== eraseConfirmation(contactId)) throw appError('erase_confirmation_mismatch');
  const files = await deleteFiles(ctx, scope);
  const certificate = await ctx.db.transaction(async (tx) => {
    const counts = { ...files, ...(await eraseRows(tx, scope)) };
    const cert: EraseCertificate = {
      contactId,
      contactIds: scope.contactIds,
      counts,
      erasedAt: new Date().toISOString(),
      requestedBy: actor.principal.id,
      note: BACKUP_NOTE,
    };
    await recordAudit(tx, actor, { action: 'contact.erased', targetType: 'contact', targetId: contactId, after: { ...cert } });
    return cert;
  });
  ctx.bus.emit('conversations.erased', { workspaceId, contactIds: scope.contactIds, conversationIds: scope.conversationIds });
  return certificate;
}
