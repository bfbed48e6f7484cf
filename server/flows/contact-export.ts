import { strToU8, zipSync, type Zippable } from 'fflate';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import type { JobDefinition } from '../jobs/queue.ts';
import { appError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import type { Actor } from '../lib/principal.ts';
import { recordAudit, selectAuditAbout } from '../modules/audit/index.ts';
import { selectRequestsOfContacts } from '../modules/bot/index.ts';
import { listConsents } from '../modules/consent/index.ts';
import { getContact, selectIdentitiesOf, selectMergeFamily } from '../modules/contacts/index.ts';
import {
  listMessages,
  selectAttachmentRows,
  selectConversationsOfContacts,
  selectMessageAttachmentIds,
  type MessageRow,
} from '../modules/conversations/index.ts';
import { selectSurveysOfContacts } from '../modules/feedback/index.ts';
import {
  findContactExport,
  insertContactExport,
  selectContactExports,
  updateContactExport,
  type ContactExportRow,
} from '../modules/retention/index.ts';
import { selectTasksAbout } from '../modules/tasks/index.ts';
import { selectActivitiesOfTickets, selectTicketAttachmentIds, selectTicketsOfContacts } from '../modules/tickets/index.ts';
import { withCipher } from '../modules/encryption/index.ts';
import { readAttachment } from '../storage/attachments.ts';
import { readBlob, writeStore } from '../storage/blob-store.ts';

export const EXPORT_JOB = 'contacts.export';
/** What binds an export's sealed bytes to its workspace and export. */
const exportColumn = (exportId: string) => `contact_exports.zip:${exportId}`;
const PAGE = 1000;

async function allMessages(db: DbOrTx, workspaceId: string, conversationId: string): Promise<MessageRow[]> {
  const out: MessageRow[] = [];
  for (let afterSeq = 0; ;) {
    const page = await listMessages(db, workspaceId, conversationId, { afterSeq, limit: PAGE, includeNotes: true });
    out.push(...page);
    if (page.length < PAGE) return out;
    afterSeq = page.at(-1)!.seq;
  }
}

/** Everything Kefu holds about a contact (and the contacts merged into it), as named JSON documents. */
export async function collectContactData(db: DbOrTx, workspaceId: string, contactId: string): Promise<Record<string, unknown[]>> {
  const family = await selectMergeFamily(db, workspaceId, contactId);
  const contactIds = family.map((c) => c.id);
  const conversations = await selectConversationsOfContacts(db, workspaceId, contactIds);
  const withMessages = [];
  for (const c of conversations) withMessages.push({ ...c, messages: await allMessages(db, workspaceId, c.id) });
  const tickets = await selectTicketsOfContacts(db, workspaceId, contactIds);
  const ticketIds = tickets.map((t) => t.id);
  const activities = await selectActivitiesOfTickets(db, workspaceId, ticketIds);
  const conversationIds = conversations.map((c) => c.id);
  const surveys = await selectSurveysOfContacts(db, workspaceId, contactIds);
  return {
    contacts: family,
    identities: await selectIdentitiesOf(db, workspaceId, contactIds),
    conversations: withMessages,
    tickets: tickets.map((t) => ({ ...t, history: activities.filter((a) => a.ticketId === t.id) })),
    surveys: surveys.requests.map((r) => ({ ...r, response: surveys.responses.find((s) => s.surveyId === r.id) ?? null })),
    consents: await listConsents(db, workspaceId, contactIds),
    tasks: await selectTasksAbout(db, workspaceId, contactIds, conversationIds, ticketIds),
    botRequests: await selectRequestsOfContacts(db, workspaceId, contactIds),
    audit: await selectAuditAbout(db, workspaceId, [...contactIds, ...conversationIds, ...ticketIds]),
  };
}

/** The zip: one JSON file per kind of data, the attachment files under `attachments/`, and a README. */
async function buildZip(ctx: AppContext, workspaceId: string, contactId: string): Promise<{ zip: Uint8Array; counts: Record<string, number> }> {
  const data = await collectContactData(ctx.db, workspaceId, contactId);
  const files: Zippable = {};
  const counts: Record<string, number> = {};
  for (const [name, rows] of Object.entries(data)) {
    files[`${name}.json`] = strToU8(JSON.stringify(rows, null, 2));
    counts[name] = rows.length;
  }
  const conversationIds = (data.conversations as { id: string }[]).map((c) => c.id);
  const ticketIds = (data.tickets as { id: string }[]).map((t) => t.id);
  const ids = [
    ...(await selectMessageAttachmentIds(ctx.db, workspaceId, conversationIds)),
    ...(await selectTicketAttachmentIds(ctx.db, workspaceId, ticketIds)),
  ];
  const rows = await selectAttachmentRows(ctx.db, workspaceId, [...new Set(ids)]);
  for (const row of rows) files[`attachments/${row.id}-${row.filename}`] = new Uint8Array((await readAttachment(ctx, workspaceId, row.id)).data);
  files['attachments.json'] = strToU8(
    JSON.stringify(
      rows.map(({ storageKey: _, ...r }) => r),
      null,
      2,
    ),
  );
  counts.attachments = rows.length;
  files['README.txt'] = strToU8(
    `Data held about contact ${contactId} (and contacts merged into it), exported ${new Date().toISOString()}.\n` +
      'Each .json file is one kind of data; attachments/ holds the files sent in conversations and tickets.\n' +
      '导出内容：每个 .json 文件是一类数据；attachments/ 目录是会话和工单中的附件。\n',
  );
  return { zip: zipSync(files, { level: 6 }), counts };
}

/** Queue an export of a contact's data; the job writes the zip. Audited as `contact.export_requested`. */
export async function requestContactExport(ctx: AppContext, actor: Actor, contactId: string): Promise<ContactExportRow> {
  const workspaceId = actor.principal.workspaceId;
  await getContact(ctx.db, workspaceId, contactId);
  const row = await ctx.db.transaction(async (tx) => {
    const created = await insertContactExport(tx, { workspaceId, id: newId('contactExport'), contactId, requestedBy: actor.principal.id });
    await recordAudit(tx, actor, { action: 'contact.export_requested', targetType: 'contact', targetId: contactId, after: { exportId: created.id } });
    return created;
  });
  await ctx.jobs.send(EXPORT_JOB, { workspaceId, exportId: row.id }, { dedupeKey: row.id });
  return row;
}

/** Build one export's zip and store it; a failure is recorded on the export (and retried by the job). */
export async function runContactExport(ctx: AppContext, workspaceId: string, exportId: string): Promise<void> {
  const row = await findContactExport(ctx.db, workspaceId, exportId);
  if (!row || row.status === 'ready') return;
  await updateContactExport(ctx.db, workspaceId, exportId, { status: 'running' });
  try {
    const { zip, counts } = await buildZip(ctx, workspaceId, row.contactId);
    // The zip holds everything about a person: at rest it is sealed with the workspace's data key like attachments.
    const sealed = await withCipher(ctx.db, workspaceId, (c) => c.sealBlob(exportColumn(exportId), Buffer.from(zip)));
    const storageKey = await writeStore(ctx).put(`${workspaceId}/exports/${exportId}.zip`, sealed, 'application/octet-stream');
    const expiresAt = new Date(Date.now() + ctx.env.KEFU_EXPORT_TTL_HOURS * 3_600_000);
    await updateContactExport(ctx.db, workspaceId, exportId, { status: 'ready', storageKey, size: zip.length, counts, expiresAt, error: null });
  } catch (err) {
    await updateContactExport(ctx.db, workspaceId, exportId, {
      status: 'failed',
      error: err instanceof Error ? err.message.slice(0, 500) : 'failed',
    });
    throw err;
  }
}

/** The zip of a ready, unexpired export, for an admin; audited as `contact.export_downloaded`. */
export async function downloadContactExport(ctx: AppContext, actor: Actor, contactId: string, exportId: string): Promise<Buffer> {
  const workspaceId = actor.principal.workspaceId;
  const row = await findContactExport(ctx.db, workspaceId, exportId);
  if (!row || row.contactId !== contactId) throw appError('not_found');
  if (row.status !== 'ready' || !row.storageKey) throw appError('export_not_ready');
  if (!row.expiresAt || row.expiresAt.getTime() < Date.now()) throw appError('export_expired');
  const data = await withCipher(ctx.db, workspaceId, async (c) => c.openBlob(exportColumn(exportId), await readBlob(ctx, row.storageKey!)));
  await recordAudit(ctx.db, actor, { action: 'contact.export_downloaded', targetType: 'contact', targetId: contactId, after: { exportId } });
  return data;
}

/** A contact's exports, newest first; `not_found` for an unknown contact. */
export async function listContactExports(ctx: AppContext, workspaceId: string, contactId: string): Promise<ContactExportRow[]> {
  await getContact(ctx.db, workspaceId, contactId);
  return selectContactExports(ctx.db, workspaceId, [contactId]);
}

/** Builds queued exports (sent by `requestContactExport`). */
export const contactExportJob: JobDefinition = {
  name: EXPORT_JOB,
  retry: { limit: 2, delaySeconds: 30, backoff: true },
  async run(ctx, data) {
    const { workspaceId, exportId } = data as { workspaceId: string; exportId: string };
    await runContactExport(ctx, workspaceId, exportId);
  },
};
