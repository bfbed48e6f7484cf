/**
 * Kefu chat widget. Embed with
 *   <script src="https://kefu.example.com/widget/kefu-widget.js" data-inbox="inb_…" async></script>
 * Optional: data-locale="zh-CN|en" (default: the browser's language).
 */
import { Connection } from './connection.ts';
import { pickLocale, wordsFor } from './i18n.ts';
import { mountTicketViews } from './tickets-mount.ts';
import { WidgetUi } from './ui.ts';

declare global {
  interface Window {
    KefuWidget?: { open(): void; close(): void };
  }
}

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.inbox) return current;
  return document.querySelector<HTMLScriptElement>('script[data-inbox][src*="kefu-widget"]');
}

function mount(script: HTMLScriptElement): void {
  const inboxId = script.dataset.inbox!;
  const host = new URL(script.src, location.href).origin;
  const locale = pickLocale(script.dataset.locale, navigator.language);
  const t = wordsFor(locale);
  const ui = new WidgetUi(
    t,
    {
      send: (content, files) => {
        if (!files.length) return connection.sendMessage(content);
        Promise.all(files.map((file) => connection.upload(file))).then(
          (uploaded) => connection.sendMessage(content, uploaded),
          () => ui.notice(t.uploadFailed),
        );
      },
      typing: (typing) => connection.typing(typing),
      read: () => connection.markRead(),
      attachmentUrl: (id) => connection.attachmentUrl(id),
      profile: (profile) => void (profile && connection.saveProfile(profile).catch(() => undefined)),
      get surveys() {
        return connection.surveys;
      },
    },
    locale,
  );

  const markReadIfVisible = () => ui.isOpen && document.visibilityState === 'visible' && connection.markRead();
  const connection: Connection = new Connection(host, inboxId, locale, {
    config: (config, hasConversation) => {
      ui.configure(config, locale, hasConversation, connection.readOutbox().length === 0);
      if (config.tickets) mountTicketViews(ui, connection, locale);
    },
    online: (online) => ui.online(online),
    message: (message) => {
      ui.message(message);
      markReadIfVisible();
    },
    pending: (item) => ui.pendingMessage(item),
    acked: (clientMessageId, messageId) => ui.acked(clientMessageId, messageId),
    failed: (clientMessageId) => ui.failed(clientMessageId),
    typing: (typing) => ui.typing(typing),
  });
  document.addEventListener('visibilitychange', markReadIfVisible);

  document.body.append(ui.host);
  window.KefuWidget = { open: () => ui.open(), close: () => ui.close() };
  void connection.start();
}

const script = findScript();
if (script && !document.getElementById('kefu-widget')) {
  if (document.body) mount(script);
  else document.addEventListener('DOMContentLoaded', () => mount(script));
}
