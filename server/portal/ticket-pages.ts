import type { ContactRow } from '../modules/contacts/index.ts';
import type { TicketRow } from '../modules/tickets/index.ts';
import { markup, textParagraphs, type SafeHtml } from './html.ts';
import { helpUrl, renderPage, type Site } from './layout.ts';
import { ticketStrings } from './ticket-i18n.ts';
import { customerStatus, type TimelineEntry } from './ticket-view.ts';

/** `/tickets…` under the help center, with the page's language. */
export const ticketsUrl = (site: Site, path = '', query: Record<string, string> = {}) => helpUrl(site, `/tickets${path}`, site.locale, query);
/** Form actions carry the language too, so the answer page speaks it. */
export const ticketAction = (site: Site, path = '') => ticketsUrl(site, path);

/** A ticket's address on the portal (numbers are unique per workspace and readable). */
export const ticketPath = (ticket: Pick<TicketRow, 'number'>) => `/${encodeURIComponent(ticket.number)}`;

const csrfField = (csrf: string) => markup`<input type="hidden" name="_csrf" value="${csrf}" />`;

/** The ticket pages' extra stylesheet and script (same origin, allowed by the help center's CSP). */
export function ticketAssets(site: Site): SafeHtml {
  const v = encodeURIComponent(site.assetVersion);
  return markup`<link rel="stylesheet" href="/help/_ticket-assets/tickets.css?v=${v}" /><script src="/help/_ticket-assets/tickets.js?v=${v}" defer></script>`;
}

/** A whole ticket page: never indexed, never cached. */
export function ticketPage(site: Site, title: string, path: string, body: SafeHtml): string {
  const t = ticketStrings(site.locale);
  const nav = markup`<nav class="tk-nav"><a href="${ticketsUrl(site)}">${t.myTickets}</a> <a href="${ticketsUrl(site, '/new')}">${t.newTicket}</a></nav>`;
  return renderPage(
    site,
    { title, description: title, path: `/tickets${path}`, alternates: [site.locale], noindex: true },
    markup`${ticketAssets(site)}${nav}<div class="tk">${body}</div>`,
  );
}

export function renderSignIn(site: Site, csrf: string): string {
  const t = ticketStrings(site.locale);
  return ticketPage(
    site,
    t.signInTitle,
    '',
    markup`<h1>${t.signInTitle}</h1><p>${t.signInLead}</p>
    <form class="tk-form" method="post" action="${ticketAction(site, '/sign-in')}">${csrfField(csrf)}
      <label for="tk-email">${t.email}</label>
      <input id="tk-email" name="email" type="email" autocomplete="email" maxlength="254" required />
      <button type="submit">${t.sendLink}</button>
    </form>
    <p><a href="${ticketsUrl(site, '/new')}">${t.newTicket}</a></p>`,
  );
}

export function renderCheckInbox(site: Site, email: string): string {
  const t = ticketStrings(site.locale);
  return ticketPage(site, t.checkInboxTitle, '/sign-in', markup`<h1>${t.checkInboxTitle}</h1><p role="status">${t.checkInbox(email)}</p>`);
}

/** One click to sign in with a mailed link (the link itself changes nothing). */
export function renderConfirmSignIn(site: Site, csrf: string, token: string): string {
  const t = ticketStrings(site.locale);
  return ticketPage(
    site,
    t.signInTitle,
    '/sign-in',
    markup`<h1>${t.signInTitle}</h1>
    <form class="tk-form" method="post" action="${ticketAction(site, `/sign-in/${token}`)}">${csrfField(csrf)}<button type="submit">${t.confirmSignIn}</button></form>`,
  );
}

export function renderLinkInvalid(site: Site): string {
  const t = ticketStrings(site.locale);
  return ticketPage(
    site,
    t.linkInvalidTitle,
    '/sign-in',
    markup`<h1>${t.linkInvalidTitle}</h1><p>${t.linkInvalid}</p><p><a href="${ticketsUrl(site)}">${t.sendLink}</a></p>`,
  );
}

/** A time in the workspace's time zone, as the customer's language writes it. */
const when = (site: Site, at: Date, timeZone: string) =>
  at.toLocaleString(site.locale, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });

function statusBadge(site: Site, ticket: TicketRow): SafeHtml {
  const s = customerStatus(ticket.status);
  return markup`<span class="tk-status tk-${s}">${ticketStrings(site.locale).statuses[s]}</span>`;
}

export function renderTicketList(site: Site, csrf: string, contact: ContactRow, tickets: TicketRow[], timeZone: string): string {
  const t = ticketStrings(site.locale);
  const rows = tickets.map(
    (k) =>
      markup`<tr><td><a href="${ticketsUrl(site, ticketPath(k))}">${k.number}</a></td><td>${k.subject}</td><td>${statusBadge(site, k)}</td><td>${when(site, k.updatedAt, timeZone)}</td></tr>`,
  );
  return ticketPage(
    site,
    t.myTickets,
    '',
    markup`<h1>${t.myTickets}</h1>
    <form class="tk-who" method="post" action="${ticketAction(site, '/sign-out')}">${csrfField(csrf)}<span>${t.signedInAs(contact.email ?? contact.name ?? '')}</span> <button type="submit" class="link">${t.signOut}</button></form>
    ${
      tickets.length
        ? markup`<table class="tk-list"><thead><tr><th>${t.number}</th><th>${t.subject}</th><th>${t.status}</th><th>${t.updated}</th></tr></thead><tbody>${rows}</tbody></table>`
        : markup`<p class="empty">${t.noTickets}</p>`
    }
    <p><a class="button" href="${ticketsUrl(site, '/new')}">${t.newTicket}</a></p>`,
  );
}

export function renderCreated(site: Site, ticket: TicketRow, accessUrl: string): string {
  const t = ticketStrings(site.locale);
  return ticketPage(
    site,
    t.createdTitle,
    '/new',
    markup`<h1>${t.createdTitle}</h1><p role="status">${t.created(ticket.number)}</p>
    <p>${t.accessLink}<br /><a class="tk-access" href="${accessUrl}">${accessUrl}</a></p>
    <p><a class="button" href="${accessUrl}">${t.viewTicket}</a></p>`,
  );
}

/** What the customer may still do on a ticket. */
export type TicketActions = { reply: boolean; reopen: 'allowed' | 'expired' | 'no'; reopenDays: number };

export interface TicketPageData {
  ticket: TicketRow;
  categoryNames: string[];
  timeline: TimelineEntry[];
  expected: string | null;
  actions: TicketActions;
  /** The workspace's time zone, for the times on the page. */
  timeZone: string;
}

function fileLinks(site: Site, ticket: TicketRow, files: readonly { id: string; filename: string }[]): SafeHtml | '' {
  if (files.length === 0) return '';
  const href = (id: string) => ticketsUrl(site, `${ticketPath(ticket)}/files/${encodeURIComponent(id)}`);
  return markup`<ul class="tk-files">${files.map((f) => markup`<li><a href="${href(f.id)}" download>${f.filename}</a></li>`)}</ul>`;
}

function timelineItem(site: Site, ticket: TicketRow, e: TimelineEntry, timeZone: string): SafeHtml {
  const t = ticketStrings(site.locale);
  const who = e.who === 'you' ? t.you : e.who === 'support' ? t.support : '';
  return markup`<li class="tk-${e.who}"><time datetime="${e.at.toISOString()}">${when(site, e.at, timeZone)}</time>
    ${who ? markup`<strong>${who}</strong>` : ''}${e.label ? markup`<span class="tk-event">${e.label}</span>` : ''}
    ${e.body ? markup`<div class="tk-body">${textParagraphs(e.body)}</div>` : ''}
    ${fileLinks(site, ticket, e.attachments)}</li>`;
}

export function renderTicket(site: Site, csrf: string, data: TicketPageData): string {
  const t = ticketStrings(site.locale);
  const { ticket, actions } = data;
  const base = ticketsUrl(site, ticketPath(ticket));
  const reply = actions.reply
    ? markup`<form class="tk-form" method="post" action="${ticketAction(site, `${ticketPath(ticket)}/replies`)}">${csrfField(csrf)}
        <label for="tk-reply">${t.reply}</label><textarea id="tk-reply" name="body" rows="4" maxlength="20000" required></textarea>
        <button type="submit">${t.replyButton}</button></form>`
    : '';
  const reopen =
    actions.reopen === 'allowed'
      ? markup`<form class="tk-form" method="post" action="${ticketAction(site, `${ticketPath(ticket)}/reopen`)}">${csrfField(csrf)}
          <p>${t.reopenHint(actions.reopenDays)}</p><button type="submit">${t.reopen}</button></form>`
      : actions.reopen === 'expired' || ticket.status === 'closed'
        ? markup`<p class="tk-note">${ticket.status === 'closed' ? t.closedHint : t.reopenExpired} <a class="button" href="${ticketsUrl(site, '/new')}">${t.newTicket}</a></p>`
        : '';
  return ticketPage(
    site,
    `${ticket.number} ${ticket.subject}`,
    ticketPath(ticket),
    markup`<p class="tk-number"><a href="${base}">${ticket.number}</a></p><h1>${ticket.subject}</h1>
    <p class="tk-meta">${statusBadge(site, ticket)} ${data.categoryNames.length ? markup`<span>${data.categoryNames.join(' › ')}</span>` : ''}
      ${data.expected ? markup`<span class="tk-expected">${data.expected}</span>` : ''}</p>
    ${ticket.description ? markup`<div class="tk-body">${textParagraphs(ticket.description)}</div>` : ''}${fileLinks(site, ticket, ticket.attachments)}
    <h2>${t.progress}</h2>
    <ol class="tk-timeline">${data.timeline.map((e) => timelineItem(site, ticket, e, data.timeZone))}</ol>
    ${reply}${reopen}`,
  );
}
