import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { KefuApp } from '../../lib/http.ts';
import { getPublicInbox } from '../../modules/inboxes/index.ts';
import { receivePush, verifyServer } from './push.ts';

/** Largest push accepted: a text message is at most a few KB, encrypted about 1.4 times that. */
export const MAX_PUSH_BYTES = 64 * 1024;

const params = z.object({ inboxId: z.string().max(64) });
const signed = {
  timestamp: z.string().regex(/^\d{1,12}$/),
  nonce: z.string().min(1).max(64),
  signature: z.string().max(64).optional(),
  msg_signature: z.string().max(64).optional(),
};
const verifyQuery = z.object({ ...signed, echostr: z.string().min(1).max(1024) });
const pushQuery = z.object({ ...signed, encrypt_type: z.string().max(16).optional(), openid: z.string().max(128).optional() });

/**
 * The endpoint an official account's server configuration (服务器配置)
 * points at, one per inbox: `GET` verifies the URL, `POST` receives messages
 * and events. Public; every request is authenticated by WeChat's signature.
 * XML bodies are parsed only in this scope.
 */
export function registerWechatRoutes(app: KefuApp, ctx: AppContext): void {
  void app.register(async (scope: KefuApp) => {
    scope.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string', bodyLimit: MAX_PUSH_BYTES }, (_req, body, done) =>
      done(null, body),
    );

    scope.get('/channels/wechat/:inboxId', {
      config: { access: 'public' },
      schema: { hide: true, params, querystring: verifyQuery },
      handler: async (req, reply) => {
        const inbox = await getPublicInbox(ctx.db, req.params.inboxId, 'wechat');
        const echo = verifyServer(inbox.settings, req.query);
        return reply.type('text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send(echo);
      },
    });

    scope.post('/channels/wechat/:inboxId', {
      config: { access: 'public' },
      bodyLimit: MAX_PUSH_BYTES,
      schema: { hide: true, params, querystring: pushQuery },
      handler: async (req, reply) => {
        const inbox = await getPublicInbox(ctx.db, req.params.inboxId, 'wechat');
        const answer = await receivePush(ctx, inbox, req.query, typeof req.body === 'string' ? req.body : '');
        const type = answer === 'success' ? 'text/plain; charset=utf-8' : 'application/xml; charset=utf-8';
        return reply.type(type).header('x-content-type-options', 'nosniff').send(answer);
      },
    });
  });
}
