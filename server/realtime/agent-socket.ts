import type { WebSocket } from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { actorOf, type KefuApp } from '../lib/http.ts';
import { consoleEventFor, warmConsolePrivacy } from '../modules/pii/index.ts';
import { presenceTracker } from '../modules/routing/index.ts';
import { topics } from './hub.ts';

const clientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }).strict(),
  z.object({ type: z.literal('typing'), conversationId: z.string().regex(/^conv_[0-9a-z]{26}$/), typing: z.boolean() }).strict(),
]);

/** Each event's JSON, made once however many consoles hear it (the hub hands every subscriber the same object). */
const serialized = new WeakMap<object, Buffer>();

function serialize(event: object): Buffer {
  let data = serialized.get(event);
  if (!data) serialized.set(event, (data = Buffer.from(JSON.stringify(event))));
  return data;
}

interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Frames sent to one socket within one turn of the event loop leave in one
 * write (a burst of handoffs is dozens of events a tick per console): the
 * first send corks the TCP socket under the WebSocket, the next tick uncorks
 * it. (`_socket` is ws's own handle on it; without one, each frame is written alone.)
 */
function tickWriter(socket: WebSocket): (data: Buffer) => void {
  const raw = (socket as unknown as { _socket?: Corkable })._socket;
  let corked = false;
  return (data) => {
    if (raw && !corked) {
      corked = true;
      raw.cork();
      setImmediate(() => {
        corked = false;
        raw.uncork();
      });
    }
    socket.send(data, { binary: false });
  };
}

/**
 * The console's live feed: `GET /api/v1/realtime?token=…` upgrades to a
 * WebSocket that carries every message, status and typing change of the
 * workspace, and the person's own @mentions, with personal information masked
 * unless the person's role sees the console clear. (Browsers cannot set headers on a WebSocket, hence the token in
 * the query for this one route.) A person's sockets also keep their routing
 * presence: when the last one has been closed for a minute they go offline.
 */
export function registerAgentSocket(app: KefuApp, ctx: AppContext): void {
  app.get(
    '/api/v1/realtime',
    { websocket: true, config: { access: 'conversations.read', tokenInQuery: true }, schema: { hide: true } },
    (socket: WebSocket, req: FastifyRequest) => {
      const { principal } = actorOf(req);
      const write = tickWriter(socket);
      warmConsolePrivacy(ctx.db, principal.workspaceId);
      // Personal information is masked per the role's console policy (docs/masking.md).
      const send = (event: object) => {
        if (socket.readyState === socket.OPEN) write(serialize(consoleEventFor(ctx.db, principal, event)));
      };
      const unsubscribe = ctx.realtime.subscribe(topics.workspace(principal.workspaceId), send);
      const unsubscribeOwn = principal.kind === 'user' ? ctx.realtime.subscribe(topics.user(principal.workspaceId, principal.id), send) : null;
      const presence = principal.kind === 'user' ? presenceTracker(ctx) : null;
      const release = presence?.connect(principal.workspaceId, principal.id);
      const ping = setInterval(() => {
        socket.ping();
        void presence?.heartbeat(principal.workspaceId, principal.id);
      }, 25_000);
      socket.on('close', () => {
        clearInterval(ping);
        unsubscribe();
        unsubscribeOwn?.();
        release?.();
      });
      socket.on('message', (raw: Buffer) => {
        let frame: z.infer<typeof clientFrame>;
        try {
          frame = clientFrame.parse(JSON.parse(raw.toString('utf8')));
        } catch {
          send({ type: 'error', code: 'validation_failed', message: 'unknown or malformed frame' });
          return;
        }
        if (frame.type === 'ping') send({ type: 'pong' });
        else
          ctx.bus.emit('conversation.typing', {
            workspaceId: principal.workspaceId,
            conversationId: frame.conversationId,
            who: 'user',
            userId: principal.id,
            typing: frame.typing,
          });
      });
      send({ type: 'ready', workspaceId: principal.workspaceId });
    },
  );
}
