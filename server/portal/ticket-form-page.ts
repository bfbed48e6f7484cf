import type { TicketCategoryRow } from '../modules/tickets/index.ts';
import type { SearchHit } from './catalog.ts';
import { markup, type SafeHtml } from './html.ts';
import { helpUrl, type Site } from './layout.ts';
import { faqPath } from './pages.ts';
import { ticketStrings } from './ticket-i18n.ts';
import { ticketAction, ticketPage, ticketsUrl } from './ticket-pages.ts';

/** A custom field the customer fills in (ticket_fields with `customerVisible`). */
export interface FormField {
  key: string;
  label: string;
  type: 'text' | 'number' | 'select' | 'date' | 'checkbox';
  options: string[];
  required: boolean;
}

/** What the customer typed so far (kept when the page comes back with answers or an error). */
export interface FormValues {
  subject: string;
  description: string;
  email: string;
  name: string;
  fields: Record<string, string>;
  attachmentIds: string[];
}

export interface NewTicketForm {
  csrf: string;
  /** Signed in: no email to ask for. */
  signedInEmail: string | null;
  /** Options per level (1 → 3) and the chosen id per level; a level shows once the one above is chosen. */
  levels: { options: TicketCategoryRow[]; chosen: string | null }[];
  /** The deepest chosen category (the ticket's category). */
  categoryId: string | null;
  fields: FormField[];
  values: FormValues;
  /** Answers that may solve it: shown once before the ticket is really sent. */
  deflection: SearchHit[];
  error?: string;
}

const nameOf = (site: Site, c: TicketCategoryRow) => (site.locale === 'en' && c.nameEn ? c.nameEn : c.name);

/**
 * The category picker: a GET form of up to three selects; "Next" reloads
 * with the next level's choices (help's ticket script submits on change).
 */
function categoryPicker(site: Site, form: NewTicketForm): SafeHtml {
  const t = ticketStrings(site.locale);
  const shown = form.levels.filter((l, i) => l.options.length > 0 && (i === 0 || form.levels[i - 1]!.chosen));
  if (shown.length === 0) return markup``;
  return markup`<form class="tk-form tk-cats" method="get" action="/help/${encodeURIComponent(site.slug)}/tickets/new">
    <input type="hidden" name="lang" value="${site.locale}" />
    <fieldset><legend>${t.category}</legend>
    ${shown.map(
      (level, i) => markup`<select name="c${i + 1}" aria-label="${t.category} ${i + 1}" data-autosubmit>
        <option value="">${t.chooseCategory}</option>
        ${level.options.map((c) => markup`<option value="${c.id}"${c.id === level.chosen ? ' selected' : ''}>${nameOf(site, c)}</option>`)}
      </select>`,
    )}
    <button type="submit" class="tk-next">${t.next}</button></fieldset>
  </form>`;
}

function fieldInput(field: FormField, value: string): SafeHtml {
  const id = `tk-f-${field.key}`;
  const name = `field.${field.key}`;
  const req = field.required ? ' required' : '';
  if (field.type === 'select')
    return markup`<select id="${id}" name="${name}"${req}><option value=""></option>${field.options.map((o) => markup`<option${o === value ? ' selected' : ''}>${o}</option>`)}</select>`;
  if (field.type === 'checkbox') return markup`<input id="${id}" name="${name}" type="checkbox" value="true"${value === 'true' ? ' checked' : ''} />`;
  const type = field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text';
  return markup`<input id="${id}" name="${name}" type="${type}" value="${value}" maxlength="2000"${req} />`;
}

function deflection(site: Site, hits: SearchHit[]): SafeHtml | '' {
  if (hits.length === 0) return '';
  const t = ticketStrings(site.locale);
  return markup`<section class="tk-deflect" aria-labelledby="tk-deflect"><h2 id="tk-deflect">${t.deflectTitle}</h2><p>${t.deflectLead}</p>
    <ul class="cards">${hits.map((h) => markup`<li><a href="${helpUrl(site, faqPath(h.item.key))}" target="_blank">${h.item.question}</a><p>${h.snippet}</p></li>`)}</ul></section>`;
}

/** The "submit a ticket" page: category → subject, description, the customer's fields, files, email when not signed in. */
export function renderNewTicket(site: Site, form: NewTicketForm): string {
  const t = ticketStrings(site.locale);
  const v = form.values;
  const body = markup`<h1>${t.newTicket}</h1>
    ${form.error ? markup`<p class="tk-error" role="alert">${form.error}</p>` : ''}
    ${categoryPicker(site, form)}
    ${deflection(site, form.deflection)}
    <form class="tk-form" method="post" action="${ticketAction(site, '/new')}" data-upload="/help/${encodeURIComponent(site.slug)}/tickets/uploads">
      <input type="hidden" name="_csrf" value="${form.csrf}" />
      ${form.categoryId ? markup`<input type="hidden" name="categoryId" value="${form.categoryId}" />` : ''}
      ${form.deflection.length ? markup`<input type="hidden" name="confirmed" value="1" />` : ''}
      ${
        form.signedInEmail
          ? ''
          : markup`<label for="tk-email">${t.email}</label><input id="tk-email" name="email" type="email" autocomplete="email" maxlength="254" value="${v.email}" required />
            <label for="tk-name">${t.name}</label><input id="tk-name" name="name" autocomplete="name" maxlength="200" value="${v.name}" />`
      }
      <label for="tk-subject">${t.subject}</label><input id="tk-subject" name="subject" maxlength="200" value="${v.subject}" required />
      <label for="tk-desc">${t.description}</label><textarea id="tk-desc" name="description" rows="6" maxlength="20000" placeholder="${t.descriptionHint}">${v.description}</textarea>
      ${form.fields.map((f) => markup`<label for="tk-f-${f.key}">${f.label}${f.required ? markup` <small>(${t.required})</small>` : ''}</label>${fieldInput(f, v.fields[f.key] ?? '')}`)}
      <div class="tk-upload" hidden><label for="tk-files">${t.attachments}</label><input id="tk-files" type="file" accept="image/png,image/jpeg,image/gif,image/webp,application/pdf" multiple /><ul class="tk-files"></ul></div>
      <input type="hidden" name="attachmentIds" value="${v.attachmentIds.join(',')}" />
      <button type="submit">${form.deflection.length ? t.submitAnyway : t.submit}</button>
    </form>
    <p><a href="${ticketsUrl(site)}">${t.myTickets}</a></p>`;
  return ticketPage(site, t.newTicket, '/new', body);
}
