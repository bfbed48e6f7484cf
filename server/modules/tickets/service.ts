import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { keepUnmasked, privacyFor } from '../pii/index.ts';
import { suggestForTicket } from './classify-service.ts';
import { checkCustomFields, dispatchFor } from './config-service.ts';
import { selectFields } from './config-repo.ts';
import {
  insertActivity,
  insertTicket,
  linkConversation,
  lockTicket,
  selectActivity,
  selectTicket,
  takeTicketNumber,
  updateTicketRow,
} from './repo.ts';
import { findContactRow, teamExists, userExists } from './people-repo.ts';
import {
  priorities,
  ticketStatuses,
  type TicketActivityRow,
  type TicketActorType,
  type TicketRow,
  type TicketSource,
  type TicketStatus,
} from './schema.ts';

/** Who did something to a ticket: staff (user or API key), the requester, the bot, or Kefu itself. */
export interface TicketActor {
  type: TicketActorType;
  id: string | null;
}

const attachmentRef = z.object({
  id: z.string().max(64),
  filename: z.string().max(255),
  contentType: z.string().max(255),
  size: z.number().int().min(0),
});

export const ticketCreate = z
  .object({
    subject: z.string().trim().min(1).max(200),
    description: z.string().trim().max(20_000).default(''),
    contactId: z.string().max(64),
    categoryId: z.string().max(64).nullable().default(null),
    priority: z.enum(priorities).optional(),
    status: z.enum(['new', 'open', 'pending_customer', 'pending_third_party']).default('new'),
    teamId: z.string().max(64).nullable().optional(),
    assigneeId: z.string().max(64).nullable().default(null),
    labels: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
    customFields: z.record(z.string(), z.unknown()).default({}),
    attachments: z.array(attachmentRef).max(20).default([]),
    parentId: z.string().max(64).nullable().default(null),
    conversationIds: z.array(z.string().max(64)).max(20).default([]),
  })
  .strict();
export type TicketCreate = z.input<typeof ticketCreate>;

/** Ticket numbers read `T-<year>-<six digits>`; the year is the creation year (UTC). */
export function formatTicketNumber(year: number, value: number): string {
  return `T-${year}-${String(value).padStart(6, '0')}`;
}

/**
 * Creates a ticket inside the caller's transaction: takes the next number,
 * applies the category's dispatch rules (team, starting priority) where the
 * input leaves them open, checks custom fields against their definitions,
 * links conversations and writes the `created` line. Emitting
 * `ticket.created` is the caller's job, after commit.
 */
export async function insertNewTicket(
  tx: DbOrTx,
  workspaceId: string,
  by: TicketActor,
  source: TicketSource,
  raw: TicketCreate,
  extra: { classification?: Record<string, unknown> } = {},
): Promise<TicketRow> {
  const input = ticketCreate.parse(raw);
  if (!(await findContactRow(tx, workspaceId, input.contactId))) throw invalid('contactId', 'unknown contact');
  const dispatch = input.categoryId ? await dispatchFor(tx, workspaceId, input.categoryId) : null;
  const teamId = input.teamId === undefined ? (dispatch?.teamId ?? null) : input.teamId;
  if (teamId && !(await teamExists(tx, workspaceId, teamId))) throw invalid('teamId', 'unknown team');
  if (input.assigneeId && !(await userExists(tx, workspaceId, input.assigneeId))) throw invalid('assigneeId', 'unknown user');
  if (input.parentId && !(await selectTicket(tx, workspaceId, input.parentId))) throw invalid('parentId', 'unknown ticket');
  const customFields = checkCustomFields(await selectFields(tx, workspaceId), input.customFields, by.type === 'user' || by.type === 'contact');
  const year = new Date().getUTCFullYear();
  const ticket = await insertTicket(tx, {
    workspaceId,
    id: newId('ticket'),
    number: formatTicketNumber(year, await takeTicketNumber(tx, workspaceId, year)),
    subject: input.subject,
    description: input.description,
    contactId: input.contactId,
    categoryId: input.categoryId,
    priority: input.priority ?? dispatch?.defaultPriority ?? 'normal',
    status: input.assigneeId && input.status === 'new' ? 'open' : input.status,
    source,
    teamId,
    assigneeId: input.assigneeId,
    labels: [...new Set(input.labels)],
    customFields,
    attachments: input.attachments,
    classification: extra.classification ?? null,
    parentId: input.parentId,
    createdBy: by.id,
  });
  for (const conversationId of input.conversationIds) await linkConversation(tx, workspaceId, ticket.id, conversationId);
  await insertActivity(tx, {
    workspaceId,
    id: newId('ticketActivity'),
    ticketId: ticket.id,
    kind: 'created',
    actorType: by.type,
    actorId: by.id,
    public: true,
    data: { source, ...(dispatch?.teamId && input.teamId === undefined ? { dispatchedTo: dispatch.teamId } : {}) },
  });
  return ticket;
}

/**
 * Creates a ticket in its own transaction and emits `ticket.created`. A ticket
 * given no category or priority gets the workspace classifier's suggestion
 * (kept in `classification`).
 */
export async function createTicket(
  ctx: AppContext,
  workspaceId: string,
  by: TicketActor,
  source: TicketSource,
  input: TicketCreate,
  extra: { classification?: Record<string, unknown> } = {},
): Promise<TicketRow> {
  const suggestion =
    input.categoryId == null || input.priority === undefined
      ? await suggestForTicket(ctx, workspaceId, `${input.subject}\n${input.description ?? ''}`)
      : null;
  const filled: TicketCreate = suggestion
    ? { ...input, categoryId: input.categoryId ?? suggestion.categoryId, priority: input.priority ?? suggestion.priority }
    : input;
  const classification = extra.classification ?? suggestion?.classification;
  const ticket = await ctx.db.transaction((tx) => insertNewTicket(tx, workspaceId, by, source, filled, { classification }));
  ctx.bus.emit('ticket.created', { workspaceId, ticket });
  return ticket;
}

/** A ticket of this workspace, or `not_found` (also for another workspace's id). */
export async function getTicket(db: DbOrTx, workspaceId: string, id: string): Promise<TicketRow> {
  const row = await selectTicket(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

/** One line of a ticket's history (a reply, a note, a change) in the caller's workspace. */
export async function getTicketActivity(db: DbOrTx, workspaceId: string, id: string): Promise<TicketActivityRow> {
  const row = await selectActivity(db, workspaceId, id);
  if (!row) throw appError('not_found');
  return row;
}

export const ticketPatch = z
  .object({
    subject: z.string().trim().min(1).max(200),
    description: z.string().trim().max(20_000),
    categoryId: z.string().max(64).nullable(),
    priority: z.enum(priorities),
    status: z.enum(ticketStatuses),
    teamId: z.string().max(64).nullable(),
    assigneeId: z.string().max(64).nullable(),
    labels: z.array(z.string().trim().min(1).max(50)).max(30),
    customFields: z.record(z.string(), z.unknown()),
    parentId: z.string().max(64).nullable(),
  })
  .partial()
  .strict();
export type TicketPatch = z.infer<typeof ticketPatch>;

const TRACKED = ['subject', 'description', 'categoryId', 'priority', 'status', 'teamId', 'assigneeId', 'labels', 'customFields', 'parentId'] as const;

/** Result of a change, for the caller to emit after commit. */
export interface TicketChange {
  ticket: TicketRow;
  changes: string[];
  previous: Partial<TicketRow>;
  activity: TicketActivityRow | null;
}

/**
 * Applies a patch under the ticket's row lock and writes one `change` line
 * with every field's before and after. Moving to a category without naming
 * a team dispatches to the category's team; assigning a `new` ticket opens
 * it; `resolved`/`closed` stamp their times, leaving them clears the stamps.
 */
export async function applyTicketPatch(tx: DbOrTx, workspaceId: string, by: TicketActor, id: string, patch: TicketPatch): Promise<TicketChange> {
  const before = await lockTicket(tx, workspaceId, id);
  if (!before) throw appError('not_found');
  const set: Partial<TicketRow> = { ...patch };
  if (patch.subject !== undefined || patch.description !== undefined) {
    // The console shows these masked to most roles: its edit form sends the stars back when they were not touched.
    const privacy = await privacyFor(tx, workspaceId);
    if (patch.subject !== undefined) set.subject = keepUnmasked(before.subject, patch.subject, privacy);
    if (patch.description !== undefined) set.description = keepUnmasked(before.description, patch.description, privacy);
  }
  if (patch.categoryId && patch.teamId === undefined && patch.categoryId !== before.categoryId) {
    set.teamId = (await dispatchFor(tx, workspaceId, patch.categoryId)).teamId ?? before.teamId;
  } else if (patch.categoryId) await dispatchFor(tx, workspaceId, patch.categoryId);
  if (set.teamId && set.teamId !== before.teamId && !(await teamExists(tx, workspaceId, set.teamId))) throw invalid('teamId', 'unknown team');
  if (patch.assigneeId && patch.assigneeId !== before.assigneeId && !(await userExists(tx, workspaceId, patch.assigneeId))) {
    throw invalid('assigneeId', 'unknown user');
  }
  if (patch.parentId) await checkParent(tx, workspaceId, id, patch.parentId);
  if (patch.customFields) {
    const merged = { ...before.customFields, ...patch.customFields };
    set.customFields = checkCustomFields(await selectFields(tx, workspaceId), merged, false);
  }
  if (patch.labels) set.labels = [...new Set(patch.labels)];
  const status = patch.status ?? (patch.assigneeId && before.status === 'new' ? 'open' : before.status);
  set.status = status;
  Object.assign(set, statusStamps(before, status));
  const after = await updateTicketRow(tx, workspaceId, id, set);
  const changes = TRACKED.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changes.length === 0) return { ticket: after, changes, previous: {}, activity: null };
  const previous = Object.fromEntries(changes.map((k) => [k, before[k]])) as Partial<TicketRow>;
  const activity = await insertActivity(tx, {
    workspaceId,
    id: newId('ticketActivity'),
    ticketId: id,
    kind: 'change',
    actorType: by.type,
    actorId: by.id,
    // The customer follows status progress (e.g. 已派单至售后) on the portal; other field changes are internal.
    public: changes.includes('status') || changes.includes('teamId'),
    data: { changes: Object.fromEntries(changes.map((k) => [k, [before[k], after[k]]])) },
  });
  return { ticket: after, changes, previous, activity };
}

function statusStamps(before: TicketRow, status: TicketStatus): Partial<TicketRow> {
  if (status === before.status) return {};
  if (status === 'resolved') return { resolvedAt: new Date() };
  if (status === 'closed') return { closedAt: new Date(), resolvedAt: before.resolvedAt ?? new Date() };
  return { resolvedAt: null, closedAt: null };
}

async function checkParent(tx: DbOrTx, workspaceId: string, id: string, parentId: string): Promise<void> {
  let cursor: string | null = parentId;
  for (let depth = 0; cursor; depth++) {
    if (cursor === id || depth > 20) throw invalid('parentId', 'a ticket cannot be its own ancestor');
    const parent: TicketRow | undefined = await selectTicket(tx, workspaceId, cursor);
    if (!parent) throw invalid('parentId', 'unknown ticket');
    cursor = parent.parentId;
  }
}

/** Changes a ticket in its own transaction and emits what changed. */
export async function changeTicket(ctx: AppContext, workspaceId: string, by: TicketActor, id: string, patch: TicketPatch): Promise<TicketChange> {
  const result = await ctx.db.transaction((tx) => applyTicketPatch(tx, workspaceId, by, id, patch));
  emitChange(ctx, workspaceId, result);
  return result;
}

/** Emits `ticket.updated` (and `ticket.resolved` on becoming resolved) for a committed change. */
export function emitChange(ctx: AppContext, workspaceId: string, result: TicketChange): void {
  if (result.changes.length === 0) return;
  ctx.bus.emit('ticket.updated', { workspaceId, ticket: result.ticket, changes: result.changes, previous: result.previous });
  if (result.changes.includes('status') && result.ticket.status === 'resolved')
    ctx.bus.emit('ticket.resolved', { workspaceId, ticket: result.ticket });
}

export const ticketReply = z
  .object({
    body: z.string().trim().min(1).max(20_000),
    /** `reply` goes to the customer; `note` stays internal. */
    kind: z.enum(['reply', 'note']).default('reply'),
    attachments: z.array(attachmentRef).max(20).default([]),
    /** Set the status in the same step ("reply and wait for the customer"). */
    status: z.enum(ticketStatuses).optional(),
  })
  .strict();

/**
 * Staff add a reply (the customer sees it) or an internal note. The first
 * reply stamps `firstRespondedAt`; a reply to a `new` or `reopened` ticket
 * opens it unless `status` says otherwise.
 */
export async function addStaffActivity(
  ctx: AppContext,
  workspaceId: string,
  by: TicketActor,
  id: string,
  input: z.infer<typeof ticketReply>,
): Promise<{ activity: TicketActivityRow; change: TicketChange }> {
  const result = await ctx.db.transaction(async (tx) => {
    const before = await lockTicket(tx, workspaceId, id);
    if (!before) throw appError('not_found');
    const activity = await insertActivity(tx, {
      workspaceId,
      id: newId('ticketActivity'),
      ticketId: id,
      kind: input.kind,
      actorType: by.type,
      actorId: by.id,
      public: input.kind === 'reply',
      body: input.body,
      attachments: input.attachments,
    });
    const reply = input.kind === 'reply';
    const status = input.status ?? (reply && (before.status === 'new' || before.status === 'reopened') ? 'open' : undefined);
    const change = status ? await applyTicketPatch(tx, workspaceId, by, id, { status }) : unchanged(await lockTicket(tx, workspaceId, id));
    let ticket = change.ticket;
    if (reply && !before.firstRespondedAt) ticket = await updateTicketRow(tx, workspaceId, id, { firstRespondedAt: activity.createdAt });
    else ticket = await updateTicketRow(tx, workspaceId, id, {}); // bumps updated_at: the list shows the latest activity first
    return { activity, change: { ...change, ticket } };
  });
  ctx.bus.emit('ticket.activity_added', { workspaceId, ticket: result.change.ticket, activity: result.activity });
  emitChange(ctx, workspaceId, result.change);
  return result;
}

function unchanged(ticket: TicketRow | undefined): TicketChange {
  if (!ticket) throw appError('not_found');
  return { ticket, changes: [], previous: {}, activity: null };
}

/**
 * The requester writes on their ticket (portal, widget, email reply). A
 * ticket waiting on the customer goes back to `open`; a resolved one is
 * `reopened` (callers that limit reopening check the window first).
 */
export async function addCustomerReply(
  ctx: AppContext,
  workspaceId: string,
  contactId: string,
  id: string,
  input: { body: string; attachments?: z.infer<typeof attachmentRef>[] },
): Promise<{ activity: TicketActivityRow; change: TicketChange }> {
  const by: TicketActor = { type: 'contact', id: contactId };
  const result = await ctx.db.transaction(async (tx) => {
    const before = await lockTicket(tx, workspaceId, id);
    if (!before || before.contactId !== contactId) throw appError('not_found');
    if (before.status === 'closed') throw appError('ticket_closed');
    const activity = await insertActivity(tx, {
      workspaceId,
      id: newId('ticketActivity'),
      ticketId: id,
      kind: 'customer_reply',
      actorType: 'contact',
      actorId: contactId,
      public: true,
      body: input.body,
      attachments: input.attachments ?? [],
    });
    const status: TicketStatus | undefined = before.status === 'pending_customer' ? 'open' : before.status === 'resolved' ? 'reopened' : undefined;
    const change = status ? await applyTicketPatch(tx, workspaceId, by, id, { status }) : unchanged(before);
    return { activity, change: { ...change, ticket: status ? change.ticket : await updateTicketRow(tx, workspaceId, id, {}) } };
  });
  ctx.bus.emit('ticket.activity_added', { workspaceId, ticket: result.change.ticket, activity: result.activity });
  emitChange(ctx, workspaceId, result.change);
  return result;
}

function invalid(field: string, message: string) {
  return appError('validation_failed', [{ in: 'body', path: [field], message }]);
}
