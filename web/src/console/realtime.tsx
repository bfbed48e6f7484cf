import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { tokenStore } from '../api.ts';
import type { RealtimeEvent } from './model.ts';

export type LinkState = 'connecting' | 'live' | 'offline';
type Listener = (event: RealtimeEvent) => void;

/**
 * One WebSocket per signed-in console (GET /api/v1/realtime?token=…):
 * reconnects by itself with backoff, and after a reconnect says so in its
 * `ready` event so lists and the open conversation fetch what they missed.
 */
class RealtimeLink {
  private socket: WebSocket | null = null;
  private listeners = new Set<Listener>();
  private stateListeners = new Set<(state: LinkState) => void>();
  private attempts = 0;
  private everReady = false;
  private timer: number | undefined;
  private closed = false;
  state: LinkState = 'connecting';

  constructor() {
    this.open();
  }

  private setState(state: LinkState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private open(): void {
    const token = tokenStore.get();
    if (this.closed || !token) return;
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${window.location.host}/api/v1/realtime?token=${encodeURIComponent(token)}`);
    this.socket = socket;
    socket.onmessage = (frame) => {
      let event: RealtimeEvent & { type: string };
      try {
        event = JSON.parse(String(frame.data)) as RealtimeEvent;
      } catch {
        return;
      }
      if (event.type === 'ready') {
        this.attempts = 0;
        event = { ...event, reconnected: this.everReady };
        this.everReady = true;
        this.setState('live');
      }
      for (const listener of this.listeners) listener(event);
    };
    socket.onclose = () => {
      if (this.socket !== socket || this.closed) return;
      this.setState(this.everReady ? 'offline' : 'connecting');
      // 0.5 s, 1 s, 2 s … up to 15 s, with jitter so a restarted server is not hit all at once.
      const delay = Math.min(15_000, 500 * 2 ** this.attempts++) * (0.75 + Math.random() / 2);
      this.timer = window.setTimeout(() => this.open(), delay);
    };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: (state: LinkState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Tell colleagues (and the customer, on live channels) that this agent is typing. */
  sendTyping(conversationId: string, typing: boolean): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'typing', conversationId, typing }));
  }

  close(): void {
    this.closed = true;
    window.clearTimeout(this.timer);
    this.socket?.close();
  }
}

interface Realtime {
  state: LinkState;
  subscribe: (listener: Listener) => () => void;
  sendTyping: (conversationId: string, typing: boolean) => void;
}

const RealtimeContext = createContext<Realtime | null>(null);

/** Opens the socket for the signed-in console and closes it on sign-out. */
export function RealtimeProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [link, setLink] = useState<RealtimeLink | null>(null);
  const [state, setState] = useState<LinkState>('connecting');
  useEffect(() => {
    if (!enabled) return;
    const next = new RealtimeLink();
    setLink(next);
    const off = next.onState(setState);
    return () => {
      off();
      next.close();
      setLink(null);
    };
  }, [enabled]);
  const value = useMemo<Realtime>(
    () => ({
      state: link ? state : 'offline',
      subscribe: (listener) => link?.subscribe(listener) ?? (() => undefined),
      sendTyping: (id, typing) => link?.sendTyping(id, typing),
    }),
    [link, state],
  );
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

const idle: Realtime = { state: 'offline', subscribe: () => () => undefined, sendTyping: () => undefined };

export function useRealtime(): Realtime {
  return useContext(RealtimeContext) ?? idle;
}

/** Call `handler` for every realtime event; the latest handler is used without resubscribing. */
export function useRealtimeEvents(handler: Listener): void {
  const { subscribe } = useRealtime();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}
