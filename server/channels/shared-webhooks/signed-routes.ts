import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { KefuApp } from '../../lib/http.ts';
import { getPublicInbox, type ChannelKind, type ChannelSettings, type InboxRow } from '../../modules/inboxes/index.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignedRequest } from './signature.ts';

export type SignedInbox<K extends ChannelKind> = InboxRow & { settings: ChannelSettings[K] };

export interface SignedChannel<K extends ChannelKind> {
  channel: K;
  /** The inbox's shared secret, which signs every call to these routes. */
  secretOf(settings: ChannelSettings[K]): string;
}

const header = (req: FastifyRequest, name: string) => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * Register a channel's public routes (`/channels/<kind>/:inboxId/…`) in
 * their own scope, where every request is signed with the inbox's secret
 * instead of carrying a user session. The scope keeps each JSON body's raw
 * bytes (the signature covers them) and, before the body is validated,
 * finds the inbox (404 `not_found` unless enabled and of this channel) and
 * checks `X-Kefu-Signature` / `X-Kefu-Timestamp` (401 `signature_*`).
 * Handlers get the verified inbox from `inboxOf(req)`.
 */
export function registerSignedRoutes<K extends ChannelKind>(
  app: KefuApp,
  ctx: AppContext,
  channel: SignedChannel<K>,
  register: (scope: KefuApp, inboxOf: (req: FastifyRequest) => SignedInbox<K>) => void,
): void {
  const rawBodies = new WeakMap<FastifyRequest, Buffer>();
  const inboxes = new WeakMap<FastifyRequest, SignedInbox<K>>();
  void app.register(async (scope: KefuApp) => {
    const parseJson = scope.getDefaultJsonParser('error', 'error');
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
      rawBodies.set(req, body as Buffer);
      parseJson(req, (body as Buffer).toString('utf8'), done);
    });
    scope.addHook('preValidation', async (req) => {
      const inboxId = (req.params as { inboxId?: unknown }).inboxId;
      const inbox = await getPublicInbox(ctx.db, typeof inboxId === 'string' ? inboxId : '', channel.channel);
      verifySignedRequest(channel.secretOf(inbox.settings), {
        signature: header(req, SIGNATURE_HEADER),
        timestamp: header(req, TIMESTAMP_HEADER),
        method: req.method,
        path: req.url,
        body: rawBodies.get(req) ?? Buffer.alloc(0),
      });
      inboxes.set(req, inbox);
    });
    register(scope, (req) => {
      const inbox = inboxes.get(req);
      if (!inbox) throw new Error('inboxOf() called outside a signed route');
      return inbox;
    });
  });
}
