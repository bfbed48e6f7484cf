import type { WebSocket } from 'ws';
import type { AppContext } from '../../context.ts';
import { toAppError } from '../../lib/errors.ts';
import type { KeyedQueue } from '../../lib/keyed-queue.ts';
import { unstorableTextPath } from '../../lib/http.ts';
import { listMessages, presentMessage, type MessageView } from '../../modules/conversations/index.ts';
import { topics, type RealtimeEvent } from '../../realtime/hub.ts';
import {
  clientFrame,
  errorFrame,
  isVisibleToVisitor,
  MAX_FRAME_BYTES,
  presentVisitorMessage,
  type ClientFrame,
  type ServerFrame,
} from './protocol.ts';
import type { RateLimiter } from './rate-limit.ts';
import { findCurrentConversation, markAnswersSeen, receiveVisitorMessage, type WidgetInbox } from './service.ts';

/** Control frames (typing, receipts, hello) per visitor; beyond this they are dropped silently. */
const CONTROL_LIMIT = { burst: 60, perMinute: 600 };
const REPLAY_PAGE = 200;

/** Topic every socket of one visitor hears: "your conversation changed, follow it". */
export const visitorTopic = (inboxId: string, visitorId: string) => `widget:${inboxId}:${visitorId}`;

export interface ConnectionDeps {
  ctx: AppContext;
  widget: WidgetInbox;
  visitorId: string;
  limiter: RateLimiter;
  queue: KeyedQueue;
}

/** The conversation a socket streams, and how far it has streamed it. */
interface Follow {
  conversationId: string;
  /** The visitor's first message in it: earlier ones are not theirs to see. */
  firstSeq: number;
  /** Every message up to here has been sent (or was not for the visitor's eyes). */
  watermark: number;
  /** Replay and live events go through this chain one at a time. */
  chain: Promise<void>;
  unsubscribe: () => void;
}

/**
 * One widget WebSocket. Streams the visitor's current conversation in seq
 * order with no gap and no duplicate: it subscribes first, then replays from
 * the database, and live events pass through the same queue — an event at
 * or below the watermark is dropped, one that skips ahead triggers a catch-up
 * from the database first (seqs are dense and commit in order, so whatever
 * precedes a published message is already readable).
 */
export class VisitorConnection {
  private following: Follow | null = null;
  private closed = false;
  private typingSentAt = 0;
  private typingState = false;
  private readonly stopVisitorTopic: () => void;
  private alive = true;

  constructor(
    private readonly socket: WebSocket,
    private readonly deps: ConnectionDeps,
  ) {
    this.stopVisitorTopic = deps.ctx.realtime.subscribe(visitorTopic(deps.widget.inbox.id, deps.visitorId), (event) => {
      if (event.type !== 'widget.conversation' || event.conversationId === this.following?.conversationId) return;
      this.followLatest(0).catch((err: unknown) => deps.ctx.log.warn({ err }, 'widget socket could not follow the new conversation'));
    });
    socket.on('message', (data, isBinary) => this.onFrame(data as Buffer | Buffer[], isBinary));
    socket.on('pong', () => (this.alive = true));
    socket.on('close', () => this.dispose());
  }

  private get key(): string {
    return `${this.deps.widget.inbox.id}:${this.deps.visitorId}`;
  }

  /** Called every 30 s: a socket that did not answer the last ping is dead (a phone that lost its network). */
  heartbeat(): void {
    if (!this.alive) return void this.socket.terminate();
    this.alive = false;
    this.socket.ping();
  }

  send(frame: ServerFrame): void {
    if (!this.closed && this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  /** Parse and route one frame; anything malformed earns an error frame and the socket stays open. */
  private onFrame(data: Buffer | Buffer[], isBinary: boolean): void {
    const raw = Array.isArray(data) ? Buffer.concat(data) : data;
    if (isBinary) return this.send(errorFrame('bad_request', { details: 'frames are JSON text' }));
    if (raw.length > MAX_FRAME_BYTES) return this.send(errorFrame('body_too_large', { details: `frames are at most ${MAX_FRAME_BYTES} bytes` }));
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return this.send(errorFrame('invalid_json'));
    }
    // A refused message names its clientMessageId, so the widget can drop it from its outbox.
    const given = (json as { clientMessageId?: unknown } | null)?.clientMessageId;
    const clientMessageId = typeof given === 'string' && given.length <= 64 ? { clientMessageId: given } : {};
    const badText = unstorableTextPath(json);
    if (badText) {
      return this.send(
        errorFrame('validation_failed', {
          ...clientMessageId,
          details: [{ path: badText, message: 'must be well-formed Unicode without NUL (U+0000)' }],
        }),
      );
    }
    const parsed = clientFrame.safeParse(json);
    if (!parsed.success) {
      return this.send(
        errorFrame('validation_failed', { ...clientMessageId, details: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) }),
      );
    }
    void this.dispatch(parsed.data).catch((err: unknown) => this.reportError(err, parsed.data));
  }

  private reportError(err: unknown, frame: ClientFrame): void {
    const appErr = toAppError(err);
    if (appErr.status >= 500) this.deps.ctx.log.error({ err, frame: frame.type }, 'widget frame failed');
    this.send(errorFrame(appErr.code, frame.type === 'message' ? { clientMessageId: frame.clientMessageId } : {}));
  }

  private async dispatch(frame: ClientFrame): Promise<void> {
    if (frame.type === 'ping') return this.send({ type: 'pong' });
    if (frame.type === 'message') return this.deps.queue.run(this.key, () => this.receive(frame));
    if (!this.deps.limiter.take(`${this.key}:control`, CONTROL_LIMIT)) return;
    if (frame.type === 'hello') return this.hello(frame.lastSeq, frame.conversationId);
    if (frame.type === 'typing') return this.typing(frame.typing);
    if (this.following) await markAnswersSeen(this.deps.ctx, this.deps.widget, this.following.conversationId, frame.seq, frame.type);
  }

  private async receive(frame: Extract<ClientFrame, { type: 'message' }>): Promise<void> {
    const { ctx, widget, limiter } = this.deps;
    if (!limiter.take(this.key, widget.settings.rateLimit)) return this.send(errorFrame('rate_limited', { clientMessageId: frame.clientMessageId }));
    const stored = await receiveVisitorMessage(ctx, widget, this.deps.visitorId, frame);
    const { message, conversation } = stored;
    this.send({ type: 'ack', clientMessageId: frame.clientMessageId, messageId: message.id, conversationId: conversation.id, seq: message.seq });
    if (this.following?.conversationId !== conversation.id && (await this.followLatest(0))) {
      ctx.realtime.publish(visitorTopic(widget.inbox.id, this.deps.visitorId), { type: 'widget.conversation', conversationId: conversation.id });
    }
  }

  /** (Re)start streaming: replay everything after `lastSeq` of the visitor's current conversation, then live. */
  private async hello(lastSeq: number, conversationId: string | undefined): Promise<void> {
    const current = await findCurrentConversation(this.deps.ctx, this.deps.widget, this.deps.visitorId);
    if (!current) {
      this.unfollow();
      return this.send({ type: 'ready', conversationId: null, lastSeq: 0 });
    }
    // A lastSeq counted in another (older) conversation says nothing about this one.
    const from = conversationId === undefined || conversationId === current.conversationId ? lastSeq : 0;
    this.follow(current.conversationId, current.firstSeq, from);
  }

  /** Follow the visitor's latest conversation unless already following it; true when it switched. */
  private async followLatest(fromSeq: number): Promise<boolean> {
    const current = await findCurrentConversation(this.deps.ctx, this.deps.widget, this.deps.visitorId);
    if (!current || current.conversationId === this.following?.conversationId || this.closed) return false;
    this.follow(current.conversationId, current.firstSeq, fromSeq);
    return true;
  }

  private follow(conversationId: string, firstSeq: number, fromSeq: number): void {
    this.unfollow();
    const f: Follow = {
      conversationId,
      firstSeq,
      watermark: Math.max(fromSeq, firstSeq - 1),
      chain: Promise.resolve(),
      unsubscribe: () => undefined,
    };
    this.following = f;
    f.unsubscribe = this.deps.ctx.realtime.subscribe(topics.conversation(conversationId), (event) => this.enqueue(f, () => this.onEvent(f, event)));
    this.enqueue(f, () => this.catchUp(f));
    this.enqueue(f, async () => this.send({ type: 'ready', conversationId, lastSeq: f.watermark }));
  }

  private unfollow(): void {
    this.following?.unsubscribe();
    this.following = null;
  }

  private enqueue(f: Follow, task: () => Promise<void>): void {
    f.chain = f.chain
      .then(() => (this.following === f && !this.closed ? task() : undefined))
      .catch((err: unknown) => {
        // A failed replay would leave a gap: drop the socket, the widget reconnects and resumes.
        this.deps.ctx.log.warn({ err, conversationId: f.conversationId }, 'widget stream failed; closing the socket');
        this.socket.close(1011, 'internal');
      });
  }

  private async onEvent(f: Follow, event: RealtimeEvent): Promise<void> {
    const message = event.message as MessageView | undefined;
    if (event.type === 'message.created' && message && typeof message.seq === 'number') {
      if (message.seq <= f.watermark) return;
      if (message.seq === f.watermark + 1) return this.deliver(f, message);
      return this.catchUp(f);
    }
    if (event.type === 'message.updated' && message && isVisibleToVisitor(message) && message.seq >= f.firstSeq) {
      return this.send({ type: 'status', messageId: message.id, seq: message.seq, status: message.status });
    }
    if ((event.type === 'typing' || event.type === 'conversation.typing') && event.who !== 'contact') {
      this.send({ type: 'typing', who: 'agent', typing: event.typing !== false });
    }
    // Place in the queue while waiting for a person (server/modules/routing); position 0 once someone took it.
    if (event.type === 'queue' && typeof event.position === 'number' && typeof event.expectedWaitSeconds === 'number') {
      const frame = { type: 'queue', position: event.position, expectedWaitSeconds: event.expectedWaitSeconds };
      if (!this.closed && this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
    }
  }

  /** Send everything the database holds after the watermark. */
  private async catchUp(f: Follow): Promise<void> {
    const { ctx, widget } = this.deps;
    for (;;) {
      const rows = await listMessages(ctx.db, widget.inbox.workspaceId, f.conversationId, {
        afterSeq: f.watermark,
        limit: REPLAY_PAGE,
        includeNotes: true,
      });
      if (this.following !== f) return;
      for (const row of rows) this.deliver(f, presentMessage(row));
      if (rows.length < REPLAY_PAGE) return;
    }
  }

  private deliver(f: Follow, message: MessageView): void {
    f.watermark = message.seq;
    if (isVisibleToVisitor(message) && message.seq >= f.firstSeq) this.send({ type: 'message', message: presentVisitorMessage(message) });
  }

  /** Tell agents (through `conversation.typing`) the visitor is typing: on every change, and at most every 2 s while it lasts. */
  private typing(typing: boolean): void {
    const f = this.following;
    if (!f || (typing === this.typingState && Date.now() - this.typingSentAt < 2000)) return;
    this.typingState = typing;
    this.typingSentAt = Date.now();
    const workspaceId = this.deps.widget.inbox.workspaceId;
    this.deps.ctx.bus.emit('conversation.typing', { workspaceId, conversationId: f.conversationId, who: 'contact', typing });
  }

  private dispose(): void {
    this.closed = true;
    this.unfollow();
    this.stopVisitorTopic();
  }
}
