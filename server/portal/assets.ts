import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface Assets {
  /** Hash of every file: part of their URLs, so a new release is fetched at once. */
  version: string;
  files: Record<string, { type: string; body: Buffer }>;
}

/** The help center's one stylesheet and one small script, read once at start. */
export function loadAssets(): Assets {
  const read = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url));
  const files = {
    'help.css': { type: 'text/css; charset=utf-8', body: read('help.css') },
    'help.js': { type: 'text/javascript; charset=utf-8', body: read('help.js') },
  };
  const hash = createHash('sha256');
  for (const file of Object.values(files)) hash.update(file.body);
  return { version: hash.digest('hex').slice(0, 12), files };
}

/**
 * Pages load only the help center's own CSS and script and the widget (same
 * origin); styles may be inline because the widget styles its Shadow DOM.
 */
export const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
