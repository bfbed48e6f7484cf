// @ts-check
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const modules = readdirSync(new URL('./server/modules', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/**
 * A module's index.ts is its only public face: other modules import from it,
 * never from its insides. schema.ts is the one exception, because foreign
 * keys in Drizzle tables need the other module's table objects.
 */
const moduleBoundaries = modules.flatMap((target) =>
  modules
    .filter((from) => from !== target)
    .map((from) => ({
      target: `./server/modules/${target}`,
      from: `./server/modules/${from}`,
      except: ['./index.ts', './schema.ts'],
      message: `Import from server/modules/${from}/index.ts, the module's public face.`,
    })),
);

const layering = [
  { target: './server/lib', from: './server/modules', message: 'server/lib is the shared kernel; it must not depend on modules.' },
  { target: './server/modules', from: './server/flows', message: 'Modules must not depend on flows; flows compose modules.' },
  { target: './server/modules', from: './server/app.ts', message: 'Modules must not depend on the app.' },
  { target: './web/src', from: './server', message: 'The web app talks to the server over HTTP only.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'data/**', 'coverage/**', 'server/db/migrations/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] })] },
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...moduleBoundaries, ...layering] }],
      'import-x/no-cycle': ['error', { maxDepth: 10 }],
      'import-x/no-default-export': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    // Config files and the vitest global setup are loaded by tools that expect a default export.
    files: ['*.config.{ts,js}', 'server/test/global-setup.ts', 'web/vite.config.ts'],
    rules: { 'import-x/no-default-export': 'off' },
  },
);
