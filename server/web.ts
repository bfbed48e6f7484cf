import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { KefuApp } from './lib/http.ts';

/** Where `npm run build:web` writes the console. */
export const webDistDir = fileURLToPath(new URL('../web/dist/', import.meta.url));

/** The console loads only its own scripts and talks only to its own origin. */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kefu 客服</title>
<style>body{font:15px/1.6 system-ui,sans-serif;max-width:560px;margin:12vh auto;padding:0 20px;color:#1c2024}code{background:#f1f3f5;padding:2px 6px;border-radius:4px}</style>
</head><body>
<h1>Kefu 客服</h1>
<p>The web console is not built yet. Build it, then restart Kefu:</p>
<p><code>npm run build:web</code></p>
<p>管理后台尚未构建。请运行 <code>npm run build:web</code> 后重启 Kefu。</p>
<p>The API is running: <a href="/api/docs">API docs</a> · <a href="/health">health</a></p>
</body></html>
`;

/** Paths that belong to the server, never to the console: unknown ones keep the JSON 404. */
/** Paths the server owns: an unknown one there is a JSON 404, never the console page. */
const SERVER_PREFIXES = ['/api', '/health', '/channels', '/widget', '/demo', '/help'];

function isServerPath(pathname: string): boolean {
  return SERVER_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/** The file a request names inside the dist folder, or null when it names none (a console route). */
function requestedFile(pathname: string): string | null {
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  if (!last.includes('.')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname.slice(1));
  } catch {
    return '';
  }
  return decoded.includes('\0') || decoded.split('/').includes('..') ? '' : decoded;
}

function setConsoleHeaders(reply: { setHeader(name: string, value: string): unknown }, filePath: string, distDir: string): void {
  if (filePath.endsWith('.html')) {
    reply.setHeader('cache-control', 'no-cache');
    reply.setHeader('content-security-policy', CONSOLE_CSP);
    reply.setHeader('x-content-type-options', 'nosniff');
    reply.setHeader('referrer-policy', 'same-origin');
  } else if (filePath.startsWith(path.join(distDir, 'assets') + path.sep)) {
    reply.setHeader('cache-control', IMMUTABLE);
  } else {
    reply.setHeader('cache-control', 'public, max-age=3600');
  }
}

/**
 * Serve the web console from `distDir` at `/`: real files as they are
 * (hashed assets cached for good, HTML revalidated every time), and
 * index.html for every other GET so the console's own routes survive a
 * reload. /api/* and /health* are left to the app's JSON 404. Without a
 * build, `/` explains how to make one.
 *
 * @example await registerWebApp(app, webDistDir);
 */
export async function registerWebApp(app: KefuApp, distDir: string): Promise<void> {
  const built = existsSync(path.join(distDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: distDir,
      serve: false,
      cacheControl: false,
      dotfiles: 'ignore',
      setHeaders: (reply, filePath) => setConsoleHeaders(reply, filePath, distDir),
    });
  }

  app.get('/*', {
    schema: { hide: true },
    logLevel: 'warn',
    handler: async (req, reply) => {
      const pathname = req.url.split('?', 1)[0]!;
      if (isServerPath(pathname)) return reply.callNotFound();
      const file = requestedFile(pathname);
      if (file === '') return reply.callNotFound();
      if (!built) {
        if (file !== null) return reply.callNotFound();
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
          .send(NOT_BUILT);
      }
      return reply.sendFile(file ?? 'index.html');
    },
  });
}
