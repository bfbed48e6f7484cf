// Build the console (web/dist) when it is missing or older than its sources.
// Runs before `npm start`; takes a few milliseconds when nothing changed.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const root = path.dirname(web);
const builtMarker = path.join(web, 'dist', 'index.html');
const inputs = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => path.join(web, p)).concat(path.join(root, 'package-lock.json'));

/** Newest modification time among `target` and, for a folder, everything inside it. */
function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(target, { recursive: true })) latest = Math.max(latest, statSync(path.join(target, String(entry))).mtimeMs);
  return latest;
}

const builtAt = existsSync(builtMarker) ? statSync(builtMarker).mtimeMs : 0;
const changedAt = Math.max(...inputs.map(newest));
if (builtAt && builtAt >= changedAt) process.exit(0);

// A test runner or a shell may have set NODE_ENV (vitest sets "test"); the
// console served to people is always the production build of React.
process.env.NODE_ENV = 'production';
let vite;
try {
  vite = await import('vite');
} catch {
  process.stderr.write(
    builtAt
      ? 'kefu: web/src changed but vite is not installed (npm install --include=dev); serving the existing web/dist.\n'
      : 'kefu: the console is not built and vite is not installed; run `npm install` then `npm run build:web`. The API works without it.\n',
  );
  process.exit(0);
}

process.stdout.write(builtAt ? 'kefu: web/src changed, rebuilding the console…\n' : 'kefu: building the console (web/dist)…\n');
const started = Date.now();
try {
  await vite.build({ configFile: path.join(web, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
} catch (err) {
  process.stderr.write(`kefu: the console build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
process.stdout.write(`kefu: console built in ${Date.now() - started} ms\n`);
