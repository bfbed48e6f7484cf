import type { AppContext } from '../context.ts';
import type { JobDefinition } from '../jobs/queue.ts';
import { systemActor, type Actor } from '../lib/principal.ts';
import { deleteAuditBefore, recordAudit } from '../modules/audit/index.ts';
import { stripRunsOf } from '../modules/automation/index.ts';
import { forgetBotData } from '../modules/bot/index.ts';
import {
  deleteConversations,
  selectAttachmentsBefore,
  selectMessageAttachmentIds,
  selectResolvedConversationIds,
  stripConversations,
} from '../modules/conversations/index.ts';
import { forgetGapQuestions } from '../modules/gaps/index.ts';
import {
  getRetention,
  selectActiveRetentionPolicies,
  selectExpiredExports,
  updateContactExport,
  type RetentionSettings,
} from '../modules/retention/index.ts';
import { deleteTickets, selectClosedTicketIds, selectTicketAttachmentIds, stripTickets } from '../modules/tickets/index.ts';
import { deleteAttachments } from '../storage/attachments.ts';
import { deleteBlob } from '../storage/blob-store.ts';

export const RETENTION_JOB = 'retention.apply';
/** Rows per transaction: small enough to keep locks short, large enough to finish a backlog in minutes. */
const BATCH = 200;
/** Dry runs count up to this many rows per kind. */
const DRY_RUN_CAP = 100_000;
const DAY_MS = 86_400_000;

export interface RetentionCounts {
  conversationsDeleted: number;
  conversationsAnonymised: number;
  messagesStripped: number;
  ticketsDeleted: number;
  ticketsAnonymised: number;
  attachmentsDeleted: number;
  auditEntriesDeleted: number;
  exportsExpired: number;
}

const emptyCounts = (): RetentionCounts => ({
  conversationsDeleted: 0,
  conversationsAnonymised: 0,
  messagesStripped: 0,
  ticketsDeleted: 0,
  ticketsAnonymised: 0,
  attachmentsDeleted: 0,
  auditEntriesDeleted: 0,
  exportsExpired: 0,
});

const cutoffs = (p: RetentionSettings, now: number) => ({
  conversations: new Date(now - p.conversationsDays * DAY_MS),
  tickets: new Date(now - p.ticketsYears * 365 * DAY_MS),
  attachments: p.attachmentsDays ? new Date(now - p.attachmentsDays * DAY_MS) : null,
  audit: p.auditYears ? new Date(now - p.auditYears * 365 * DAY_MS) : null,
});

/** What a run would change, counted without changing anything. */
async function countDue(ctx: AppContext, workspaceId: string, p: RetentionSettings): Promise<RetentionCounts> {
  const counts = emptyCounts();
  const at = cutoffs(p, Date.now());
  if (p.conversationsAction !== 'keep') {
    const ids = await selectResolvedConversationIds(ctx.db, workspaceId, at.conversations, DRY_RUN_CAP, p.conversationsAction === 'anonymise');
    counts[p.conversationsAction === 'delete' ? 'conversationsDeleted' : 'conversationsAnonymised'] = ids.length;
  }
  if (p.ticketsAction !== 'keep') {
    const ids = await selectClosedTicketIds(ctx.db, workspaceId, at.tickets, DRY_RUN_CAP, p.ticketsAction === 'anonymise');
    counts[p.ticketsAction === 'delete' ? 'ticketsDeleted' : 'ticketsAnonymised'] = ids.length;
  }
  if (at.attachments) counts.attachmentsDeleted = (await selectAttachmentsBefore(ctx.db, workspaceId, at.attachments, DRY_RUN_CAP)).length;
  return counts;
}

/** Old resolved conversations, a batch at a time: files first, then rows. */
async function applyConversations(ctx: AppContext, workspaceId: string, p: RetentionSettings, cutoff: Date, counts: RetentionCounts): Promise<void> {
  const anonymise = p.conversationsAction === 'anonymise';
  for (;;) {
    const ids = await selectResolvedConversationIds(ctx.db, workspaceId, cutoff, BATCH, anonymise);
    if (ids.length === 0) return;
    counts.attachmentsDeleted += await deleteAttachments(ctx, workspaceId, await selectMessageAttachmentIds(ctx.db, workspaceId, ids));
    await ctx.db.transaction(async (tx) => {
      await forgetBotData(tx, workspaceId, [], ids);
      await forgetGapQuestions(tx, workspaceId, ids);
      await stripRunsOf(tx, workspaceId, ids);
      if (anonymise) counts.messagesStripped += await stripConversations(tx, workspaceId, ids);
      else counts.conversationsDeleted += await deleteConversations(tx, workspaceId, ids);
    });
    if (anonymise) counts.conversationsAnonymised += ids.length;
    ctx.bus.emit('conversations.erased', { workspaceId, contactIds: [], conversationIds: ids });
    if (ids.length < BATCH) return;
  }
}

async function applyTickets(ctx: AppContext, workspaceId: string, p: RetentionSettings, cutoff: Date, counts: RetentionCounts): Promise<void> {
  const anonymise = p.ticketsAction === 'anonymise';
  for (;;) {
    const ids = await selectClosedTicketIds(ctx.db, workspaceId, cutoff, BATCH, anonymise);
    if (ids.length === 0) return;
    counts.attachmentsDeleted += await deleteAttachments(ctx, workspaceId, await selectTicketAttachmentIds(ctx.db, workspaceId, ids));
    await ctx.db.transaction(async (tx) => {
      await stripRunsOf(tx, workspaceId, ids);
      if (anonymise) counts.ticketsAnonymised += (await stripTickets(tx, workspaceId, ids)).tickets;
      else counts.ticketsDeleted += await deleteTickets(tx, workspaceId, ids);
    });
    if (ids.length < BATCH) return;
  }
}

async function applyFilesAndAudit(ctx: AppContext, workspaceId: string, at: ReturnType<typeof cutoffs>, counts: RetentionCounts): Promise<void> {
  for (let rows; at.attachments && (rows = await selectAttachmentsBefore(ctx.db, workspaceId, at.attachments, BATCH)).length;) {
    counts.attachmentsDeleted += await deleteAttachments(
      ctx,
      workspaceId,
      rows.map((r) => r.id),
    );
  }
  for (let n; at.audit && (n = await deleteAuditBefore(ctx.db, workspaceId, at.audit, 1000));) counts.auditEntriesDeleted += n;
  for (const row of await selectExpiredExports(ctx.db, workspaceId, new Date())) {
    if (row.storageKey) await deleteBlob(ctx, row.storageKey);
    await updateContactExport(ctx.db, workspaceId, row.id, { status: 'expired', storageKey: null });
    counts.exportsExpired += 1;
  }
}

/**
 * Apply a workspace's retention settings: resolved conversations and closed
 * tickets past their time are deleted or anonymised, old attachment files
 * and audit entries deleted, expired exports removed — in batches, each in
 * its own transaction. Writes one `retention.applied` audit row with the
 * counts. With `dryRun`, only counts what a run would change.
 */
export async function applyRetention(ctx: AppContext, workspaceId: string, options: { dryRun: boolean; actor?: Actor }): Promise<RetentionCounts> {
  const policy = await getRetention(ctx.db, workspaceId);
  if (options.dryRun) return countDue(ctx, workspaceId, policy);
  const counts = emptyCounts();
  const at = cutoffs(policy, Date.now());
  if (policy.conversationsAction !== 'keep') await applyConversations(ctx, workspaceId, policy, at.conversations, counts);
  if (policy.ticketsAction !== 'keep') await applyTickets(ctx, workspaceId, policy, at.tickets, counts);
  await applyFilesAndAudit(ctx, workspaceId, at, counts);
  await recordAudit(ctx.db, options.actor ?? systemActor(workspaceId), {
    action: 'retention.applied',
    targetType: 'workspace',
    targetId: workspaceId,
    after: { ...counts },
  });
  return counts;
}

/** Daily at 03:41 UTC: every workspace with saved settings (a run on demand sends it with one workspace). */
export const retentionJob: JobDefinition = {
  name: RETENTION_JOB,
  cron: '41 3 * * *',
  async run(ctx, data) {
    const only = (data as { workspaceId?: string } | null)?.workspaceId;
    const workspaceIds = only ? [only] : (await selectActiveRetentionPolicies(ctx.db)).map((p) => p.workspaceId);
    for (const workspaceId of workspaceIds) await applyRetention(ctx, workspaceId, { dryRun: false });
  },
};
