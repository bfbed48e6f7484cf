/**
 * The widget's link to Kefu: a visitor session (token kept in
 * localStorage), one WebSocket with reconnect and backoff, resume by
 * lastSeq, and an outbox of unacknowledged messages that are resent with
 * the same clientMessageId after a reconnect or a reload, so nothing is
 * lost and nothing is stored twice.
 */
import { newClientMessageId, Outbox, store, type OutboxItem } from './storage.ts';
import type { SurveyAnswer, SurveyApi, WidgetSurvey } from './survey.ts';

export type { OutboxItem };

export interface VisitorMessage {
  id: string;
  conversationId: string;
  seq: number;
  type: 'incoming' | 'outgoing';
  sender: 'contact' | 'agent' | 'bot';
  content: string;
  attachments: { id: string; filename: string; contentType: string; size: number }[];
  status: string;
  createdAt: string;
  /** A satisfaction survey to answer in place. */
  survey?: WidgetSurvey;
}

export interface WidgetConfig {
  color: string;
  greeting: Record<string, string> | null;
  preChatForm: boolean;
  /** Show "Submit a ticket / My tickets" beside the chat. */
  tickets?: boolean;
}

type ServerFrame =
  | { type: 'ready'; conversationId: string | null; lastSeq: number }
  | { type: 'message'; message: VisitorMessage }
  | { type: 'ack'; clientMessageId: string; messageId: string; conversationId: string; seq: number }
  | { type: 'typing'; who: 'agent'; typing: boolean }
  | { type: 'status'; messageId: string; seq: number; status: string }
  | { type: 'error'; code: string; message: string; clientMessageId?: string }
  | { type: 'pong' };

/** What the connection tells the UI. */
export interface ConnectionEvents {
  config(config: WidgetConfig, hasConversation: boolean): void;
  online(online: boolean): void;
  message(message: VisitorMessage): void;
  pending(item: OutboxItem): void;
  acked(clientMessageId: string, messageId: string): void;
  failed(clientMessageId: string): void;
  typing(typing: boolean): void;
}

const PING_MS = 25_000;

export class Connection {
  private readonly storage;
  private readonly outbox: Outbox;
  private token: string | null;
  private socket: WebSocket | null = null;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private awaitingPong = false;
  private ready = false;
  conversationId: string | null = null;
  lastSeq = 0;
  private deliveredSeq = 0;
  private readSeq = 0;
  private readonly shown = new Set<string>();

  constructor(
    private readonly host: string,
    private readonly inboxId: string,
    private readonly locale: string,
    private readonly on: ConnectionEvents,
  ) {
    this.storage = store(`kefu:${inboxId}:`);
    this.outbox = new Outbox(this.storage);
    this.token = this.storage.get('token');
    addEventListener('online', () => this.reconnectNow());
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && this.reconnectNow());
  }

  get base(): string {
    return `${this.host}/channels/widget/${this.inboxId}`;
  }

  get visitorToken(): string | null {
    return this.token;
  }

  /** Start (or resume) the visitor session, then connect; retried with backoff while Kefu is unreachable. */
  async start(): Promise<void> {
    try {
      const session = await this.session();
      this.on.config(session.widget, session.conversationId !== null);
      this.connect();
    } catch {
      this.scheduleRetry(() => void this.start());
    }
  }

  /** The pre-chat form: name and email for this visitor (a known email joins that contact). */
  async saveProfile(profile: { name?: string; email?: string }): Promise<void> {
    await this.session(profile);
  }

  private async session(profile?: { name?: string; email?: string }): Promise<{ conversationId: string | null; widget: WidgetConfig }> {
    const res = await fetch(`${this.base}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...(this.token ? { visitorToken: this.token } : {}), ...(profile ? { profile } : {}), locale: this.locale }),
    });
    if (!res.ok) throw new Error(`session ${res.status}`);
    const session = (await res.json()) as { visitorToken: string; conversationId: string | null; widget: WidgetConfig };
    this.token = session.visitorToken;
    this.storage.set('token', this.token);
    return session;
  }

  private connect(): void {
    if (this.socket || !this.token) return;
    const url = `${this.host.replace(/^http/, 'ws')}/channels/widget/${this.inboxId}/ws?token=${encodeURIComponent(this.token)}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.send({ type: 'hello', lastSeq: this.lastSeq, ...(this.conversationId ? { conversationId: this.conversationId } : {}) });
      this.pingTimer = setInterval(() => this.ping(), PING_MS);
    };
    socket.onmessage = (event) => this.handle(JSON.parse(String(event.data)) as ServerFrame);
    socket.onclose = (event) => {
      clearInterval(this.pingTimer);
      this.socket = null;
      this.ready = false;
      this.on.online(false);
      // A token the server no longer knows (secret rotated, other inbox): start a new visitor.
      if (event.code === 4401) {
        this.token = null;
        this.storage.set('token', null);
        this.scheduleRetry(() => void this.start());
      } else this.scheduleRetry(() => this.connect());
    };
  }

  private ping(): void {
    // No pong since the last ping: the network went away without a close.
    if (this.awaitingPong) return this.socket?.close();
    this.awaitingPong = true;
    this.send({ type: 'ping' });
  }

  private scheduleRetry(run: () => void): void {
    clearTimeout(this.retryTimer);
    const delay = Math.min(30_000, 500 * 2 ** this.attempts++) * (0.5 + Math.random() / 2);
    this.retryTimer = setTimeout(run, delay);
  }

  private reconnectNow(): void {
    if (this.socket || !this.token) return;
    clearTimeout(this.retryTimer);
    this.attempts = 0;
    this.connect();
  }

  private send(frame: object): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private handle(frame: ServerFrame): void {
    this.awaitingPong = false;
    switch (frame.type) {
      case 'ready':
        this.ready = true;
        if (frame.conversationId) this.conversationId = frame.conversationId;
        this.on.online(true);
        this.flushOutbox();
        return;
      case 'message':
        return this.receive(frame.message);
      case 'ack':
        this.outbox.remove(frame.clientMessageId);
        return this.on.acked(frame.clientMessageId, frame.messageId);
      case 'error':
        if (!frame.clientMessageId) return;
        // Too fast: keep it in the outbox and try again shortly. Anything else will never be accepted.
        if (frame.code === 'rate_limited') return void setTimeout(() => this.flushOutbox(), 5000);
        this.outbox.remove(frame.clientMessageId);
        return this.on.failed(frame.clientMessageId);
      case 'typing':
        return this.on.typing(frame.typing);
    }
  }

  private receive(message: VisitorMessage): void {
    // A new conversation (the last one was resolved): its seqs start again at 1.
    if (message.conversationId !== this.conversationId) {
      this.conversationId = message.conversationId;
      this.lastSeq = this.deliveredSeq = this.readSeq = 0;
    }
    this.lastSeq = Math.max(this.lastSeq, message.seq);
    if (this.shown.has(message.id)) return;
    this.shown.add(message.id);
    if (message.type === 'outgoing' && message.seq > this.deliveredSeq) {
      this.deliveredSeq = message.seq;
      this.send({ type: 'delivered', seq: message.seq });
    }
    this.on.message(message);
  }

  /** The visitor has seen everything up to the newest answer (the panel is open and the page visible). */
  markRead(): void {
    if (this.deliveredSeq > this.readSeq && this.send({ type: 'read', seq: this.deliveredSeq })) this.readSeq = this.deliveredSeq;
  }

  typing(typing: boolean): void {
    this.send({ type: 'typing', typing });
  }

  /** Queue a message: kept until acknowledged, sent now if connected, else after the next hello. */
  sendMessage(content: string, attachments: { id: string; filename: string }[] = []): void {
    const item: OutboxItem = {
      clientMessageId: newClientMessageId(),
      content,
      attachmentIds: attachments.map((a) => a.id),
      attachmentNames: attachments.map((a) => a.filename),
      at: Date.now(),
    };
    this.outbox.add(item);
    this.on.pending(item);
    if (this.ready) this.sendItem(item);
  }

  /** Everything not yet acknowledged, including what another tab or an earlier page left behind. */
  readOutbox(): OutboxItem[] {
    return this.outbox.read();
  }

  private flushOutbox(): void {
    if (!this.ready) return;
    for (const item of this.outbox.read()) {
      this.on.pending(item);
      this.sendItem(item);
    }
  }

  private sendItem(item: OutboxItem): void {
    this.send({ type: 'message', clientMessageId: item.clientMessageId, content: item.content, attachmentIds: item.attachmentIds });
  }

  /** Upload a file with the visitor token; returns its attachment id. */
  async upload(file: File): Promise<{ id: string; filename: string }> {
    const res = await fetch(`${this.base}/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/octet-stream',
        'x-filename': encodeURIComponent(file.name),
        'x-file-type': file.type || 'application/octet-stream',
      },
      body: file,
    });
    if (!res.ok) throw new Error(`upload ${res.status}`);
    return (await res.json()) as { id: string; filename: string };
  }

  /** The public survey endpoints (the token is the capability; no visitor token needed). */
  get surveys(): SurveyApi {
    const url = (token: string) => `${this.host}/api/v1/public/surveys/${encodeURIComponent(token)}`;
    const codeOf = async (res: Response) => ((await res.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code;
    return {
      state: async (token) => {
        const res = await fetch(url(token)).catch(() => null);
        if (!res) return 'unknown';
        if (res.status === 410) return 'expired';
        return res.ok ? (((await res.json()) as { answered: boolean }).answered ? 'answered' : 'open') : 'unknown';
      },
      answer: async (token, answer: SurveyAnswer) => {
        const res = await fetch(url(token), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(answer) }).catch(
          () => null,
        );
        if (!res) return 'failed';
        if (res.ok) return 'ok';
        const code = await codeOf(res);
        return code === 'survey_expired' ? 'expired' : code === 'survey_answered' ? 'answered' : 'failed';
      },
    };
  }

  /** An attachment as a blob URL (downloads need the visitor token, which an <img src> cannot send). */
  async attachmentUrl(id: string): Promise<string> {
    const res = await fetch(`${this.base}/attachments/${id}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok) throw new Error(`attachment ${res.status}`);
    return URL.createObjectURL(await res.blob());
  }
}
