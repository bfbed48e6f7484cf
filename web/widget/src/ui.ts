import type { OutboxItem, VisitorMessage, WidgetConfig } from './connection.ts';
import type { Locale, Words } from './i18n.ts';
import { CSS } from './styles.ts';
import { surveyForm, type SurveyApi } from './survey.ts';

/** What the panel asks of the connection. */
export interface UiActions {
  send(content: string, files: File[]): void;
  typing(typing: boolean): void;
  read(): void;
  attachmentUrl(id: string): Promise<string>;
  profile(profile: { name?: string; email?: string } | null): void;
  /** The survey endpoints, for messages that carry a survey. */
  surveys: SurveyApi;
}

type Attrs = Record<string, string>;

/** Build an element; text goes in through textContent only, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

/** An inline SVG icon from one path (built with DOM calls, like everything else). */
function icon(d: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

const CHAT_ICON =
  'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z';
const CLIP_ICON = 'M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.5 3.5 0 0 1 5 5l-8.6 8.6a2 2 0 0 1-2.8-2.8l7.9-7.9';

const formatSize = (bytes: number) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/**
 * The launcher bubble and chat panel, inside a shadow root so the host
 * page's CSS cannot reach them.
 */
export class WidgetUi {
  readonly host = el('div', { id: 'kefu-widget' });
  private readonly launcher = el('button', { class: 'launcher', type: 'button' }, icon(CHAT_ICON));
  private readonly badge = el('span', { class: 'badge', hidden: '' });
  private readonly panel = el('section', { class: 'panel', hidden: '', role: 'dialog' });
  private readonly statusBar = el('div', { class: 'status', hidden: '', role: 'status' });
  private readonly log = el('div', { class: 'log', 'aria-live': 'polite' });
  private readonly typingLine = el('div', { class: 'typing', hidden: '' });
  private readonly input = el('textarea', { rows: '1' });
  private readonly fileInput = el('input', { type: 'file', hidden: '', accept: 'image/*,application/pdf,text/plain' });
  private readonly compose = el('form', { class: 'compose' });
  private readonly prechat = el('form', { class: 'prechat', hidden: '' });
  private readonly tabs = el('nav', { class: 'tabs', hidden: '', role: 'tablist' });
  private readonly chatPane = el('div', { class: 'chat-pane' });
  private readonly messages = new Map<string, HTMLElement>();
  private readonly pending = new Map<string, HTMLElement>();
  private greeting: HTMLElement | null = null;
  private prechatDone = false;
  private unread = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private stopTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private typingSentAt = 0;
  isOpen = false;

  constructor(
    private readonly t: Words,
    private readonly actions: UiActions,
    private readonly locale: Locale = 'en',
  ) {
    const root = this.host.attachShadow({ mode: 'open' });
    if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else root.append(el('style', {}, CSS));

    this.launcher.setAttribute('aria-label', t.open);
    this.launcher.append(this.badge);
    this.launcher.onclick = () => this.open();
    const close = el('button', { type: 'button', 'aria-label': t.close }, '×');
    close.onclick = () => this.close();
    const header = el('header', {}, el('div', { class: 't' }, el('b', {}, t.title), el('small', {}, t.subtitle)), close);
    this.panel.setAttribute('aria-label', t.title);
    this.chatPane.append(this.statusBar, this.log, this.typingLine, this.prechat, this.compose);
    this.panel.append(header, this.tabs, this.chatPane);
    this.typingLine.textContent = t.typing;
    this.buildCompose();
    this.buildPrechat();
    root.append(this.launcher, this.panel);
    this.online(false);
  }

  private buildCompose(): void {
    const { t } = this;
    this.input.placeholder = t.placeholder;
    this.input.setAttribute('aria-label', t.placeholder);
    const clip = el('button', { type: 'button', class: 'clip', 'aria-label': t.attach, title: t.attach }, icon(CLIP_ICON));
    clip.onclick = () => this.fileInput.click();
    this.fileInput.onchange = () => {
      const files = Array.from(this.fileInput.files ?? []);
      this.fileInput.value = '';
      if (files.length) this.actions.send('', files);
    };
    this.compose.append(clip, this.fileInput, this.input, el('button', { type: 'submit', class: 'send' }, t.send));
    this.compose.onsubmit = (event) => {
      event.preventDefault();
      const text = this.input.value;
      if (!text.trim()) return;
      this.input.value = '';
      this.actions.typing(false);
      this.typingSentAt = 0;
      this.actions.send(text, []);
    };
    this.input.onkeydown = (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.compose.requestSubmit();
      }
    };
    this.input.oninput = () => {
      if (Date.now() - this.typingSentAt > 2000) {
        this.typingSentAt = Date.now();
        this.actions.typing(true);
      }
      clearTimeout(this.stopTypingTimer);
      this.stopTypingTimer = setTimeout(() => {
        this.typingSentAt = 0;
        this.actions.typing(false);
      }, 4000);
    };
  }

  private buildPrechat(): void {
    const { t } = this;
    const name = el('input', { name: 'name', autocomplete: 'name', placeholder: t.name, 'aria-label': t.name, maxlength: '200' });
    const email = el('input', { name: 'email', type: 'email', autocomplete: 'email', placeholder: t.email, 'aria-label': t.email, maxlength: '254' });
    const skip = el('button', { type: 'button', class: 'skip' }, t.skip);
    skip.onclick = () => this.finishPrechat(null);
    this.prechat.append(
      el('div', {}, t.preChatIntro),
      name,
      email,
      el('div', { class: 'row' }, skip, el('button', { type: 'submit', class: 'send' }, t.start)),
    );
    this.prechat.onsubmit = (event) => {
      event.preventDefault();
      const profile = { ...(name.value.trim() ? { name: name.value.trim() } : {}), ...(email.value.trim() ? { email: email.value.trim() } : {}) };
      this.finishPrechat(Object.keys(profile).length ? profile : null);
    };
  }

  private finishPrechat(profile: { name?: string; email?: string } | null): void {
    this.prechatDone = true;
    this.prechat.hidden = true;
    this.compose.hidden = false;
    this.actions.profile(profile);
    this.input.focus();
  }

  configure(config: WidgetConfig, locale: string, hasConversation: boolean, askProfile: boolean): void {
    this.host.style.setProperty('--kefu-color', config.color);
    const text = config.greeting?.[locale] ?? config.greeting?.en ?? this.t.greeting;
    if (!this.greeting) {
      this.greeting = this.bubble('outgoing', this.t.agent, text);
      this.log.prepend(this.greeting);
    }
    const showForm = config.preChatForm && !hasConversation && askProfile && !this.prechatDone;
    this.prechat.hidden = !showForm;
    this.compose.hidden = showForm;
  }

  /**
   * Views beside the chat (tickets), as tabs under the header; the chat is
   * the first tab. Returns a function that switches to a view by index
   * (0 = chat). Calling it again replaces the tabs.
   */
  addViews(chatLabel: string, views: { label: string; pane: HTMLElement; show(): void }[]): (index: number) => void {
    for (const view of views) {
      view.pane.hidden = true;
      if (!view.pane.isConnected) this.panel.append(view.pane);
    }
    const buttons = [chatLabel, ...views.map((v) => v.label)].map((label) => el('button', { type: 'button', role: 'tab' }, label));
    const select = (index: number) => {
      buttons.forEach((b, i) => b.setAttribute('aria-selected', String(i === index)));
      this.chatPane.hidden = index !== 0;
      views.forEach((v, i) => (v.pane.hidden = i !== index - 1));
      if (index > 0) views[index - 1]!.show();
    };
    buttons.forEach((b, i) => (b.onclick = () => select(i)));
    this.tabs.replaceChildren(...buttons);
    this.tabs.hidden = false;
    select(0);
    return select;
  }

  open(): void {
    this.isOpen = true;
    this.panel.hidden = false;
    this.launcher.hidden = true;
    this.unread = 0;
    this.badge.hidden = true;
    this.scrollDown();
    this.actions.read();
    if (!this.compose.hidden) this.input.focus();
  }

  close(): void {
    this.isOpen = false;
    this.panel.hidden = true;
    this.launcher.hidden = false;
  }

  online(online: boolean): void {
    this.statusBar.hidden = online;
    this.statusBar.textContent = this.messages.size || online ? this.t.offline : this.t.connecting;
  }

  private bubble(type: 'incoming' | 'outgoing', who: string | null, text: string): HTMLElement {
    const row = el('div', { class: type === 'incoming' ? 'msg me' : 'msg' });
    if (who) row.append(el('div', { class: 'who' }, who));
    const bubble = el('div', { class: 'bubble' });
    if (text) bubble.append(text);
    row.append(bubble);
    return row;
  }

  private scrollDown(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  private setMeta(row: HTMLElement, text: string, failed = false): void {
    let meta = row.querySelector<HTMLElement>('.meta');
    if (!text) return void meta?.remove();
    if (!meta) row.append((meta = el('div', { class: 'meta' })));
    meta.textContent = text;
    meta.classList.toggle('failed', failed);
  }

  message(message: VisitorMessage): void {
    if (this.messages.has(message.id)) return;
    const who = message.type === 'incoming' ? null : message.sender === 'bot' ? this.t.bot : this.t.agent;
    const row = this.bubble(message.type, who, message.content);
    row.dataset.id = message.id;
    const bubble = row.querySelector<HTMLElement>('.bubble')!;
    for (const file of message.attachments) this.attachment(bubble, file);
    if (message.survey) bubble.append(surveyForm(message.survey, this.locale, this.t, this.actions.surveys));
    this.messages.set(message.id, row);
    this.log.append(row);
    this.scrollDown();
    if (message.type === 'outgoing') {
      this.typing(false);
      if (!this.isOpen) {
        this.unread++;
        this.badge.textContent = String(this.unread);
        this.badge.hidden = false;
      }
    }
  }

  private attachment(bubble: HTMLElement, file: VisitorMessage['attachments'][number]): void {
    if (file.contentType.startsWith('image/')) {
      const img = el('img', { alt: file.filename });
      bubble.append(img);
      this.actions.attachmentUrl(file.id).then(
        (url) => (img.src = url),
        () => img.replaceWith(el('span', { class: 'file' }, file.filename)),
      );
      return;
    }
    const link = el('button', { type: 'button', class: 'file' }, `${file.filename} (${formatSize(file.size)})`);
    link.onclick = async () => {
      const a = el('a', { href: await this.actions.attachmentUrl(file.id), download: file.filename });
      a.click();
    };
    bubble.append(link);
  }

  /** An unacknowledged message of the visitor (new, or left in the outbox by an earlier page). */
  pendingMessage(item: OutboxItem): void {
    if (this.pending.has(item.clientMessageId)) return;
    const names = item.attachmentNames.join('\n');
    const row = this.bubble('incoming', null, [item.content, names].filter(Boolean).join('\n'));
    this.setMeta(row, this.t.sending);
    this.pending.set(item.clientMessageId, row);
    this.log.append(row);
    this.scrollDown();
  }

  acked(clientMessageId: string, messageId: string): void {
    const row = this.pending.get(clientMessageId);
    if (!row) return;
    this.pending.delete(clientMessageId);
    // The stored message may already be on screen (its echo came first): keep one bubble.
    if (this.messages.has(messageId)) return row.remove();
    this.setMeta(row, '');
    row.dataset.id = messageId;
    this.messages.set(messageId, row);
  }

  failed(clientMessageId: string): void {
    const row = this.pending.get(clientMessageId);
    if (row) this.setMeta(row, this.t.failed, true);
    this.pending.delete(clientMessageId);
  }

  typing(typing: boolean): void {
    clearTimeout(this.typingTimer);
    this.typingLine.hidden = !typing;
    if (typing) this.typingTimer = setTimeout(() => (this.typingLine.hidden = true), 6000);
  }

  notice(text: string): void {
    const row = this.bubble('outgoing', null, text);
    this.setMeta(row, this.t.failed, true);
    this.log.append(row);
    this.scrollDown();
  }
}
