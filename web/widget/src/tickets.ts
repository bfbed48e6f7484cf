import type { Locale } from './i18n.ts';
import { TicketApiError, type FormCategory, type FormField, type TicketApi, type VisitorActivity, type VisitorTicket } from './tickets-api.ts';
import { fill, statusWord, ticketWordsFor, type TicketWords } from './tickets-i18n.ts';
import { el } from './ui.ts';

/** Uploads a file the way chat attachments go; returns its attachment id. */
export type Uploader = (file: File) => Promise<{ id: string }>;

const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * "Submit a ticket" and "My tickets" beside the chat: a form guided by the
 * workspace's category tree (three cascading selects), the visitor's tickets
 * with their status in customer words, and each ticket's public progress
 * with a reply box. Everything is rendered as text.
 */
export class TicketViews {
  readonly form = el('form', { class: 'tickets ticket-form', novalidate: '' });
  readonly mine = el('div', { class: 'tickets ticket-list' });
  private readonly t: TicketWords;
  private categories: FormCategory[] = [];
  private fields: FormField[] = [];
  /** Called after a ticket is filed (the widget then shows My tickets). */
  onSubmitted: () => void = () => undefined;

  constructor(
    private readonly api: TicketApi,
    private readonly upload: Uploader,
    private readonly locale: Locale,
  ) {
    this.t = ticketWordsFor(locale);
  }

  private name(c: { name: string; nameEn: string | null }): string {
    return this.locale === 'en' ? (c.nameEn ?? c.name) : c.name;
  }

  private time(iso: string): string {
    return new Date(iso).toLocaleString(this.locale, { dateStyle: 'short', timeStyle: 'short' });
  }

  private errorText(err: unknown): string {
    if (err instanceof TicketApiError && err.code === 'rate_limited') return this.t.slowDown;
    if (err instanceof TicketApiError && err.code === 'ticket_closed') return this.t.closedNoReply;
    return this.t.error;
  }

  /** Load the categories and fields, then draw an empty form. */
  async showForm(notice = ''): Promise<void> {
    try {
      ({ categories: this.categories, fields: this.fields } = await this.api.form());
    } catch (err) {
      this.form.replaceChildren(el('p', { class: 'notice failed' }, this.errorText(err)));
      return;
    }
    this.drawForm(notice);
  }

  private drawForm(notice: string): void {
    const { t } = this;
    const requestId = randomId();
    const selects = [1, 2, 3].map((level) => el('select', { 'aria-label': `${t.category} ${level}`, 'data-level': String(level) }));
    const fillLevel = (level: number, parentId: string | null) => {
      const select = selects[level - 1]!;
      const options = parentId === null && level > 1 ? [] : this.categories.filter((c) => c.level === level && c.parentId === parentId);
      select.replaceChildren(el('option', { value: '' }, t.choose), ...options.map((c) => el('option', { value: c.id }, this.name(c))));
      select.hidden = options.length === 0;
      for (const below of selects.slice(level)) {
        below.replaceChildren();
        below.hidden = true;
      }
    };
    selects.forEach((select, i) => {
      select.onchange = () => {
        if (i < 2) fillLevel(i + 2, select.value || null);
      };
    });
    fillLevel(1, null);
    const inputs = this.fields.map((f) => this.fieldInput(f));
    const description = el('textarea', { rows: '5', maxlength: '20000', 'aria-label': t.description, placeholder: t.description });
    const files = el('input', { type: 'file', multiple: '', accept: 'image/*,application/pdf,text/plain', 'aria-label': t.attachments });
    const status = el('p', { class: 'notice', role: 'status' }, notice);
    const submit = el('button', { type: 'submit', class: 'send' }, t.submit);
    this.form.replaceChildren(
      status,
      el('label', {}, t.category),
      ...(this.categories.length ? selects : []),
      ...inputs.map(({ label, input }) => el('label', {}, label, input)),
      el('label', {}, t.description, description),
      el('label', {}, t.attachments, files),
      submit,
    );
    this.form.onsubmit = async (event) => {
      event.preventDefault();
      if (!description.value.trim()) {
        status.textContent = t.required;
        description.focus();
        return;
      }
      submit.disabled = true;
      status.textContent = t.submitting;
      status.classList.remove('failed');
      try {
        const uploaded = await Promise.all(Array.from(files.files ?? []).map((file) => this.upload(file)));
        const categoryId = [...selects].reverse().find((s) => !s.hidden && s.value)?.value ?? null;
        const customFields = Object.fromEntries(inputs.map(({ key, value }) => [key, value()]).filter(([, v]) => v !== '' && v !== undefined));
        const ticket = await this.api.submit({
          categoryId,
          description: description.value,
          attachmentIds: uploaded.map((u) => u.id),
          customFields: customFields as Record<string, string | number | boolean>,
          clientRequestId: requestId,
        });
        this.drawForm(fill(t.submitted, { number: ticket.number }));
        this.onSubmitted();
      } catch (err) {
        status.textContent = this.errorText(err);
        status.classList.add('failed');
        submit.disabled = false;
      }
    };
  }

  private fieldInput(f: FormField): { key: string; label: string; input: HTMLElement; value: () => string | number | boolean | undefined } {
    const label = this.locale === 'en' ? (f.labelEn ?? f.label) : f.label;
    if (f.type === 'select') {
      const input = el(
        'select',
        { 'data-field': f.key },
        el('option', { value: '' }, this.t.choose),
        ...f.options.map((o) => el('option', { value: o }, o)),
      );
      return { key: f.key, label, input, value: () => input.value };
    }
    if (f.type === 'checkbox') {
      const input = el('input', { type: 'checkbox', 'data-field': f.key });
      return { key: f.key, label, input, value: () => input.checked };
    }
    const input = el('input', { type: f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : 'text', 'data-field': f.key, maxlength: '2000' });
    return { key: f.key, label, input, value: () => (f.type === 'number' && input.value !== '' ? Number(input.value) : input.value.trim()) };
  }

  /** The visitor's tickets, newest activity first. */
  async showList(): Promise<void> {
    const { t } = this;
    let items: VisitorTicket[];
    try {
      ({ items } = await this.api.list());
    } catch (err) {
      this.mine.replaceChildren(el('p', { class: 'notice failed' }, this.errorText(err)));
      return;
    }
    if (!items.length) return void this.mine.replaceChildren(el('p', { class: 'notice' }, t.none));
    this.mine.replaceChildren(
      ...items.map((ticket) => {
        const row = el(
          'button',
          { type: 'button', class: 'ticket', 'data-id': ticket.id },
          el('span', { class: 'num' }, ticket.number),
          el('b', {}, ticket.subject),
          el('span', { class: `st st-${ticket.status}` }, statusWord(this.locale, ticket.status)),
          el('small', {}, this.progressText(ticket)),
        );
        row.onclick = () => void this.showTicket(ticket.id);
        return row;
      }),
    );
  }

  /** "已派单至售后组 · 预计 2 小时内处理": who has it and when they expect to act; else when it last changed. */
  private progressText(ticket: VisitorTicket): string {
    const { t } = this;
    const open = !['resolved', 'closed'].includes(ticket.status);
    const parts = [
      ...(ticket.team && open ? [fill(t.dispatchedTo, { team: ticket.team })] : []),
      ...(ticket.expectedBy ? [expectedText(t, ticket.expectedBy)] : []),
    ];
    return parts.length ? parts.join(' · ') : fill(t.updated, { time: this.time(ticket.updatedAt) });
  }

  /** One ticket: its progress and replies, and a reply box while it is not closed. */
  async showTicket(id: string, notice = ''): Promise<void> {
    const { t } = this;
    let detail: { ticket: VisitorTicket; activities: VisitorActivity[] };
    try {
      detail = await this.api.detail(id);
    } catch (err) {
      this.mine.replaceChildren(el('p', { class: 'notice failed' }, this.errorText(err)));
      return;
    }
    const { ticket, activities } = detail;
    const back = el('button', { type: 'button', class: 'back' }, t.back);
    back.onclick = () => void this.showList();
    const head = el(
      'div',
      { class: 'ticket-head' },
      el('span', { class: 'num' }, ticket.number),
      el('b', {}, ticket.subject),
      el('span', { class: `st st-${ticket.status}` }, statusWord(this.locale, ticket.status)),
      ...(ticket.expectedBy || ticket.team ? [el('small', { class: 'expected' }, this.progressText(ticket))] : []),
      ...ticket.attachments.map((f) => this.fileButton(ticket.id, f)),
    );
    const lines = activities.map((a) => this.activityLine(a, ticket));
    const status = el('p', { class: 'notice', role: 'status' }, notice);
    const parts: HTMLElement[] = [back, head, el('div', { class: 'history' }, ...lines), status];
    if (ticket.status !== 'closed') {
      const box = el('textarea', { rows: '2', maxlength: '20000', placeholder: t.replyPlaceholder, 'aria-label': t.replyPlaceholder });
      const form = el('form', { class: 'ticket-reply' }, box, el('button', { type: 'submit', class: 'send' }, t.reply));
      form.onsubmit = async (event) => {
        event.preventDefault();
        if (!box.value.trim()) return;
        try {
          await this.api.reply(id, box.value);
          await this.showTicket(id);
        } catch (err) {
          status.textContent = this.errorText(err);
          status.classList.add('failed');
        }
      };
      parts.push(form);
    }
    this.mine.replaceChildren(...parts);
  }

  /** A file name that downloads the file when clicked. */
  private fileButton(ticketId: string, file: { id: string; filename: string }): HTMLElement {
    const button = el('button', { type: 'button', class: 'file' }, file.filename);
    button.onclick = async () => {
      const a = el('a', { href: await this.api.attachmentUrl(ticketId, file.id), download: file.filename });
      a.click();
    };
    return button;
  }

  private activityLine(a: VisitorActivity, ticket: VisitorTicket): HTMLElement {
    const { t } = this;
    const when = el('small', {}, this.time(a.createdAt));
    if (a.kind === 'reply' || a.kind === 'customer_reply') {
      const mine = a.kind === 'customer_reply';
      const files = a.attachments.map((f) => this.fileButton(ticket.id, f));
      return el(
        'div',
        { class: mine ? 'msg me' : 'msg' },
        el('div', { class: 'who' }, mine ? t.you : t.support),
        el('div', { class: 'bubble' }, a.body, ...files),
        when,
      );
    }
    const dispatched = a.team ? fill(t.dispatchedTo, { team: a.team }) : t.dispatched;
    const text =
      a.kind === 'created'
        ? [t.created, ...(a.dispatched ? [dispatched] : [])].join(' · ')
        : [a.status ? fill(t.statusTo, { status: statusWord(this.locale, a.status) }) : '', a.dispatched ? dispatched : '']
            .filter(Boolean)
            .join(' · ') || statusWord(this.locale, ticket.status);
    return el('div', { class: 'progress' }, el('span', {}, `${t.progress}: ${text}`), when);
  }
}

/**
 * "预计 2 小时内处理": the time left until the team's due time, in the
 * largest whole unit that fits; "being prioritised" once it has passed.
 */
export function expectedText(t: TicketWords, dueAt: string, now = Date.now()): string {
  const minutes = Math.ceil((Date.parse(dueAt) - now) / 60_000);
  if (minutes <= 0) return t.overdue;
  if (minutes < 60) return fill(t.expectedMinutes, { n: String(minutes) });
  if (minutes <= 48 * 60) return fill(t.expectedHours, { n: String(Math.ceil(minutes / 60)) });
  return fill(t.expectedDays, { n: String(Math.ceil(minutes / (24 * 60))) });
}
