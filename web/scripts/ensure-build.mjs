// Build the console (web/dist) and the chat widget (web/dist/widget) when
// missing or older than their sources. Runs before `npm start`; takes a few
// milliseconds when nothing changed. A lock directory keeps two callers
// (parallel test files, two terminals) from building over each other.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const web = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const root = path.dirname(web);
const lockfile = path.join(root, 'package-lock.json');
const targets = [
  {
    name: 'console',
    marker: path.join(web, 'dist', 'index.html'),
    inputs: ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => path.join(web, p)).concat(lockfile),
    config: path.join(web, 'vite.config.ts'),
  },
  {
    name: 'chat widget',
    marker: path.join(web, 'dist', 'widget', 'kefu-widget.js'),
    inputs: ['widget/src', 'widget/vite.config.ts'].map((p) => path.join(web, p)).concat(lockfile),
    config: path.join(web, 'widget', 'vite.config.ts'),
  },
];

/** Newest modification time among `target` and, for a folder, everything inside it. */
function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(target, { recursive: true })) latest = Math.max(latest, statSync(path.join(target, String(entry))).mtimeMs);
  return latest;
}

const builtAt = (target) => (existsSync(target.marker) ? statSync(target.marker).mtimeMs : 0);
/** The console build empties web/dist, so the widget is rebuilt whenever the console is. */
function stale() {
  const out = targets.filter((t) => !builtAt(t) || builtAt(t) < Math.max(...t.inputs.map(newest)));
  return out.length && out[0] === targets[0] ? targets : out;
}

if (stale().length === 0) process.exit(0);

const lock = path.join(web, '.build-lock');
async function acquire() {
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      return;
    } catch {
      // A lock older than five minutes belongs to a build that died.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (waited > 10 * 60_000) throw new Error(`web build lock ${lock} is held; remove it if no build is running`);
      await setTimeout(200);
    }
  }
}

// A test runner or a shell may have set NODE_ENV (vitest sets "test"); the
// console served to people is always the production build of React.
process.env.NODE_ENV = 'production';
let vite;
try {
  vite = await import('vite');
} catch {
  const anyBuilt = targets.some((t) => builtAt(t));
  process.stderr.write(
    anyBuilt
      ? 'kefu: web sources changed but vite is not installed (npm install --include=dev); serving the existing web/dist.\n'
      : 'kefu: the console is not built and vite is not installed; run `npm install` then `npm run build:web`. The API works without it.\n',
  );
  process.exit(0);
}

await acquire();
try {
  // Another caller may have built while this one waited for the lock.
  for (const target of stale()) {
    process.stdout.write(builtAt(target) ? `kefu: the ${target.name} changed, rebuilding…\n` : `kefu: building the ${target.name}…\n`);
    const started = Date.now();
    try {
      await vite.build({ configFile: target.config, mode: 'production', logLevel: 'warn' });
    } catch (err) {
      process.stderr.write(`kefu: the ${target.name} build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
      break;
    }
    process.stdout.write(`kefu: ${target.name} built in ${Date.now() - started} ms\n`);
  }
} finally {
  rmSync(lock, { recursive: true, force: true });
}
