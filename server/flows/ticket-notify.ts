import { z } from 'zod';
import { PermanentDeliveryError } from '../channels/index.ts';
import type { AppContext } from '../context.ts';
import type { JobDefinition } from '../jobs/queue.ts';
import { getContact } from '../modules/contacts/index.ts';
import { createTicketLink, getReopenDays } from '../modules/portal-access/index.ts';
import { getTicket, type TicketRow } from '../modules/tickets/index.ts';
import { getWorkspace, type WorkspaceRow } from '../modules/workspaces/index.ts';
import type { PortalLocale } from '../portal/i18n.ts';
import { composeMail, mailWords, sendCustomerMail, type CustomerMail } from './ticket-notify-mail.ts';

export const TICKET_NOTIFY_JOB = 'tickets.notify_requester';

const jobData = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sign_in'),
    workspaceId: z.string(),
    to: z.string(),
    token: z.string(),
    origin: z.string(),
    locale: z.enum(['zh-CN', 'en']),
  }),
  z.object({ kind: z.enum(['created', 'resolved']), workspaceId: z.string(), ticketId: z.string() }),
  z.object({ kind: z.literal('reply'), workspaceId: z.string(), ticketId: z.string(), activityId: z.string(), body: z.string() }),
  // The survey link carries its token: it lives only in the job until sent, as the sign-in link does.
  z.object({ kind: z.literal('survey'), workspaceId: z.string(), ticketId: z.string(), url: z.string() }),
]);
export type TicketNotifyData = z.infer<typeof jobData>;

/** The portal's address for links in mail: the configured public URL, else Kefu's own listener. */
export function mailOrigin(ctx: AppContext): string {
  return ctx.env.KEFU_PUBLIC_URL ? new URL(ctx.env.KEFU_PUBLIC_URL).origin : `http://${ctx.env.HOST}:${ctx.env.PORT}`;
}

/** `/help/<slug>/tickets/…` under the origin. */
export const portalLink = (origin: string, slug: string, path: string, locale: PortalLocale) =>
  `${origin}/help/${encodeURIComponent(slug)}/tickets/${path}?lang=${locale}`;

function localeOf(contactLocale: string | null, workspace: WorkspaceRow): PortalLocale {
  const pick = contactLocale ?? workspace.defaultLocale;
  return pick === 'en' || pick === 'zh-CN' ? pick : 'zh-CN';
}

/** The mail for one ticket event, with a fresh per-ticket link; null when the requester has no email. */
async function ticketMail(
  ctx: AppContext,
  workspace: WorkspaceRow,
  data: Exclude<TicketNotifyData, { kind: 'sign_in' }>,
): Promise<CustomerMail | null> {
  const ticket: TicketRow = await getTicket(ctx.db, workspace.id, data.ticketId);
  const { contact } = await getContact(ctx.db, workspace.id, ticket.contactId);
  if (!contact.email) return null;
  const locale = localeOf(contact.locale, workspace);
  const w = mailWords(locale);
  const token = await createTicketLink(ctx.db, workspace.id, contact.id, ticket.id);
  const link = { label: w.open, url: portalLink(mailOrigin(ctx), workspace.slug, `access/${token}`, locale) };
  if (data.kind === 'created')
    return composeMail(
      contact.email,
      w.createdSubject(workspace.name, ticket.number, ticket.subject),
      w.createdBody(ticket.number),
      link,
      undefined,
      w.footer,
    );
  if (data.kind === 'reply')
    return composeMail(contact.email, w.replySubject(workspace.name, ticket.number), w.replyBody(ticket.number), link, data.body, w.footer);
  if (data.kind === 'survey')
    return composeMail(
      contact.email,
      w.surveySubject(workspace.name, ticket.number),
      w.surveyBody(ticket.number),
      { label: w.surveyButton, url: data.url },
      undefined,
      w.footer,
    );
  const days = await getReopenDays(ctx.db, workspace.id);
  return composeMail(contact.email, w.resolvedSubject(workspace.name, ticket.number), w.resolvedBody(ticket.number, days), link, undefined, w.footer);
}

/**
 * Mail the requester about their ticket (created, staff reply, resolved) or
 * send a help center sign-in link. Runs as a pg-boss job with retries, so a
 * crash or a relay hiccup does not lose the mail; a permanent refusal is
 * logged and dropped.
 */
export async function notifyRequester(ctx: AppContext, raw: unknown): Promise<void> {
  const data = jobData.parse(raw);
  const workspace = await getWorkspace(ctx.db, data.workspaceId);
  let mail: CustomerMail | null;
  if (data.kind === 'sign_in') {
    const w = mailWords(data.locale);
    const url = portalLink(data.origin, workspace.slug, `sign-in/${data.token}`, data.locale);
    mail = composeMail(data.to, w.signInSubject(workspace.name), w.signInBody, { label: w.signInButton, url }, undefined, w.footer);
  } else mail = await ticketMail(ctx, workspace, data);
  if (!mail) return;
  try {
    await sendCustomerMail(ctx, workspace, mail);
  } catch (err) {
    if (!(err instanceof PermanentDeliveryError)) throw err;
    ctx.log.warn({ err, kind: data.kind, workspaceId: data.workspaceId }, 'customer mail cannot be sent');
  }
}

export const ticketNotifyJob: JobDefinition = {
  name: TICKET_NOTIFY_JOB,
  retry: { limit: 8, delaySeconds: 30, backoff: true },
  run: notifyRequester,
};

const enqueue = (ctx: AppContext, data: TicketNotifyData, dedupeKey: string) =>
  ctx.jobs.send(TICKET_NOTIFY_JOB, data, { dedupeKey }).catch((err: unknown) => ctx.log.error({ err, dedupeKey }, 'could not queue customer mail'));

/**
 * Ticket events that mail the requester: created (not for tickets that came
 * in by email — the email channel answers in the customer's own thread), a
 * staff reply the customer can see, and resolved.
 */
export function registerTicketNotifyListeners(ctx: AppContext): void {
  ctx.bus.on('ticket.created', async ({ payload: { workspaceId, ticket } }) => {
    if (ticket.source === 'email' || ticket.source === 'split') return;
    await enqueue(ctx, { kind: 'created', workspaceId, ticketId: ticket.id }, `created:${ticket.id}`);
  });
  ctx.bus.on('ticket.activity_added', async ({ payload: { workspaceId, ticket, activity } }) => {
    if (activity.kind !== 'reply' || !activity.public || activity.actorType === 'contact') return;
    await enqueue(ctx, { kind: 'reply', workspaceId, ticketId: ticket.id, activityId: activity.id, body: activity.body }, `reply:${activity.id}`);
  });
  ctx.bus.on('ticket.resolved', async ({ payload: { workspaceId, ticket } }) => {
    await enqueue(ctx, { kind: 'resolved', workspaceId, ticketId: ticket.id }, `resolved:${ticket.id}:${ticket.resolvedAt?.toISOString() ?? ''}`);
  });
}

/** Queue the survey mail of a ticket with no conversation to ask in (once per survey request). */
export async function queueSurveyMail(ctx: AppContext, data: Extract<TicketNotifyData, { kind: 'survey' }>, requestId: string): Promise<void> {
  await ctx.jobs.send(TICKET_NOTIFY_JOB, data, { dedupeKey: `survey:${requestId}` });
}

/** Queue a sign-in mail (the same durable path as ticket mail; the token lives only in the job until sent). */
export function queueSignInMail(ctx: AppContext, data: Extract<TicketNotifyData, { kind: 'sign_in' }>): Promise<void> {
  return ctx.jobs.send(TICKET_NOTIFY_JOB, data);
}
