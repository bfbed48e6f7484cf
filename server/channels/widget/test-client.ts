import WebSocket from 'ws';
import type { TestKefu } from '../../test/harness.ts';
import type { ServerFrame } from './protocol.ts';

/** Test helpers for the widget: open sessions and sockets like the browser bundle does. */

export interface WidgetSession {
  visitorToken: string;
  contactId: string | null;
  conversationId: string | null;
  lastSeq: number;
}

export async function createWidgetInbox(kefu: TestKefu, adminToken: string, settings: Record<string, unknown> = {}): Promise<string> {
  const res = await kefu.app.inject({
    method: 'POST',
    url: '/api/v1/inboxes',
    headers: { authorization: `Bearer ${adminToken}` },
    payload: { channel: 'widget', name: 'Website chat', settings },
  });
  if (res.statusCode !== 201) throw new Error(`widget inbox: ${res.body}`);
  return (res.json() as { id: string }).id;
}

export async function openSession(kefu: TestKefu, inboxId: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await kefu.app.inject({ method: 'POST', url: `/channels/widget/${inboxId}/sessions`, headers, payload: body });
  return { status: res.statusCode, body: res.json() as WidgetSession & { error?: { code: string } } };
}

type Frame = ServerFrame & Record<string, unknown>;

/**
 * A widget socket that records every frame. `next(match)` resolves with the
 * first unread frame matching, waiting for it if needed.
 */
export class WidgetClient {
  readonly frames: Frame[] = [];
  private read = new Set<Frame>();
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      this.frames.push(frame);
      const waiter = this.waiters.find((w) => w.match(frame));
      if (waiter) {
        this.read.add(frame);
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static open(baseUrl: string, inboxId: string, token: string, headers: Record<string, string> = {}): Promise<WidgetClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/channels/widget/${inboxId}/ws?token=${encodeURIComponent(token)}`, { headers });
    const client = new WidgetClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  next(match: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const seen = this.frames.find((f) => !this.read.has(f) && match(f));
    if (seen) {
      this.read.add(seen);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (f: Frame) => (clearTimeout(timer), resolve(f)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** hello, then wait for the end of the replay. */
  async hello(lastSeq = 0, conversationId?: string): Promise<Frame> {
    this.send({ type: 'hello', lastSeq, ...(conversationId ? { conversationId } : {}) });
    return this.next((f) => f.type === 'ready');
  }

  /** Send a message and wait for its ack. */
  async say(content: string, clientMessageId: string, attachmentIds?: string[]) {
    this.send({ type: 'message', clientMessageId, content, ...(attachmentIds ? { attachmentIds } : {}) });
    const frame = await this.next((f) => (f.type === 'ack' || f.type === 'error') && f.clientMessageId === clientMessageId);
    if (frame.type !== 'ack') throw new Error(`message refused: ${JSON.stringify(frame)}`);
    return frame;
  }

  /** Seqs of every message frame received so far, in arrival order. */
  messageSeqs(): number[] {
    return this.frames.filter((f) => f.type === 'message').map((f) => (f as Extract<ServerFrame, { type: 'message' }>).message.seq);
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}
