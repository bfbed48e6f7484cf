import type { Connection } from './connection.ts';
import type { Locale } from './i18n.ts';
import { TicketApi } from './tickets-api.ts';
import { ticketWordsFor } from './tickets-i18n.ts';
import { TicketViews } from './tickets.ts';
import type { WidgetUi } from './ui.ts';

const mounted = new WeakSet<WidgetUi>();

/** Adds "Submit a ticket" and "My tickets" tabs beside the chat, once per widget. */
export function mountTicketViews(ui: WidgetUi, connection: Connection, locale: Locale): void {
  if (mounted.has(ui)) return;
  mounted.add(ui);
  const t = ticketWordsFor(locale);
  const api = new TicketApi(
    () => connection.base,
    () => connection.visitorToken,
  );
  const views = new TicketViews(api, (file) => connection.upload(file), locale);
  const select = ui.addViews(t.chatTab, [
    { label: t.submitTab, pane: views.form, show: () => void views.showForm() },
    { label: t.mineTab, pane: views.mine, show: () => void views.showList() },
  ]);
  views.onSubmitted = () => {
    // Leave the confirmation on the form a moment, then show the ticket among the visitor's own.
    setTimeout(() => select(2), 1200);
  };
}
