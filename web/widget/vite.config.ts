import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The embeddable chat widget: one framework-free script, built apart from
 * the console into web/dist/widget/kefu-widget.js (Kefu serves it at
 * /widget/kefu-widget.js). Run after the console build, which empties web/dist.
 */
// eslint-disable-next-line import-x/no-default-export -- vite reads the default export
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/widget', import.meta.url)),
    emptyOutDir: true,
    target: 'es2019',
    reportCompressedSize: true,
    lib: {
      entry: fileURLToPath(new URL('src/main.ts', import.meta.url)),
      formats: ['iife'],
      name: 'KefuWidgetBundle',
      fileName: () => 'kefu-widget.js',
    },
  },
});
