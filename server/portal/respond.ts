import type { FastifyReply } from 'fastify';
import { PORTAL_CSP } from './assets.ts';
import { renderNotFound } from './pages.ts';
import type { Loaded } from './site.ts';

/** Send a help center page with its security and caching headers. */
export function sendPage(reply: FastifyReply, status: number, body: string, cache = 'public, max-age=60'): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', status === 200 ? cache : 'no-store')
    .header('vary', 'accept-language')
    .header('content-security-policy', PORTAL_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'strict-origin-when-cross-origin')
    .send(body);
}

const UNKNOWN = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>404</title>
<link rel="stylesheet" href="/help/_assets/help.css"></head><body><main class="wrap"><h1>页面不存在 · Page not found</h1></main></body></html>
`;

/** The 404 page: in the help center's look when the workspace exists, a bare one otherwise. */
export function sendNotFound(reply: FastifyReply, loaded: Loaded | undefined): FastifyReply {
  return sendPage(reply, 404, loaded ? renderNotFound(loaded.site) : UNKNOWN);
}
